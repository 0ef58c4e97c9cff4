/**
 * `benchmark`: the seed's `python benchmark_router.py --n-samples 100`, every column measured. Samples MMLU (topics =
 * subjects), runs the campaign (or continues the one these same arguments started: rerun the command, or
 * `aurora-lab resume ID`), compares every available strategy, prints the seed's table with accuracy and its 95 %
 * interval, and with --out writes benchmark_results.json, the table as CSV and Markdown, the charts and the report.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchmarkRunRequest } from '../../../shared/api/benchmark';
import type { CompareStrategyId } from '../../../shared/api/compare';
import { COMPARE_STRATEGIES } from '../../../shared/api/compare';
import { parseBenchmarkResults } from '../../../shared/benchmark-results';
import { printCsv, printMarkdown, printText } from '../../../shared/kit/printers';
import { benchmarkDisplayTable, benchmarkTable } from '../../benchmark/table';
import { CommandSyntaxError, splitCommand } from '../../strategies/external/split-command';
import type { Lab } from '../../lab/lab';
import { ensureDevices } from '../follow';
import { openLab, withLab } from '../lab-from-options';
import { intOption, listOption, preferenceOption } from '../options';
import { asUsage, printJson, usage } from '../output';
import { progressLine } from '../views/campaigns';
import { writeComparisonCharts, writeExportFiles } from './export-files';

interface BenchmarkOptions {
  devices: string[];
  models: string[];
  dataset: string;
  nSamples: number;
  topics?: string[];
  reps: number;
  seed: string;
  strategies?: CompareStrategyId[];
  cost: 'size' | 'latency' | 'energy';
  preference?: number[];
  folds?: number;
  routerCmd?: string;
  routerName?: string;
  routerTimeoutMs?: number;
  picks?: string;
  picksName?: string;
  out?: string;
  maxTokens?: number;
  warmup?: number;
  baselineMs?: number;
  coolTemp?: number;
  coolTimeoutS?: number;
  download: boolean;
  json?: boolean;
}

function strategiesOption(value: string): CompareStrategyId[] {
  const list = listOption(value);
  const out = list.flatMap((s) => COMPARE_STRATEGIES.filter((id) => id === s));
  if (out.length !== list.length) throw new InvalidArgumentError(`unknown strategy ${list.filter((s) => !out.some((id) => id === s)).join(', ')}; choose from ${COMPARE_STRATEGIES.join(',')}`);
  return out;
}

const preferences = (value: string, prev: number[] = []): number[] => [...prev, preferenceOption(value)];

function nameOption(flag: string) {
  return (v: string) => {
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/.test(v)) throw new InvalidArgumentError(`${flag} holds letters, digits, _, . and - (starting with a letter), at most 40`);
    return v;
  };
}

async function readPicks(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((err: unknown) => {
    const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
    usage(`--picks: cannot read ${file}: ${missing ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
  });
}

/** Progress and ETA on stderr: the campaign at most once a second, the comparison's phases as they change. */
function followProgress(lab: Lab): () => void {
  let lastAt = 0;
  let lastCompare = '';
  const onCampaign = (p: Parameters<typeof progressLine>[0]) => {
    const now = Date.now();
    if (now - lastAt < 1000 && p.done < p.total) return;
    lastAt = now;
    process.stderr.write(`${progressLine(p)}\n`);
  };
  const onCompare = (p: { phase: string; group: string | null; message: string }) => {
    if (p.phase === 'done') return;
    const line = `[${p.phase}${p.group ? ` ${p.group}` : ''}] ${p.message}`;
    if (line !== lastCompare) process.stderr.write(`${line}\n`);
    lastCompare = line;
  };
  const onBench = (p: { message: string }) => process.stderr.write(`${p.message}\n`);
  lab.events.on('campaigns.progress', onCampaign).on('compare.progress', onCompare).on('benchmark.progress', onBench);
  return () => {
    lab.events.off('campaigns.progress', onCampaign).off('compare.progress', onCompare).off('benchmark.progress', onBench);
  };
}

