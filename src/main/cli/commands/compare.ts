/** `compare`: the side-by-side table of routing strategies on measured runs (run ids or campaign ids). */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { CompareStrategyId } from '../../../shared/api/compare';
import { COMPARE_STRATEGIES } from '../../../shared/api/compare';
import { LabError } from '../../api/lab-error';
import { openOfflineLab, withLab } from '../lab-from-options';
import { addBaseUrlOptions } from '../llm-options';
import { intOption, kOption, preferenceOption } from '../options';
import { printJson, usage } from '../output';
import { cancelOnInterrupt, reportCancelled } from '../signals';
import { writeComparisonCharts } from './export-files';
import { printGroup } from '../views/compare';

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
  charts?: string;
  routerCmd?: string;
  routerName?: string;
  picks?: string;
}

function strategiesOption(value: string): CompareStrategyId[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const out = list.flatMap((s) => COMPARE_STRATEGIES.filter((id) => id === s));
  if (out.length !== list.length) throw new InvalidArgumentError(`unknown strategy ${list.filter((s) => !out.some((id) => id === s)).join(', ')}; choose from ${COMPARE_STRATEGIES.join(',')}`);
  return out;
}

const preferences = (value: string, prev: number[] = []): number[] => [...prev, preferenceOption(value)];

export function registerCompareCommands(program: Command): void {
  addBaseUrlOptions(program.command('compare'))
    .description('Compare routing strategies (out-of-fold router, a router profile, measured oracle, Claude, Gemini, baselines) on measured runs')
    .requiredOption('--run <id...>', 'run or campaign id(s); repeat --run for two side by side (runs on the same phone are pooled unless --group-by run)')
    .option('--profile <file>', 'a router profile (v2 or seed v1 JSON) to evaluate as is (strategy "profile")')
    .option('--strategies <list>', `comma-separated: ${COMPARE_STRATEGIES.join(',')}`, strategiesOption)
    .addOption(new Option('--cost <metric>', 'cost the oracle minimises and savings/QNC are read on').choices(['size', 'latency', 'energy']))
    .option('--folds <n>', 'k of the k-fold cross-fitting of the router', intOption('--folds', 2, 20))
    .option('--k <n|auto>', 'clusters per fold profile, or auto', kOption)
    .option('--preference <p>', 'preference (0..1) for a router row; repeatable (default 0.5)', preferences)
    .option('--seed <n>', 'seed of folds, random baseline and k-means', intOption('--seed', 0, 2 ** 31 - 1))
    .addOption(new Option('--group-by <what>', 'one matrix per device (default) or per run').choices(['device', 'run']))
    .addOption(new Option('--energy <which>', 'energy per prompt: gross (default) or net of the idle baseline').choices(['gross', 'net']))
    .option('--json', 'print the comparison as JSON')
    .option('--csv <file>', 'also write the table as CSV')
    .option('--charts <dir>', 'also write the charts (SVG and PNG; one folder per device when there are several)')
    .option('--router-cmd <cmd>', 'your router program (strategy router-cmd; JSON lines, no shell; see README)')
    .option('--router-name <name>', 'row name of --router-cmd (default router-cmd)')
    .option('--picks <file>', 'picks made elsewhere, JSON lines (strategy picks)')
    .action(async (opts: CompareOptions, cmd: Command) => {
      const picksJsonl = opts.picks ? await readFile(opts.picks, 'utf8').catch((err: unknown) => usage(`--picks: cannot read ${opts.picks}: ${err instanceof Error ? err.message : String(err)}`)) : undefined;
      const routerCommand = opts.routerCmd !== undefined ? { command: opts.routerCmd, ...(opts.routerName ? { name: opts.routerName } : {}) } : undefined;
      let profileJson: string | undefined;
      if (opts.profile) {
        profileJson = await readFile(opts.profile, 'utf8').catch((err: unknown) => {
          const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
          throw new LabError('bad-request', `Cannot read the router profile ${opts.profile}: ${missing ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
        });
      }
      // No adb needed: the lab is opened on its database only (keys from the environment).
      await withLab(openOfflineLab(cmd, routerCommand ? { routerCommand } : {}), async (lab) => {
        let last = '';
        lab.events.on('compare.progress', (p) => {
          if (opts.json || p.phase === 'done') return;
          const line = `[${p.phase}${p.group ? ` ${p.group}` : ''}] ${p.message}`;
          if (line !== last) process.stderr.write(`${line}\n`);
          last = line;
        });
        const comparisonId = `cmp-cli-${process.pid}-${Date.now()}`;
        const interrupt = cancelOnInterrupt('comparison', () => lab.api.compare.cancel({ comparisonId }));
        const running = lab.api.compare.run({
          comparisonId,
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
          ...(picksJsonl !== undefined ? { picksJsonl } : {}),
        });
        const result = await running.catch((err: unknown) => (interrupt.interrupted() ? null : Promise.reject(err))).finally(() => interrupt.stop());
        if (!result) return reportCancelled('Comparison cancelled; nothing was stored.');
        if (opts.csv) await writeFile(opts.csv, (await lab.api.compare.exportCsv({ comparisonId: result.id })).csv);
        if (opts.charts) {
          const written = await writeComparisonCharts(lab, result.id, result.groups.map((g) => g.key), opts.charts);
          process.stderr.write(`wrote ${written.length} chart files to ${opts.charts}\n`);
        }
        if (opts.json) return printJson(result);
        process.stdout.write(`comparison ${result.id} (${(result.durationMs / 1000).toFixed(1)} s)\n`);
        for (const grp of result.groups) printGroup(grp, result);
        process.stdout.write(`\n${result.aggregation}\n`);
        for (const n of result.notes) process.stdout.write(`note: ${n}\n`);
        if (opts.csv) process.stdout.write(`table written to ${opts.csv}\n`);
      });
    });
}
