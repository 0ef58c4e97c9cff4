import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { ComparisonGroup, ComparisonResult, CompareStrategyId } from '../../../shared/api/compare';
import { COMPARE_STRATEGIES } from '../../../shared/api/compare';
import { LabError } from '../../api/lab-error';
import { labServices } from '../../compare/lab-services';
import { comparisonCsv } from '../../compare/report';
import { Lab } from '../../lab/lab';
import { intOption } from '../main';
import { formatTable, printJson } from '../output';

interface CompareOptions {
  run: string[];
  profile?: string;
  strategies?: CompareStrategyId[];
  cost?: 'size' | 'latency' | 'energy';
  folds?: number;
  k?: number | 'auto';
  preference?: number[];
  seed?: number;
  groupBy?: 'device' | 'run';
  energy?: 'gross' | 'net';
  json?: boolean;
  csv?: string;
}

const pct = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? null : `${(v * 100).toFixed(d)}`);
const num = (v: number | null | undefined, d: number) => (v === null || v === undefined ? null : v.toFixed(d));

function strategiesOption(value: string): CompareStrategyId[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !(COMPARE_STRATEGIES as readonly string[]).includes(s));
  if (bad.length) throw new InvalidArgumentError(`unknown strategy ${bad.join(', ')}; choose from ${COMPARE_STRATEGIES.join(',')}`);
  return list as CompareStrategyId[];
}

function kOption(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return intOption('--k', 1, 64)(value);
}

function preferenceOption(value: string, prev: number[] = []): number[] {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('--preference must be a number from 0 to 1.');
  return [...prev, n];
}

export function printGroup(g: ComparisonGroup, r: ComparisonResult): void {
  const out = process.stdout;
  const sim = g.simulated === 'all' ? '  [SIMULATED: virtual phone, every figure]' : g.simulated === 'some' ? '  [PARTLY SIMULATED: some cells from a virtual phone]' : '';
  out.write(`\n${r.request.groupBy === 'run' ? 'run' : 'device'} ${g.key}${g.deviceModel ? ` (${g.deviceModel})` : ''}: runs ${g.runIds.join(', ')}; ${g.prompts} prompts x ${g.models.length} models; ${g.matrix.missingCells} missing cells${sim}\n`);
  out.write(`cost metric: ${r.costMetric}; accuracy %, 95% CI (Wilson); latency ms (engine total); energy J per prompt (${r.request.energy}); savings % vs always-largest, paired and measured\n\n`);
  const headers = ['STRATEGY', 'ACC %', '95% CI', 'SIZE MB', 'LAT ms', 'P95 ms', 'ENERGY J', 'SAVE SIZE %', 'SAVE LAT %', 'SAVE J %', 'AGREE ORACLE %', 'AGREE CLAUDE %', 'DEFERRAL AREA', 'QNC', 'SIM'];
  const rows = g.rows.map((x) =>
    x.unavailable
      ? [x.name, 'unavailable', null, null, null, null, null, null, null, null, null, null, null, null, null]
      : [
          `${x.name}${x.evaluatedOnTraining ? ' (on training prompts!)' : ''}`,
          pct(x.accuracy),
          x.accuracyCi95 ? `${pct(x.accuracyCi95.lo)}-${pct(x.accuracyCi95.hi)}` : null,
          num(x.meanSizeMb, 0),
          num(x.meanLatencyMs, 0),
          num(x.p95LatencyMs, 0),
          num(x.meanEnergyJ, 3),
          pct(x.savingsVsLargest.size),
          pct(x.savingsVsLargest.latency),
          pct(x.savingsVsLargest.energy),
          pct(x.agreementWithOracle),
          pct(x.agreementWithClaude),
          num(x.deferralArea, 3),
          num(x.qnc, 3),
          x.simulatedCells > 0 ? 'sim' : '',
        ],
  );
  out.write(`${formatTable(headers, rows, [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])}\n`);
  for (const x of g.rows) if (x.unavailable) out.write(`${x.name} unavailable: ${x.unavailable}\n`);
  const modelIds = g.models.map((m) => m.id);
  const shareRows = g.rows.filter((x) => !x.unavailable).map((x) => [x.name, ...modelIds.map((id) => pct(x.share[id], 0))]);
  out.write(`\nshare of prompts per model (%)\n${formatTable(['STRATEGY', ...modelIds], shareRows, modelIds.map((_, i) => i + 1))}\n`);
  const llm = g.rows.filter((x) => x.llm);
  for (const x of llm) {
    const l = x.llm!;
    out.write(`${x.name}: ${l.model}, template ${l.templateVersion}; ${l.apiCalls} API calls, ${l.cacheHits} cached, ${l.retries} retries; ${l.tokensIn} + ${l.tokensOut} tokens${l.estimatedCostUsd !== null ? `, ~$${l.estimatedCostUsd.toFixed(4)} (estimate)` : ''}\n`);
  }
  if (g.outOfFold) out.write(`out of fold: ${g.outOfFold.k} folds, clusters per fold ${g.outOfFold.folds.map((f) => f.clusters).join('/')}, every prompt routed by a profile that never saw it: ${g.outOfFold.verified ? 'yes' : 'NO'} (${(g.outOfFold.fitMs / 1000).toFixed(1)} s)\n`);
  for (const n of g.notes) out.write(`note: ${n}\n`);
}

