/**
 * `--model-dir ID=DIR` (repeatable) for `run` and `profile`: each folder is checked as a Cactus model folder and
 * registered under its id (runner/local-models.ts) before anything starts, so a folder that is not a model is a
 * clear error and nothing is pushed to a phone.
 */
import { LabError } from '../api/lab-error';
import { RunnerError } from '../runner/errors';
import { parseModelDirArg, registerLocalModel } from '../runner/local-models';

export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export const MODEL_DIR_HELP =
  "a local folder in Cactus's weight format, measured as model ID (repeatable); checked before anything is pushed, and remembered: later runs can name ID";

/** Checks and registers every --model-dir; returns their ids in order. Bad input is a LabError('bad-request'). */
export async function registerModelDirs(home: string, args: string[] | undefined): Promise<string[]> {
  const ids: string[] = [];
  for (const arg of args ?? []) {
    try {
      const { id, dir } = parseModelDirArg(arg);
      if (ids.includes(id)) throw new RunnerError('model-not-found', `--model-dir names the id "${id}" twice.`);
      await registerLocalModel(home, id, dir);
      ids.push(id);
    } catch (err) {
      if (err instanceof RunnerError) throw new LabError('bad-request', err.message);
      throw err;
    }
  }
  return ids;
}