export function registerBenchmarkCommand(program: Command): void {
  program
    .command('benchmark')
    .description("The seed's benchmark, measured: sample MMLU, run the campaign, compare every strategy, print the seed's table (resumable: run it again, or `aurora-lab resume`)")
    .requiredOption('--devices <serials>', 'comma-separated serials (or host:port of virtual phones)', listOption)
    .requiredOption('--models <ids>', 'comma-separated model ids, e.g. gemma-270m,qwen-600m,qwen-1.7b', listOption)
    .option('--dataset <set>', "'mmlu' (downloaded once), 'starter', or a path to an MMLU folder/CSV or a JSONL file", 'mmlu')
    .option('--n-samples <n>', 'prompts to sample, stratified by subject', intOption('--n-samples', 1, 1_000_000), 100)
    .option('--topics <subjects>', 'comma-separated MMLU subjects to sample from (default: all)', listOption)
    .option('--reps <n>', 'repetitions', intOption('--reps', 1, 100), 1)
    .option('--seed <seed>', 'seed of the sample, the orders and the folds', '42')
    .option('--strategies <list>', `comma-separated: ${COMPARE_STRATEGIES.join(',')} (default: router,oracle,claude,gemini,largest,smallest, plus router-cmd / picks when given)`, strategiesOption)
    .addOption(new Option('--cost <metric>', 'cost the oracle minimises and the router trades against').choices(['size', 'latency', 'energy']).default('size'))
    .option('--preference <p>', 'cost preference (0..1) of the router rows; repeatable (default 0.5)', preferences)
    .option('--folds <n>', 'k of the out-of-fold cross-fitting', intOption('--folds', 2, 20))
    .option('--router-cmd <cmd>', 'your router: a program spoken to in JSON lines, one request per prompt and preference (no shell; see README "Bring your own router")')
    .option('--router-name <name>', 'row name of --router-cmd (default router-cmd)', nameOption('--router-name'))
    .option('--router-timeout-ms <ms>', 'reply timeout per request of --router-cmd (default 10000)', intOption('--router-timeout-ms', 100, 600_000))
    .option('--picks <file>', 'picks made elsewhere: JSON lines {"id": PROMPT_ID, "model": MODEL_ID[, "preference": P]}')
    .option('--picks-name <name>', 'row name of --picks (default picks)', nameOption('--picks-name'))
    .option('--out <dir>', 'write benchmark_results.json, benchmark_table.csv / .md, the charts (SVG, PNG) and report.html here')
    .option('--max-tokens <n>', 'max output tokens per prompt (default 64)', intOption('--max-tokens', 1, 4096))
    .option('--warmup <n>', 'warm-up prompts per model (discarded)', intOption('--warmup', 0, 20))
    .option('--baseline-ms <n>', 'idle baseline window before each model', intOption('--baseline-ms', 500, 120_000))
    .option('--cool-temp <C>', 'thermal gate before each model', intOption('--cool-temp', 20, 60))
    .option('--cool-timeout-s <s>', 'cool-down gate timeout', intOption('--cool-timeout-s', 0, 3600))
    .option('--no-download', "do not download 'mmlu' if it is not cached")
    .option('--json', 'print benchmark_results.json to stdout (progress stays on stderr)')
    .action(async (opts: BenchmarkOptions, cmd: Command) => {
      if (opts.routerCmd !== undefined) {
        try {
          splitCommand(opts.routerCmd);
        } catch (err) {
          if (err instanceof CommandSyntaxError) usage(`--router-cmd: ${err.message}`);
          throw err;
        }
      }
      const picksJsonl = opts.picks ? await readPicks(opts.picks) : undefined;
      const routerCommand = opts.routerCmd !== undefined ? { command: opts.routerCmd, ...(opts.routerName ? { name: opts.routerName } : {}), ...(opts.routerTimeoutMs ? { timeoutMs: opts.routerTimeoutMs } : {}) } : undefined;
      const req: BenchmarkRunRequest = {
        devices: opts.devices,
        models: opts.models,
        dataset: opts.dataset,
        n: opts.nSamples,
        reps: opts.reps,
        seed: opts.seed,
        costMetric: opts.cost,
        ...(opts.topics ? { topics: opts.topics } : {}),
        ...(opts.strategies ? { strategies: opts.strategies } : {}),
        ...(opts.preference ? { preferences: opts.preference } : {}),
        ...(opts.folds ? { folds: opts.folds } : {}),
        ...(picksJsonl !== undefined ? { picksJsonl } : {}),
        ...(opts.picksName ? { picksName: opts.picksName } : {}),
        ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
        ...(opts.warmup !== undefined ? { warmup: opts.warmup } : {}),
        ...(opts.baselineMs !== undefined ? { idleBaselineMs: opts.baselineMs } : {}),
        ...(opts.coolTemp !== undefined ? { cooldown: { maxTempC: opts.coolTemp, timeoutMs: (opts.coolTimeoutS ?? 120) * 1000 } } : {}),
        download: opts.download,
        command: process.argv.slice(2),
      };
      await withLab(openLab(cmd, routerCommand ? { routerCommand } : {}), async (lab) => {
        await ensureDevices(lab, req.devices);
        const wanted = opts.strategies;
        for (const s of await lab.api.strategies.list({ picksGiven: picksJsonl !== undefined })) {
          const asked = wanted ? wanted.includes(s.id) : ['claude', 'gemini'].includes(s.id);
          if (asked && !s.available) process.stderr.write(`${s.id}: unavailable: ${s.reason}\n`);
        }
        const stop = followProgress(lab);
        let run;
        try {
          run = await lab.api.benchmark.run(req).catch(asUsage);
        } finally {
          stop();
        }
        const results = parseBenchmarkResults(run.results);
        if (opts.out) {
          const dir = opts.out;
          const files = await writeExportFiles(dir, [
            { filename: 'benchmark_results.json', mime: 'application/json', encoding: 'utf8', content: `${JSON.stringify(results, null, 2)}\n`, bytes: 0 },
            { filename: 'benchmark_table.csv', mime: 'text/csv', encoding: 'utf8', content: printCsv(benchmarkTable(results)), bytes: 0 },
            { filename: 'benchmark_table.md', mime: 'text/markdown', encoding: 'utf8', content: printMarkdown(benchmarkDisplayTable(results, 0)), bytes: 0 },
          ]);
          const groups = [...new Set(results.strategies.map((s) => s.device))];
          files.push(...(await writeComparisonCharts(lab, run.comparisonId, groups, join(dir, 'charts'))));
          const report = await lab.api.benchmark.report({ campaignId: run.campaignId, comparisonId: run.comparisonId });
          await writeFile(join(dir, 'report.html'), report.content);
          files.push(join(dir, 'report.html'));
          process.stderr.write(`wrote ${files.length} files to ${dir}\n`);
        }
        if (opts.json) return printJson(results);
        const out = process.stdout;
        out.write(`benchmark: campaign ${run.campaignId} (${run.campaign === 'new' ? 'measured now' : run.campaign === 'continued' ? 'continued' : 'complete already, reused'}), comparison ${run.comparisonId}\n`);
        out.write(`${results.campaign.dataset.name}${results.campaign.dataset.subjects ? ` [${results.campaign.dataset.subjects.join(', ')}]` : ''}, n=${results.campaign.dataset.samples} x ${results.campaign.repetitions} rep(s), cost ${results.settings.costMetric}; savings vs always-largest, paired and measured\n`);
        if (results.simulated !== 'none') out.write(`${results.simulated === 'all' ? 'SIMULATED' : 'PARTLY SIMULATED'}: figures from virtual phones, not measured on real hardware\n`);
        out.write(`\n${printText(benchmarkDisplayTable(results))}\n\n`);
        for (const n of results.notes) out.write(`note: ${n}\n`);
      });
    });
}
