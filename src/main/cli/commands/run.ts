import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { networkAddressSchema } from '../../../shared/contract';
import type { PromptInput, PromptResult, RunDetail } from '../../../shared/runs';
import { LabError } from '../../api/lab-error';
import { loadJsonl } from '../../datasets/jsonl-loader';
import { toLabError } from '../../runs/run-service';
import { openLab } from '../lab-from-options';
import { intOption } from '../main';
import { collect, MODEL_DIR_HELP, registerModelDirs } from '../model-dirs';
import { formatTable, printJson } from '../output';

interface RunOptions {
  device: string;
  model?: string;
  modelDir?: string[];
  prompt?: string[];
  prompts?: string;
  json?: boolean;
  sampleHz?: number;
  energy?: 'auto' | 'odpm' | 'fuel-gauge' | 'charge-counter';
  suspendCharging?: boolean;
  maxTokens?: number;
  baselineMs?: number;
  warmup: boolean;
  coolTemp?: number;
  coolTimeoutS?: number;
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

const f = (v: number | null, digits: number) => (v === null ? null : v.toFixed(digits));

function resultRow(r: PromptResult): Array<string | number | null> {
  return [
    r.index + 1,
    r.ok ? 'ok' : 'FAILED',
    f(r.ttftMs, 0),
    f(r.prefillTps, 1),
    f(r.decodeTps, 1),
    f(r.totalMs, 0),
    r.outputTokens,
    f(r.peakRamMb, 0),
    f(r.energyJ, 3),
    f(r.netEnergyJ, 3),
    f(r.avgPowerW, 2),
    f(r.energyPerTokenJ, 4),
    r.energy ? `${r.energy.updates}${r.energy.resolutionNote ? '*' : ''}` : null,
    r.tempStartC !== null && r.tempEndC !== null ? `${r.tempStartC.toFixed(1)}-${r.tempEndC.toFixed(1)}` : null,
    r.correct === null ? '' : r.correct ? 'right' : 'wrong',
  ];
}

export function printRun(run: RunDetail, results: PromptResult[]): void {
  const m = run.models[0];
  const out = process.stdout;
  out.write(`run ${run.id}: ${run.status}${run.simulated ? ' (SIMULATED: virtual phone)' : ''}\n`);
  out.write(`device ${run.serial} ${run.deviceModel ?? ''}, Android ${run.androidRelease ?? '?'}; runner ${run.runnerVersion ?? '?'}, engine ${run.engineVersion ?? '?'}\n`);
  out.write(`energy: ${run.energyMethod ?? 'none'} at ${run.sampleHz ?? '?'} Hz; ${run.chargingState ?? '?'}; idle baseline ${m?.idleBaselineW != null ? `${m.idleBaselineW.toFixed(3)} W` : 'n/a'}; load ${m?.loadMs != null ? `${m.loadMs.toFixed(0)} ms` : '?'}\n\n`);
  out.write(
    `${formatTable(
      ['#', 'STATUS', 'TTFT ms', 'PREFILL t/s', 'DECODE t/s', 'TOTAL ms', 'OUT tok', 'RAM MB', 'ENERGY J', 'NET J', 'AVG W', 'NET J/tok', 'UPDATES', 'TEMP C', 'ANSWER'],
      results.map(resultRow),
      [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    )}\n`,
  );
  for (const r of results) if (!r.ok && r.error) out.write(`prompt ${r.index + 1}: ${r.error}\n`);
  for (const r of results) if (r.repaired) out.write(`prompt ${r.index + 1}: the engine's reply text was repaired (invalid UTF-8 shown as U+FFFD; raw_json has the counts)\n`);
  if (results.some((r) => r.energy?.resolutionNote)) {
    out.write('* fewer than 10 meter updates inside the prompt: its energy is coarse (longer prompts or ODPM give finer figures).\n');
  }
  if (m?.energyJ != null) out.write(`model energy over its prompts: ${m.energyJ.toFixed(3)} J\n`);
  for (const w of run.warnings) out.write(`warning: ${w}\n`);
  if (run.error) out.write(`error: ${run.error}\n`);
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Quick profile: load a model on a phone, run prompts, and print per-prompt latency and energy (stored in the lab)')
    .requiredOption('--device <serial>', 'the phone (a serial, or host:port for network devices and virtual phones)')
    .option('--model <id>', 'model id, e.g. qwen-600m')
    .option('--model-dir <id=dir>', MODEL_DIR_HELP, collect)
    .option('--prompt <text...>', 'a prompt (repeatable)')
    .option('--prompts <file>', 'prompts: a .jsonl prompt set, or a text file with one prompt per line')
    .option('--json', 'print the run and its results as JSON')
    .option('--sample-hz <n>', 'fuel-gauge sampling rate on the phone', intOption('--sample-hz', 1, 200))
    .addOption(new Option('--energy <method>', 'energy source').choices(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).default('auto'))
    .option('--suspend-charging', 'Pixels: suspend battery input while measuring (setprop power.battery_input.suspended), restored after')
    .option('--max-tokens <n>', 'max output tokens per prompt', intOption('--max-tokens', 1, 4096))
    .option('--baseline-ms <n>', 'idle baseline window before the prompts', intOption('--baseline-ms', 500, 120_000))
    .option('--no-warmup', 'skip the discarded warm-up prompt (a first calibration still runs one)')
    .option('--cool-temp <C>', 'cool-down gate: wait until battery/skin are under this temperature', intOption('--cool-temp', 20, 60))
    .option('--cool-timeout-s <s>', 'cool-down gate timeout', intOption('--cool-timeout-s', 0, 3600))
    .action(async (opts: RunOptions, cmd: Command) => {
      const prompts: PromptInput[] = [];
      for (const p of opts.prompt ?? []) prompts.push({ text: p });
      if (opts.prompts) prompts.push(...(await readPromptsFile(opts.prompts)));
      if (prompts.length === 0) throw new LabError('bad-request', 'Give prompts with --prompt TEXT or --prompts FILE.');
      if ((opts.modelDir?.length ?? 0) > 1) throw new LabError('bad-request', '`run` measures one model: give one --model-dir (`profile` takes several).');
      if (!opts.model && !opts.modelDir?.length) throw new LabError('bad-request', 'Give the model with --model ID or --model-dir ID=DIR.');
      const lab = await openLab(cmd);
      try {
        const [local] = await registerModelDirs(lab.home, opts.modelDir);
        if (local && opts.model && opts.model !== local) throw new LabError('bad-request', `--model ${opts.model} and --model-dir ${local}=... name different models; give one.`);
        const model = local ?? opts.model!;
        await lab.devices.settled(15_000);
        if (!lab.devices.get(opts.device) && networkAddressSchema.safeParse(opts.device).success) {
          await lab.devices.connect(opts.device).catch(() => undefined);
          await lab.devices.settled(15_000);
        }
        let runId: string;
        let done;
        try {
          ({ runId, done } = await lab.runs.startQuickProfile({
            serial: opts.device,
            model,
            prompts,
            ...(opts.sampleHz ? { sampleHz: opts.sampleHz } : {}),
            ...(opts.energy ? { energyMethod: opts.energy } : {}),
            ...(opts.suspendCharging ? { suspendCharging: true } : {}),
            ...(opts.maxTokens ? { maxTokens: opts.maxTokens } : {}),
            ...(opts.baselineMs ? { idleBaselineMs: opts.baselineMs } : {}),
            ...(opts.warmup === false ? { warmup: false } : {}),
            ...(opts.coolTemp !== undefined ? { cooldown: { maxTempC: opts.coolTemp, timeoutMs: (opts.coolTimeoutS ?? 120) * 1000 } } : {}),
          }));
        } catch (err) {
          throw toLabError(err);
        }
        let last = '';
        lab.events.on('runs.progress', (p) => {
          if (p.runId !== runId || opts.json) return;
          const line = `[${p.phase}] ${p.done}/${p.total} ${p.message}`;
          if (line !== last && !p.message.startsWith('Pushing')) process.stderr.write(`${line}\n`);
          last = line;
        });
        const onSignal = () => lab.runs.cancel(runId);
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        await done;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        const run = lab.runs.store.getRun(runId)!;
        const results = lab.runs.store.results(runId);
        if (opts.json) printJson({ run, results });
        else printRun(run, results);
        if (run.status === 'failed' || run.status === 'cancelled') throw new LabError('failed', `The run ${run.status}: ${run.error ?? 'see above'}`);
        if (run.status === 'partial') throw new LabError('failed', `The run finished partially: ${run.error ?? 'some prompts failed'} (results stored so far are kept: run ${run.id})`);
      } finally {
        await lab.close();
      }
    });
}
