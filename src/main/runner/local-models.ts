/**
 * Local Cactus model folders (`--model-dir ID=DIR`): any folder in Cactus's weight format, e.g. a user's own
 * fine-tuned model converted with Cactus's converter, measured under an id of the user's choosing. The folder is
 * checked before anything is pushed, registered in `<home>/models/local.json` (so a later run, a resume or the app
 * can name the same id), and deployed like any model, with per-file hashes and the folder's own hash.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RunnerError } from './errors';

export interface LocalModel {
  id: string;
  dir: string;
  registeredAt: string;
}

/** Ids become device paths (models/<id>/): letters, digits, '.', '_', '-'. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function localModelsFile(home: string): string {
  return join(home, 'models', 'local.json');
}

function readRegistry(home: string): Record<string, LocalModel> {
  const f = localModelsFile(home);
  if (!existsSync(f)) return {};
  try {
    const v = JSON.parse(readFileSync(f, 'utf8')) as Record<string, LocalModel>;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
  } catch {
    throw new RunnerError('model-corrupt', `${f} (the lab's list of local model folders) is not valid JSON; fix or delete it, then register the folders again with --model-dir.`);
  }
}

export function localModel(home: string, id: string): LocalModel | null {
  const reg = readRegistry(home);
  return Object.hasOwn(reg, id) ? reg[id]! : null;
}

/** Every registered local model folder, by id. */
export function localModels(home: string): Record<string, LocalModel> {
  return readRegistry(home);
}

/** Parses `ID=DIR`, with a message that says what is wrong. */
export function parseModelDirArg(arg: string): { id: string; dir: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) throw new RunnerError('model-not-found', `--model-dir takes ID=DIR (e.g. my-qwen=/path/to/folder); got "${arg}".`);
  const id = arg.slice(0, eq);
  if (!ID.test(id)) throw new RunnerError('model-not-found', `Model id "${id}" in --model-dir: use letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit.`);
  return { id, dir: resolve(arg.slice(eq + 1)) };
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

/**
 * Is `dir` a folder Cactus loads (cactus_init): config.txt with key=value lines naming a model_type, and .weights
 * files? Returns its files; throws with what is missing otherwise. A simulated model definition is refused too.
 */
export function checkCactusModelFolder(dir: string, id: string): string[] {
  const what = `The folder ${dir} given for model "${id}"`;
  if (!existsSync(dir)) throw new RunnerError('model-not-found', `${what} does not exist.`);
  if (!statSync(dir).isDirectory()) throw new RunnerError('model-corrupt', `${what} is a file, not a folder; give the folder that holds config.txt and the .weights files.`);
  const files = listFiles(dir);
  const help = 'A Cactus model folder, as Cactus\'s converter writes it (python -m src.cli convert ...), holds config.txt and .weights files.';
  if (!files.includes('config.txt')) throw new RunnerError('model-corrupt', `${what} is not a Cactus model: it has no config.txt. ${help}`);
  const config = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'config.txt'), 'utf8').split('\n')) {
    const t = line.trim();
    const eq = t.indexOf('=');
    if (t && !t.startsWith('#') && eq > 0) config.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
  if (config.has('model_id') && config.has('size_mb') && !config.has('model_type')) {
    throw new RunnerError('model-corrupt', `${what} is one of the lab's simulated model definitions, not Cactus weights; it only runs on the simulated engine (use --model ${config.get('model_id')}).`);
  }
  if (!config.get('model_type')) throw new RunnerError('model-corrupt', `${what} is not a Cactus model: its config.txt has no model_type line. ${help}`);
  if (!files.some((f) => f.endsWith('.weights'))) throw new RunnerError('model-corrupt', `${what} is not a Cactus model: it has no .weights files. ${help}`);
  return files;
}

/** Checks the folder, then records id → folder (replacing an earlier folder for that id). */
export async function registerLocalModel(home: string, id: string, dir: string): Promise<LocalModel> {
  checkCactusModelFolder(dir, id);
  const reg = readRegistry(home);
  const entry: LocalModel = { id, dir, registeredAt: new Date().toISOString() };
  reg[id] = entry;
  const f = localModelsFile(home);
  await mkdir(join(home, 'models'), { recursive: true });
  const tmp = `${f}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(reg, null, 2)}\n`);
  await rename(tmp, f);
  return entry;
}
