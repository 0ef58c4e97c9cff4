/**
 * One comparison group (a device, or a run): every strategy asked for, through the registry, on the group's
 * measured matrix; scored with the evaluation (strategies/evals) on the measured cells; then the table rows, the
 * Pareto charts and the breakdowns (by subject always; by cluster from the given router profile, else a
 * descriptive clustering that is never used to route).
 */
import type { ComparisonGroup, CompareProgress, CompareStrategyId } from '../../shared/api/compare';
import { COMPARE_STRATEGIES } from '../../shared/api/strategies';
import { kmeans } from '../routing/kmeans';
import { evaluateAll } from '../strategies/evals/evaluation';
import type { RowInfo, StrategyContext, StrategyOutput } from '../strategies/family';
import { plainRow } from '../strategies/family';
import { LexicalFeatureCache } from '../strategies/lexical-cache';
import type { FoldInfo } from '../strategies/oof-router';
import { STRATEGIES } from '../strategies/registry';
import type { RouterSweep, Strategy } from '../strategies/strategies';
import { measuredOracle } from '../strategies/strategies';
import type { RunMatrix } from './matrices';
import { breakdown, groupSimulated, paretoChart, toRow } from './report';

/** Test and bench hooks of a comparison (not part of the API). */
export interface RunHooks {
  /** Instrumentation of the out-of-fold fits. */
  onFold?: (group: string, info: FoldInfo) => void;
  /** k-means restarts per fold profile (default 2). */
  nInit?: number;
}

export type GroupOptions = Omit<StrategyContext, 'matrix' | 'group' | 'cache' | 'progress' | 'hooks'> & {
  strategies: readonly CompareStrategyId[];
  hooks: RunHooks;
  progress: (p: Omit<CompareProgress, 'comparisonId'>) => void;
  /** Outputs of strategies already run elsewhere (the LLM routers, on the main thread while this runs on a worker). */
  done?: ReadonlyMap<CompareStrategyId, StrategyOutput>;
};

/**
 * Run on the main thread, before the rest goes to the compute worker: the LLM routers (they call out with a key)
 * and the user's own router (a program the CLI named, spoken to over pipes; its picks file comes with it).
 */
export const MAIN_THREAD_STRATEGIES: readonly CompareStrategyId[] = ['claude', 'gemini', 'router-cmd', 'picks'];

/** Runs `ids` of the asked strategies here (no featurisation: the LLM routers send the prompts' text). */
export async function runStrategies(rm: RunMatrix, o: GroupOptions, ids: readonly CompareStrategyId[]): Promise<Array<[CompareStrategyId, StrategyOutput]>> {
  const ctx: StrategyContext = { ...o, matrix: rm.matrix, group: rm.key, cache: new LexicalFeatureCache([]), hooks: {}, progress: (p) => o.progress({ ...p, group: rm.key }) };
  const out: Array<[CompareStrategyId, StrategyOutput]> = [];
  for (const id of COMPARE_STRATEGIES) if (ids.includes(id) && o.strategies.includes(id)) out.push([id, await STRATEGIES[id].run(ctx)]);
  return out;
}

/** The descriptive clusters' K: the comparison's K, else the folds' median K, else ~sqrt(n / 2) in 2..8. */
function descriptiveK(k: number | 'auto', kPerFold: number[], n: number): number {
  if (typeof k === 'number') return k;
  if (kPerFold.length) return kPerFold.slice().sort((a, b) => a - b)[kPerFold.length >> 1]!;
  return Math.min(8, Math.max(2, Math.round(Math.sqrt(n / 2))));
}