/** `compare`: the side-by-side table of routing strategies on measured runs. */
export function registerCompareCommands(program: Command): void {
  program
    .command('compare')
    .description('Compare routing strategies (out-of-fold router, imported profile, measured oracle, Claude, Gemini, baselines) on measured runs')
    .requiredOption('--run <id...>', 'run id(s); repeat --run for two runs side by side (runs on the same phone are pooled unless --group-by run)')
    .option('--profile <file>', 'a profile (v2 or seed v1 JSON) to evaluate as is (strategy "profile")')
    .option('--strategies <list>', `comma-separated: ${COMPARE_STRATEGIES.join(',')}`, strategiesOption)
    .addOption(new Option('--cost <metric>', 'cost the oracle minimises and savings/QNC are read on').choices(['size', 'latency', 'energy']))
    .option('--folds <n>', 'k of the k-fold cross-fitting of the router', intOption('--folds', 2, 20))
    .option('--k <n|auto>', 'clusters per fold profile, or auto', kOption)
    .option('--preference <p>', 'preference (0..1) for a router row; repeatable (default 0.5)', preferenceOption)
    .option('--seed <n>', 'seed of folds, random baseline and k-means', intOption('--seed', 0, 2 ** 31 - 1))
    .addOption(new Option('--group-by <what>', 'one matrix per device (default) or per run').choices(['device', 'run']))
    .addOption(new Option('--energy <which>', 'energy per prompt: gross (default) or net of the idle baseline').choices(['gross', 'net']))
    .option('--json', 'print the comparison as JSON')
    .option('--csv <file>', 'also write the table as CSV')
    .action(async (opts: CompareOptions, cmd: Command) => {
      let profileJson: string | undefined;
      if (opts.profile) {
        profileJson = await readFile(opts.profile, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new LabError('bad-request', `Cannot read the profile ${opts.profile}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
        });
      }
      const g = cmd.optsWithGlobals<{ home?: string; adb?: string }>();
      // No adb needed: the lab is opened on its database only (keys from the environment).
      const lab = new Lab({ host: 'cli', ...(g.home ? { home: g.home } : {}), ...(g.adb ? { adbPath: g.adb } : {}) });
      try {
        const { compare } = labServices(lab);
        let last = '';
        lab.events.on('compare.progress', (p) => {
          if (opts.json || p.phase === 'done') return;
          const line = `[${p.phase}${p.group ? ` ${p.group}` : ''}] ${p.message}`;
          if (line !== last) process.stderr.write(`${line}\n`);
          last = line;
        });
        const result = await compare.run({
          runIds: opts.run,
          ...(opts.strategies ? { strategies: opts.strategies } : {}),
          ...(opts.cost ? { costMetric: opts.cost } : {}),
          ...(opts.folds ? { folds: opts.folds } : {}),
          ...(opts.k !== undefined ? { k: opts.k } : {}),
          ...(opts.preference ? { preferences: opts.preference } : {}),
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.groupBy ? { groupBy: opts.groupBy } : {}),
          ...(opts.energy ? { energy: opts.energy } : {}),
          ...(profileJson ? { profileJson } : {}),
        });
        if (opts.csv) await writeFile(opts.csv, comparisonCsv(result));
        if (opts.json) printJson(result);
        else {
          process.stdout.write(`comparison ${result.id} (${(result.durationMs / 1000).toFixed(1)} s)\n`);
          for (const grp of result.groups) printGroup(grp, result);
          process.stdout.write(`\n${result.aggregation}\n`);
          for (const n of result.notes) process.stdout.write(`note: ${n}\n`);
          if (opts.csv) process.stdout.write(`table written to ${opts.csv}\n`);
        }
      } finally {
        await lab.close();
      }
    });
}
