import type { Command } from 'commander';
import { CommanderError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { networkAddressSchema } from '../../../shared/contract';
import type { CampaignDetail, CampaignProgress, CampaignSummary, ModelFigures } from '../../../shared/api/campaigns';
import { campaignStartSchema } from '../../../shared/api/campaigns';
import { LabError } from '../../api/lab-error';
import { campaignService, type CampaignOutcome } from '../../campaigns';
import type { Lab } from '../../lab/lab';
import { labHome } from '../../lab/lab-home';
import { toLabError } from '../../runs/run-service';
import { openLab } from '../lab-from-options';
import { intOption } from '../main';
import { collect, MODEL_DIR_HELP, registerModelDirs } from '../model-dirs';
import { formatTable, printJson } from '../output';

/** Bad input is exit code 2 (bad usage), with the message on stderr like every other error. */
function usage(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  throw new CommanderError(2, 'aurora-lab.usage', message);
}

function rethrow(err: unknown): never {
  const e = toLabError(err);
  // Errors that name a field of the request (unknown model or device, n too large, a broken data set) are bad usage.
  if (e instanceof LabError && (e.code === 'bad-request' || (e.issues?.length ?? 0) > 0)) usage(e.message);
  throw e;
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function duration(ms: number | null): string {
  if (ms === null) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const f = (v: number | null | undefined, digits: number) => (v === null || v === undefined ? null : v.toFixed(digits));

function progressLine(p: CampaignProgress): string {
  const pct = p.total ? ((100 * p.done) / p.total).toFixed(1) : '0.0';
  const devs = p.devices
    .map((d) => {
      const live = [d.powerW !== null ? `${d.powerW.toFixed(2)} W` : null, d.tokensPerSec !== null ? `${d.tokensPerSec.toFixed(0)} tok/s` : null, d.tempC !== null ? `${d.tempC.toFixed(1)} C` : null].filter(Boolean).join(' ');
      return `${d.serial} ${d.state}${d.modelId ? ` ${d.modelId}` : ''} ${d.done}/${d.total}${live ? ` ${live}` : ''}`;
    })
    .join(' | ');
  return `[${pct}%] ${p.done}/${p.total} ETA ${p.etaMs === null ? '?' : duration(p.etaMs)} | ${devs}`;
}

/** Follows a running campaign: progress on stderr (at most once a second, and on every state change). */
async function follow(lab: Lab, campaignId: string, finished: Promise<CampaignOutcome>, quiet: boolean): Promise<CampaignOutcome> {
  let lastAt = 0;
  let lastStates = '';
  const onProgress = (p: CampaignProgress) => {
    if (p.campaignId !== campaignId || quiet) return;
    const states = p.devices.map((d) => `${d.state}:${d.modelId}`).join(',');
    const now = Date.now();
    if (now - lastAt < 1000 && states === lastStates && p.done < p.total) return;
    lastAt = now;
    lastStates = states;
    process.stderr.write(`${progressLine(p)}\n`);
  };
  lab.events.on('campaigns.progress', onProgress);
  const service = campaignService(lab);
  const onSignal = () => {
    process.stderr.write('Stopping after the prompts in flight (resume later with `aurora-lab resume`)...\n');
    service.cancel(campaignId);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await finished;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lab.events.off('campaigns.progress', onProgress);
  }
}

function figuresRow(m: ModelFigures): Array<string | number | null> {
  return [
    m.modelId,
    m.serial ?? 'all',
    m.results,
    m.accuracy === null ? null : `${(100 * m.accuracy).toFixed(1)}%`,
    m.ci95 ? `${(100 * m.ci95[0]).toFixed(1)}-${(100 * m.ci95[1]).toFixed(1)}%` : null,
    m.unparsable,
    m.failed,
    f(m.ttftMs.p50, 0),
    f(m.medianTotalMs, 0),
    f(m.decodeTps.p50, 1),
    f(m.meanEnergyJ, 3),
    f(m.energyPerOutputTokenJ, 4),
  ];
}

export function printSummary(c: CampaignSummary, detail: CampaignDetail): void {
  const out = process.stdout;
  out.write(`run ${c.id}: ${c.status}${c.simulated ? ' (SIMULATED: virtual phones)' : ''}\n`);
  out.write(`${c.setName} n=${c.n} x ${c.reps} rep(s), seed ${c.seed}; ${c.done}/${c.total} prompt results; ${duration(c.durationMs)}; devices ${c.serials.join(', ')}\n\n`);
  const rows = (detail.models ?? []).filter((m) => m.serial !== null || c.serials.length > 1);
  out.write(
    `${formatTable(['MODEL', 'DEVICE', 'RESULTS', 'ACCURACY', '95% CI', 'UNPARSABLE', 'FAILED', 'TTFT p50 ms', 'LATENCY p50 ms', 'DECODE p50 t/s', 'NET J/prompt', 'NET J/token'], rows.map(figuresRow), [2, 5, 6, 7, 8, 9, 10, 11])}\n`,
  );
  for (const cond of detail.conditions ?? []) {
    for (const m of cond.models) if (m.error) out.write(`${cond.serial} ${m.modelId}: ${m.status}: ${m.error}\n`);
  }
  if (c.error && c.status !== 'done') out.write(`error: ${c.error}\n`);
}

async function ensureDevices(lab: Lab, serials: string[]): Promise<void> {
  await lab.devices.settled(15_000);
  for (const s of serials) {
    if (!lab.devices.get(s) && networkAddressSchema.safeParse(s).success) await lab.devices.connect(s).catch(() => undefined);
  }
  await lab.devices.settled(15_000);
}

async function finish(lab: Lab, campaignId: string, json: boolean): Promise<void> {
  const service = campaignService(lab);
  const summary = service.store.summaries([campaignId])[0]!;
  const { campaignDetail } = await import('../../campaigns/queries');
  const detail = campaignDetail(service.store, summary, { sections: ['models', 'conditions'] });
  if (json) printJson({ run: summary, models: detail.models, conditions: detail.conditions });
  else printSummary(summary, detail);
  if (summary.status !== 'done') throw new LabError('failed', `The run ended ${summary.status}: ${summary.error ?? 'see above'} (stored results are kept; \`aurora-lab resume ${campaignId}\` continues it).`);
}

interface ProfileOptions {
  devices: string[];
  models?: string[];
  modelDir?: string[];
  dataset: string;
  n: number;
  reps?: number;
  seed?: string;
  warmup?: number;
  maxTokens?: number;
  baselineMs?: number;
  sampleHz?: number;
  energy?: 'auto' | 'odpm' | 'fuel-gauge' | 'charge-counter';
  coolTemp?: number;
  coolTimeoutS?: number;
  batteryFloor?: number;
  download: boolean;
  json?: boolean;
}

export function registerCampaignCommands(program: Command): void {
  program
    .command('profile')
    .description('Profiling campaign: every model on every device over a sampled prompt set, with repetitions (stored as one run)')
    .requiredOption('--devices <serials>', 'comma-separated serials (or host:port of network devices / virtual phones)', list)
    .option('--models <ids>', 'comma-separated model ids, e.g. gemma-270m,qwen-600m', list)
    .option('--model-dir <id=dir>', MODEL_DIR_HELP, collect)
    .requiredOption('--dataset <set>', "'starter', 'mmlu' (downloaded once), or a path to an MMLU folder/CSV or a JSONL file")
    .requiredOption('--n <n>', 'prompts to sample (stratified by subject)', intOption('--n', 1, 1_000_000))
    .option('--reps <n>', 'repetitions (each in its own seeded order)', intOption('--reps', 1, 100))
    .option('--seed <seed>', 'seed of the sample and the orders (default: random, stored)')
    .option('--warmup <n>', 'warm-up prompts per model (discarded)', intOption('--warmup', 0, 20))
    .option('--max-tokens <n>', 'max output tokens per prompt (default 64)', intOption('--max-tokens', 1, 4096))
    .option('--baseline-ms <n>', 'idle baseline window before each model', intOption('--baseline-ms', 500, 120_000))
    .option('--sample-hz <n>', 'fuel-gauge sampling rate on the phone', intOption('--sample-hz', 1, 200))
    .addOption(new Option('--energy <method>', 'energy source').choices(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).default('auto'))
    .option('--cool-temp <C>', 'thermal gate before each model: wait until battery/skin are under this', intOption('--cool-temp', 20, 60))
    .option('--cool-timeout-s <s>', 'thermal gate timeout', intOption('--cool-timeout-s', 0, 3600))
    .option('--battery-floor <pct>', 'pause a device under this battery level until it is charged (default 15)', intOption('--battery-floor', 0, 100))
    .option('--no-download', "do not download 'mmlu' if it is not cached")
    .option('--json', 'print the summary as JSON (progress stays on stderr)')
    .action(async (opts: ProfileOptions, cmd: Command) => {
      if (!opts.models?.length && !opts.modelDir?.length) usage('give the models with --models IDS and/or --model-dir ID=DIR');
      const g = cmd.optsWithGlobals<{ home?: string }>();
      let local: string[];
      try {
        local = await registerModelDirs(g.home ?? labHome(), opts.modelDir);
      } catch (err) {
        rethrow(err);
      }
      const parsed = campaignStartSchema.safeParse({
        devices: opts.devices,
        models: [...new Set([...(opts.models ?? []), ...local])],
        dataset: opts.dataset,
        n: opts.n,
        ...(opts.reps !== undefined ? { reps: opts.reps } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.warmup !== undefined ? { warmup: opts.warmup } : {}),
        ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
        ...(opts.baselineMs !== undefined ? { idleBaselineMs: opts.baselineMs } : {}),
        ...(opts.sampleHz !== undefined ? { sampleHz: opts.sampleHz } : {}),
        ...(opts.energy ? { energyMethod: opts.energy } : {}),
        ...(opts.coolTemp !== undefined ? { cooldown: { maxTempC: opts.coolTemp, timeoutMs: (opts.coolTimeoutS ?? 120) * 1000 } } : {}),
        ...(opts.batteryFloor !== undefined ? { batteryFloor: { minPct: opts.batteryFloor } } : {}),
        download: opts.download,
      });
      if (!parsed.success) usage(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'request')}${i.path.length > 1 ? `[${i.path.slice(1).join('.')}]` : ''}: ${i.message}`).join('; '));
      const lab = await openLab(cmd);
      try {
        await ensureDevices(lab, parsed.data.devices);
        const service = campaignService(lab);
        let started;
        try {
          started = await service.start(parsed.data);
        } catch (err) {
          rethrow(err);
        }
        process.stderr.write(`run ${started.campaignId}: ${started.total} prompt results planned (devices x models x n x reps)\n`);
        await follow(lab, started.campaignId, started.finished, false);
        await finish(lab, started.campaignId, opts.json === true);
      } finally {
        await lab.close();
      }
    });

  program
    .command('resume')
    .description('Continue an interrupted (or cancelled, partial) run exactly where it stopped')
    .argument('<run>', 'the run id (as `aurora-lab runs` lists it)')
    .option('--json', 'print the summary as JSON')
    .action(async (runId: string, opts: { json?: boolean }, cmd: Command) => {
      const lab = await openLab(cmd);
      try {
        const service = campaignService(lab);
        const row = service.store.get(runId);
        if (!row) throw new LabError('not-found', `No run ${runId}. \`aurora-lab runs\` lists them.`);
        await ensureDevices(lab, JSON.parse(row.serials_json) as string[]);
        let resumed;
        try {
          resumed = await service.resume(runId);
        } catch (err) {
          rethrow(err);
        }
        process.stderr.write(`run ${runId}: resuming, ${resumed.remaining} prompt result(s) left\n`);
        await follow(lab, runId, resumed.finished, false);
        await finish(lab, runId, opts.json === true);
      } finally {
        await lab.close();
      }
    });

  const runs = program.command('runs').description('Stored runs (campaigns): list, show, export, delete');
  runs
    .command('list', { isDefault: true })
    .description('List runs (newest first)')
    .option('--device <serial>', 'only runs on this device')
    .option('--model <id>', 'only runs with this model')
    .addOption(new Option('--status <status>', 'only runs with this status').choices(['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted']))
    .option('--dataset <text>', 'data set name or path contains')
    .addOption(new Option('--sort <key>', 'sort by').choices(['created', 'duration', 'energy', 'n', 'status', 'dataset']).default('created'))
    .option('--asc', 'ascending order')
    .option('--json', 'print JSON')
    .action(async (opts: { device?: string; model?: string; status?: string; dataset?: string; sort: 'created'; asc?: boolean; json?: boolean }, cmd: Command) => {
      const lab = await openLab(cmd, { pollIntervalMs: 60_000 });
      try {
        const { filterAndSort } = await import('../../campaigns/queries');
        const rows = filterAndSort(campaignService(lab).store.summaries(), {
          ...(opts.device ? { serial: opts.device } : {}),
          ...(opts.model ? { modelId: opts.model } : {}),
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.dataset ? { dataset: opts.dataset } : {}),
          sort: opts.sort,
          ...(opts.asc ? { order: 'asc' as const } : {}),
        });
        if (opts.json) {
          printJson(rows);
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['RUN', 'STATUS', 'CREATED', 'DEVICES', 'MODELS', 'DATASET', 'N', 'REPS', 'DONE', 'DURATION', 'ENERGY J', 'SIM'],
            rows.map((c) => [c.id, c.status, new Date(c.createdAt).toISOString().slice(0, 16).replace('T', ' '), c.serials.join(','), c.modelIds.join(','), c.setName, c.n, c.reps, `${c.done}/${c.total}`, duration(c.durationMs), f(c.energyJ, 1), c.simulated ? 'yes' : 'no']),
            [6, 7, 10],
          )}\n`,
        );
      } finally {
        await lab.close();
      }
    });
  runs
    .command('show')
    .description('Run detail: per-model accuracy (95% CI), latency and energy; conditions')
    .argument('<run>', 'run id')
    .option('--json', 'print the full detail as JSON')
    .action(async (runId: string, opts: { json?: boolean }, cmd: Command) => {
      const lab = await openLab(cmd, { pollIntervalMs: 60_000 });
      try {
        const detail = await lab.handlers.campaigns.detail({ campaignId: runId });
        if (opts.json) {
          printJson(detail);
          return;
        }
        printSummary(detail.campaign, detail);
        for (const c of detail.conditions ?? []) {
          process.stdout.write(
            `\n${c.serial} (${c.deviceModel ?? '?'}): Android ${c.androidRelease ?? '?'}, ${c.fingerprint ?? '?'}; runner ${c.runnerVersion ?? '?'}, engine ${c.engineVersion ?? '?'}; energy ${c.energyMethod ?? '?'} at ${c.sampleHz ?? '?'} Hz; ${c.chargingState ?? '?'}; screen ${c.screenState ?? 'unknown'}; battery ${c.batteryLevel ?? '?'} %; ${c.tempStartC ?? '?'} C at start\n`,
          );
          for (const w of c.warnings) process.stdout.write(`  warning: ${w}\n`);
        }
      } finally {
        await lab.close();
      }
    });
  runs
    .command('export')
    .description('Export every prompt result of a run (one row each, with the simulated flag)')
    .argument('<run>', 'run id')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).makeOptionMandatory())
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (runId: string, opts: { format: 'csv' | 'json'; out?: string }, cmd: Command) => {
      const lab = await openLab(cmd, { pollIntervalMs: 60_000 });
      try {
        const r = await lab.handlers.campaigns.export({ campaignId: runId, format: opts.format });
        if (opts.out) {
          await writeFile(opts.out, r.text);
          process.stderr.write(`wrote ${opts.out}\n`);
        } else process.stdout.write(r.text);
      } finally {
        await lab.close();
      }
    });
  runs
    .command('delete')
    .description('Delete a run and everything under it (results, samples)')
    .argument('<run>', 'run id')
    .option('--yes', 'confirm the deletion')
    .action(async (runId: string, opts: { yes?: boolean }, cmd: Command) => {
      if (!opts.yes) usage(`Deleting run ${runId} removes all its results; add --yes to confirm.`);
      const lab = await openLab(cmd, { pollIntervalMs: 60_000 });
      try {
        const r = await lab.handlers.campaigns.delete({ campaignId: runId });
        process.stdout.write(r.deleted ? `deleted run ${runId}\n` : `no run ${runId}\n`);
      } finally {
        await lab.close();
      }
    });
}