export async function compareGroup(rm: RunMatrix, o: GroupOptions): Promise<ComparisonGroup> {
  const m = rm.matrix;
  // One featurisation of the prompts serves the fold profiles, the given profile and the descriptive clusters.
  const cache = new LexicalFeatureCache(m.prompts.map((p) => p.text));
  const ctx: StrategyContext = {
    ...o,
    matrix: m,
    group: rm.key,
    cache,
    hooks: { ...(o.hooks.onFold ? { onFold: (f: FoldInfo) => o.hooks.onFold!(rm.key, f) } : {}), ...(o.hooks.nInit !== undefined ? { nInit: o.hooks.nInit } : {}) },
    progress: (p) => o.progress({ ...p, group: rm.key }),
  };
  // In the registry's order, whatever order they were asked in.
  const outputs: Array<[CompareStrategyId, StrategyOutput]> = [];
  for (const id of COMPARE_STRATEGIES) if (o.strategies.includes(id)) outputs.push([id, o.done?.get(id) ?? (await STRATEGIES[id].run(ctx))]);

  const list: Strategy[] = [];
  const info = new Map<string, RowInfo>();
  const sweeps: RouterSweep[] = [];
  const sweepMeta: Array<{ name: string; evaluatedOnTraining: boolean }> = [];
  const notes: string[] = [];
  for (const [, out] of outputs) {
    for (const r of out.rows) {
      list.push(r.strategy);
      info.set(r.strategy.name, r.info);
    }
    for (const s of out.sweeps) {
      sweeps.push(s.sweep);
      sweepMeta.push({ name: s.sweep.name, evaluatedOnTraining: s.evaluatedOnTraining });
    }
    notes.push(...out.notes);
  }
  const outOfFold = outputs.find(([, x]) => x.outOfFold)?.[1].outOfFold ?? null;
  const profileClusters = outputs.find(([, x]) => x.clusters)?.[1].clusters ?? null;

  o.progress({ phase: 'scoring', group: rm.key, strategy: null, done: 0, total: 1, message: 'Scoring every strategy on the measured cells' });
  const table = evaluateAll(m, list, { oracle: measuredOracle(m, o.costMetric), references: o.strategies.includes('claude') ? ['claude'] : [], sweeps });
  const rows = table.rows.map((r) => toRow(r, info.get(r.name) ?? plainRow('router'), table, o.costMetric));

  const subjects = breakdown(m, 'subject', 'subject of each prompt (MMLU id or stored subject)', m.prompts.map((p) => p.subject), list);
  let clusters: ComparisonGroup['breakdown']['cluster'] = null;
  if (profileClusters) {
    clusters = breakdown(m, 'cluster', 'clusters of the imported profile', profileClusters.labelOf, list, { label: (k) => `cluster ${k}`, terms: (k) => profileClusters.terms[Number(k)] ?? [] });
  } else if (m.nPrompts >= 4) {
    const all = Uint32Array.from({ length: m.nPrompts }, (_, i) => i);
    const spec = cache.specFor(all);
    const fit = kmeans(cache.rows(all, spec.idf), Math.min(descriptiveK(o.k, outOfFold?.kPerFold ?? [], m.nPrompts), m.nPrompts), { seed: o.seed, nInit: 1, minClusterSize: 1 });
    clusters = breakdown(m, 'cluster', `descriptive k-means on all prompts (K=${fit.k}, lexical embedder); used only to group the results, never to route`, fit.labels, list, { label: (k) => `cluster ${k}` });
  }

  const sim = groupSimulated(m);
  if (sim !== 'none') notes.unshift(sim === 'all' ? 'SIMULATED: every figure of this group comes from a virtual phone.' : 'PARTLY SIMULATED: some cells come from a virtual phone.');
  return {
    key: rm.key,
    device: rm.device,
    deviceModel: rm.deviceModel,
    runIds: rm.runIds,
    simulated: sim,
    prompts: m.nPrompts,
    models: table.models.map((x) => ({ id: x.id, sizeMb: x.size_mb, accuracy: x.accuracy, meanLatencyMs: x.meanLatencyMs, meanEnergyJ: x.meanEnergyJ })),
    matrix: { ...table.matrix, repeatedCells: rm.repeatedCells, splitVotes: rm.splitVotes },
    rows,
    pareto: {
      energy: paretoChart(m, table, rows, 'energy', sweepMeta),
      latency: paretoChart(m, table, rows, 'latency', sweepMeta),
      size: paretoChart(m, table, rows, 'size', sweepMeta),
    },
    pairs: table.pairs.map((p) => ({ sweep: p.sweep, weak: p.weak, strong: p.strong, apgr: p.apgr, cpt: p.cpt })),
    breakdown: { cluster: clusters, subject: subjects },
    outOfFold: outOfFold?.audit ?? null,
    notes: [...notes, ...table.notes],
    picks: { promptIds: m.prompts.map((p) => p.id), byRow: Object.fromEntries(list.map((s) => [s.name, Array.from(s.picks)])) },
  };
}
