/** `run`: a quick run (one model on one phone over the prompts given), followed live, then its figures. */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { PromptInput } from '../../../shared/runs';
import { LabError } from '../../api/lab-error';
import { loadJsonl } from '../../datasets/jsonl-loader';
import { ensureDevices, followRun } from '../follow';
import { openLab, withLab } from '../lab-from-options';
import { addMeasureOptions, measureRequest, type MeasureFlags } from '../measure-options';
import { printJson } from '../output';
import { printRun } from '../views/runs';
import { collect, MODEL_DIR_HELP, registerModelDirs } from '../model-dirs';

interface RunOptions extends MeasureFlags {
  device: string;
  model?: string;
  modelDir?: string[];
  prompt?: string[];
  prompts?: string;
  json?: boolean;
  suspendCharging?: boolean;
  warmup: boolean;
}

/** A prompts file: JSON Lines (the lab's prompt-set format) when it ends in .jsonl, else one prompt per line. */
export async function readPromptsFile(path: string): Promise<PromptInput[]> {
  if (/\.jsonl$/i.test(path)) {
    const set = await loadJsonl(path);
    return set.items.map((it) => ({
      id: it.id,
      text: it.question,
      ...(it.choices ? { choices: it.choices } : {}),
      ...(it.answer ? { answer: it.answer } : {}),
      ...(it.subject !== 'custom' ? { subject: it.subject } : {}),
    }));
  }
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new LabError('bad-request', `Cannot read the prompts file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, '').trim())
    .filter((l) => l.length > 0)
    .map((l, i) => ({ id: `line-${i + 1}`, text: l }));
}

export function registerRunCommand(program: Command): void {
  const run = program
    .command('run')
    .description('Quick run: load a model on a phone, run prompts, and print per-prompt latency and energy (stored in the lab as a run)')
    .requiredOption('--device <serial>', 'the phone (a serial, or host:port for network devices and virtual phones)')
    .option('--model <id>', 'model id, e.g. qwen-600m')
    .option('--model-dir <id=dir>', MODEL_DIR_HELP, collect)
    .option('--prompt <text...>', 'a prompt (repeatable)')
    .option('--prompts <file>', 'prompts: a .jsonl prompt set, or a text file with one prompt per line')
    .option('--json', 'print the run and its results as JSON')
    .option('--suspend-charging', 'Pixels: suspend battery input while measuring (setprop power.battery_input.suspended), restored after')
    .option('--no-warmup', 'skip the discarded warm-up prompt (a first calibration still runs one)');
  addMeasureOptions(run, { maxTokens: 'max output tokens per prompt', baseline: 'idle baseline window before the prompts', coolTemp: 'cool-down gate: wait until battery/skin are under this temperature' })
    .action(async (opts: RunOptions, cmd: Command) => {
      const prompts: PromptInput[] = (opts.prompt ?? []).map((text) => ({ text }));
      if (opts.prompts) prompts.push(...(await readPromptsFile(opts.prompts)));
      if (prompts.length === 0) throw new LabError('bad-request', 'Give prompts with --prompt TEXT or --prompts FILE.');
      if ((opts.modelDir?.length ?? 0) > 1) throw new LabError('bad-request', '`run` measures one model: give one --model-dir (`profile` takes several).');
      if (!opts.model && !opts.modelDir?.length) throw new LabError('bad-request', 'Give the model with --model ID or --model-dir ID=DIR.');
      await withLab(openLab(cmd), async (lab) => {
        const [local] = await registerModelDirs(lab.home, opts.modelDir);
        if (local && opts.model && opts.model !== local) throw new LabError('bad-request', `--model ${opts.model} and --model-dir ${local}=... name different models; give one.`);
        const model = local ?? opts.model!;
        await ensureDevices(lab, [opts.device]);
        let last = '';
        const { started } = await followRun(
          lab,
          () =>
            lab.api.runs.quickRun({
              serial: opts.device,
              model,
              prompts,
              ...measureRequest(opts),
              ...(opts.suspendCharging ? { suspendCharging: true } : {}),
              ...(opts.warmup === false ? { warmup: false } : {}),
            }),
          (s) => s.runId,
          (p) => {
            if (opts.json) return;
            const line = `[${p.phase}] ${p.done}/${p.total} ${p.message}`;
            if (line !== last && !p.message.startsWith('Pushing')) process.stderr.write(`${line}\n`);
            last = line;
          },
        );
        const run = await lab.api.runs.get({ runId: started.runId });
        const results = await lab.api.runs.results({ runId: started.runId });
        if (opts.json) printJson({ run, results });
        else printRun(run, results);
        if (run.status === 'failed' || run.status === 'cancelled') throw new LabError('failed', `The run ${run.status}: ${run.error ?? 'see above'}`);
        if (run.status === 'partial') throw new LabError('failed', `The run finished partially: ${run.error ?? 'some prompts failed'} (results stored so far are kept: run ${run.id})`);
      });
    });
}
