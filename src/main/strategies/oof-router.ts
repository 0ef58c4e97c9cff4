/**
 * The cluster router scored OUT OF FOLD. The prompts are split into k folds (seeded, stratified by subject:
 * strategies' kFoldSplit); for each fold a Profile v2 is built with routing's `buildProfile` from the OTHER folds
 * only (their prompts, their measured correctness, their median costs; the lexical embedder's IDF fitted on them
 * too), compiled with `compileRouter`, and asked to route the held-out prompts at every preference (the 101-point
 * sweep plus the table's preferences) with routing's own `assignCluster` / `decide`. So no prompt is ever routed
 * by a profile that saw it; each fold reports its overlap (always 0: checked, and a non-zero overlap throws).
 *
 * K: fixed (validation fraction 0: the error tables use every training prompt) or 'auto' (buildProfile's search by
 * validation log-loss on a 20% split of the training prompts).
 */
import { buildProfile } from '../routing/build-profile';
import type { MeasuredCost, TrainingMatrix as RoutingMatrix } from '../routing/build-profile';
import type { LexicalFitOptions } from '../routing/embedder';
import type { CostMetric as ProfileCostMetric, ProfileV2 } from '../routing/profile-v2';
import { assignCluster, compileRouter, decide } from '../routing/route';
import type { RouteResult } from '../routing/route';
import { kFoldSplit } from './cross-fit';
import type { MeasuredMatrix } from './matrix';
import type { CostMetric } from './strategies';
import type { OutOfFoldAudit } from '../../shared/api/compare';
import { LexicalFeatureCache } from './lexical-cache';
import { median as kitMedian } from '../../shared/kit/stats';

/** The kit's median; callers pass non-empty lists. */
const median = (values: number[]): number => kitMedian(values) ?? Number.NaN;

export interface FoldInfo {
  fold: number;
  /** Ids of the prompts the fold's profile was built from (training + its own validation split). */
  profilePromptIds: string[];
  /** Ids of the prompts this fold's profile routed. */
  routedPromptIds: string[];
  profile: ProfileV2;
}

export interface OofRouterOptions {
  folds: number;
  k: number | 'auto';
  seed: number;
  costMetric: CostMetric;
  /** Preferences to route at (the sweep and the table's), in any order. */
  preferences: ArrayLike<number>;
  runIds: readonly string[];
  nInit?: number;
  lexical?: LexicalFitOptions;
  /** A feature cache over the matrix's prompt texts (built when absent). */
  cache?: LexicalFeatureCache;
  /** Instrumentation: called once per fold after routing it. */
  onFold?: (info: FoldInfo) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface OofRouterResult {
  preferences: Float64Array;
  /** picks[j][p]: model index for prompt p at preferences[j]. */
  picks: Int32Array[];
  foldOf: Int32Array;
  /** K chosen per fold. */
  kPerFold: number[];
  /** The cost the fold profiles routed by (size when the matrix lacks the requested measurement). */
  routedBy: CostMetric;
  audit: OutOfFoldAudit;
  notes: string[];
}

function costColumn(m: MeasuredMatrix, cost: CostMetric): Float64Array | null {
  return cost === 'latency' ? m.latencyMs : cost === 'energy' ? m.energyJ : null;
}

/** Whether every model has at least one measurement of the cost on the given prompts. */
function costMeasured(m: MeasuredMatrix, cost: CostMetric, rows: ArrayLike<number>): boolean {
  const col = costColumn(m, cost);
  if (!col) return true;
  for (let j = 0; j < m.nModels; j++) {
    let any = false;
    for (let r = 0; r < rows.length && !any; r++) any = !Number.isNaN(col[rows[r]! * m.nModels + j]!);
    if (!any) return false;
  }
  return true;
}

/** The routing module's matrix for a subset of prompts, with median costs over that subset. */
export function routingMatrix(m: MeasuredMatrix, rows: ArrayLike<number>, runIds: readonly string[]): RoutingMatrix {
  const prompts = Array.from(rows, (i) => {
    const p = m.prompts[i]!;
    return { id: p.id, text: p.text, subject: p.subject };
  });
  const correctness = Array.from(rows, (i) => {
    const row: (0 | 1 | null)[] = [];
    for (let j = 0; j < m.nModels; j++) {
      const c = m.correct[i * m.nModels + j]!;
      row.push(c < 0 ? null : (c as 0 | 1));
    }
    return row;
  });
  const costs: MeasuredCost[] = m.models.map((model, j) => {
    const lat: number[] = [];
    const en: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      const cell = rows[r]! * m.nModels + j;
      if (!Number.isNaN(m.latencyMs[cell]!)) lat.push(m.latencyMs[cell]!);
      if (!Number.isNaN(m.energyJ[cell]!)) en.push(m.energyJ[cell]!);
    }
    return {
      model_id: model.id,
      device_id: m.device,
      latency_ms: lat.length ? { value: median(lat), method: 'median over training prompts of engine total_ms', samples: lat.length } : null,
      energy_j: en.length ? { value: median(en), method: 'median over training prompts of energy per prompt', samples: en.length } : null,
    };
  });
  return {
    prompts,
    models: m.models.map((x) => ({ id: x.id, size_mb: x.size_mb, capabilities: [] })),
    correctness,
    costs,
    provenance: { run_ids: [...runIds], devices: [m.device] },
  };
}

export function profileCostMetric(cost: CostMetric, device: string): ProfileCostMetric {
  return cost === 'size' ? { kind: 'size' } : { kind: cost, device };
}

export async function outOfFoldRouter(m: MeasuredMatrix, opts: OofRouterOptions): Promise<OofRouterResult> {
  const t0 = performance.now();
  const n = m.nPrompts;
  const prefs = Float64Array.from(opts.preferences);
  const notes: string[] = [];
  const split = kFoldSplit(n, opts.folds, { seed: opts.seed, strata: m.prompts.map((p) => p.subject) });
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  let routedBy = opts.costMetric;
  if (!costMeasured(m, routedBy, all)) {
    notes.push(`router: some model has no ${routedBy} measurement on this device, so the fold profiles route by size.`);
    routedBy = 'size';
  }
  const cache = opts.cache ?? new LexicalFeatureCache(m.prompts.map((p) => p.text), opts.lexical);
  const picks = prefs.length ? Array.from(prefs, () => new Int32Array(n).fill(-1)) : [];
  const routedCount = new Uint8Array(n);
  const audit: OutOfFoldAudit = { k: opts.folds, seed: opts.seed, stratified: true, folds: [], verified: false, fitMs: 0 };
  const kPerFold: number[] = [];
  const out: RouteResult = { cluster: 0, scores: new Float64Array(m.nModels), pick: -1, modelId: '', lambda: 0 };
  for (let f = 0; f < opts.folds; f++) {
    const test = split.folds[f]!;
    const train = new Uint32Array(n - test.length);
    let t = 0;
    for (let i = 0; i < n; i++) if (split.foldOf[i] !== f) train[t++] = i;
    const embedder = cache.embedder(cache.specFor(train));
    const fixed = opts.k !== 'auto';
    const { profile } = await buildProfile(routingMatrix(m, train, opts.runIds), {
      k: fixed ? (opts.k as number) : { min: 2, max: 20 },
      seed: opts.seed,
      validationFraction: fixed ? 0 : 0.2,
      nInit: opts.nInit ?? 2,
      embedder,
      costMetric: profileCostMetric(routedBy, m.device),
      now: new Date(0),
      // A fold profile only routes its held-out prompts: no cluster descriptions or silhouette.
      describe: false,
    });
    kPerFold.push(profile.clusters.k);
    const seen = new Set([...(profile.evaluation?.split.train_ids ?? []), ...(profile.evaluation?.split.validation_ids ?? [])]);
    let overlap = 0;
    for (const i of test) if (seen.has(m.prompts[i]!.id)) overlap++;
    if (overlap > 0) throw new Error(`out-of-fold violation: fold ${f}'s profile saw ${overlap} of the prompts it routes`);
    const router = compileRouter(profile);
    // A decision depends only on (cluster, preference): decided once per pair, then looked up per prompt.
    const table = new Int32Array(router.k * prefs.length);
    for (let c = 0; c < router.k; c++) for (let j = 0; j < prefs.length; j++) table[c * prefs.length + j] = decide(router, c, prefs[j]!, router.allModels, out).pick;
    for (const i of test) {
      const cluster = assignCluster(router, embedder.embedSync(m.prompts[i]!.text));
      for (let j = 0; j < prefs.length; j++) picks[j]![i] = table[cluster * prefs.length + j]!;
      routedCount[i]!++;
    }
    audit.folds.push({ fold: f, trainPrompts: train.length, routedPrompts: test.length, clusters: profile.clusters.k, overlap });
    opts.onFold?.({ fold: f, profilePromptIds: [...seen], routedPromptIds: Array.from(test, (i) => m.prompts[i]!.id), profile });
    opts.onProgress?.(f + 1, opts.folds);
  }
  audit.verified = routedCount.every((c) => c === 1) && audit.folds.every((x) => x.overlap === 0);
  if (!audit.verified) throw new Error('out-of-fold evaluation: some prompt was not routed exactly once');
  audit.fitMs = Math.round(performance.now() - t0);
  return { preferences: prefs, picks, foldOf: split.foldOf, kPerFold, routedBy, audit, notes };
}
