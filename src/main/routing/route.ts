/**
 * Routing decisions: nearest centroid, then `score[m] = err[cluster][m] + lambda * cost_norm[m]` with
 * `lambda = lambda_max - preference * (lambda_max - lambda_min)`; lowest score wins, ties to the earlier model in
 * the profile. `cost_norm` is min-max over ALL models of the profile (not only the candidates); a range below
 * 1e-6 makes every cost 0. With the `size` metric and a seed profile this is the seed router's rule exactly.
 *
 * `compileRouter` does all the work that does not depend on the prompt once (transposed float32 centroids, the
 * error table, normalised costs, capability masks, the centroids in the WebAssembly kernel's memory), so `route`
 * does a sparse-aware dot with K centroids (route-assign.ts) and M multiply-adds, allocating nothing when given an
 * `out` object. Centroids are stored as float32 (as the
 * seed does) and dot products accumulate in float64; the seed used float32 BLAS, so the two can only disagree on a prompt within ~1e-6 of two centroids.
 */
import type { Embedder, SyncEmbedder } from './embedder';
import { RoutingError } from './errors';
import type { CostMetric, ProfileV2 } from './profile-v2';
import { RowSims } from './sparse-sims';
import { assignCluster } from './route-assign';
import type { CompiledRouter } from './route-assign';

export { assignCluster, assignClusterReference } from './route-assign';
export type { CompiledRouter } from './route-assign';

export interface CompileOptions {
  /** Overrides the profile's cost metric. */
  costMetric?: CostMetric;
  /** `estimate` (default): `error_rates`; `raw`: errors/n where n > 0, else the estimate. */
  errorSource?: 'estimate' | 'raw';
  /** `seed`: the seed router's rule (size cost, the profile's error rates), whatever the profile says. */
  mode?: 'default' | 'seed';
}


export interface RouteResult {
  cluster: number;
  /** Per model in profile order; NaN for models filtered out. */
  scores: Float64Array;
  /** Index of the chosen model in profile order. */
  pick: number;
  modelId: string;
  lambda: number;
}

export interface CandidateFilter {
  /** Only these model ids (unknown ids are ignored). */
  available?: Iterable<string>;
  /** Every listed capability must be present (e.g. `vision`). */
  requiredCapabilities?: readonly string[];
}

function costOf(p: ProfileV2, metric: CostMetric): Float64Array {
  const out = new Float64Array(p.models.length);
  const missing: string[] = [];
  p.models.forEach((m, i) => {
    if (metric.kind === 'size') out[i] = m.size_mb;
    else {
      const f = metric.kind === 'latency' ? 'latency_ms' : 'energy_j';
      const v = m.costs[metric.device]?.[f];
      if (v) out[i] = v.value;
      else missing.push(`models[${i}] (${m.id})`);
    }
  });
  if (missing.length > 0 && metric.kind !== 'size') {
    throw new RoutingError(
      'cost-unavailable',
      `cost metric ${metric.kind} on ${JSON.stringify(metric.device)} is not measured for ${missing.join(', ')}; measure them or route by size`,
    );
  }
  return out;
}

export function compileRouter(profile: ProfileV2, options: CompileOptions = {}): CompiledRouter {
  const k = profile.clusters.k;
  const dim = profile.embedder.dim;
  const m = profile.models.length;
  const seedMode = options.mode === 'seed';
  const metric: CostMetric = seedMode ? { kind: 'size' } : (options.costMetric ?? profile.routing.cost_metric);
  const centroidsT = new Float32Array(dim * k);
  const kPad = Math.ceil(k / 8) * 8;
  const centroidsPadded = new Float64Array(dim * kPad);
  profile.clusters.centroids.forEach((row, c) => {
    if (row.length !== dim) throw new RoutingError('dimension-mismatch', `clusters.centroids[${c}]: expected ${dim} values, got ${row.length}`);
    for (let j = 0; j < dim; j++) {
      centroidsT[j * k + c] = row[j]!;
      // The float32 value, as the seed stores and compares it (same numbers as centroidsT).
      centroidsPadded[j * kPad + c] = centroidsT[j * k + c]!;
    }
  });
  const err = new Float64Array(k * m);
  const raw = !seedMode && options.errorSource === 'raw';
  profile.models.forEach((model, i) => {
    for (let c = 0; c < k; c++) {
      const r = raw ? model.raw_error_rates?.[c] : null;
      err[c * m + i] = r ?? model.error_rates[c]!;
    }
  });
  const cost = costOf(profile, metric);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of cost) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  const costNorm = new Float64Array(m);
  for (let i = 0; i < m; i++) costNorm[i] = range < 1e-6 ? 0 : (cost[i]! - lo) / range;
  return {
    k,
    dim,
    modelIds: profile.models.map((x) => x.id),
    capabilities: profile.models.map((x) => [...x.capabilities]),
    centroidsT,
    err,
    costNorm,
    cost,
    costMetric: metric,
    lambdaMin: profile.routing.lambda_min,
    lambdaMax: profile.routing.lambda_max,
    defaultPreference: profile.routing.default_preference,
    allModels: new Uint8Array(m).fill(1),
    dots: new Float64Array(kPad),
    centroidsPadded,
    kPad,
    nzIndex: new Int32Array(dim),
    nzValue: new Float64Array(dim),
    kernel: RowSims.create(centroidsPadded, kPad, dim),
  };
}

/** A candidate mask (1 = may be picked) for a filter; compute once, reuse for many prompts. */
export function candidateMask(router: CompiledRouter, filter: CandidateFilter = {}): Uint8Array {
  const mask = new Uint8Array(router.modelIds.length);
  const avail = filter.available ? new Set(filter.available) : null;
  const req = filter.requiredCapabilities ?? [];
  router.modelIds.forEach((id, i) => {
    if (avail && !avail.has(id)) return;
    const caps = router.capabilities[i]!;
    if (req.every((c) => caps.includes(c))) mask[i] = 1;
  });
  if (!mask.includes(1)) {
    throw new RoutingError(
      'no-candidates',
      `no model matches available=${avail ? JSON.stringify([...avail]) : 'all'} and capabilities=${JSON.stringify(req)}`,
    );
  }
  return mask;
}

export function lambdaFor(router: CompiledRouter, preference: number): number {
  return router.lambdaMax - preference * (router.lambdaMax - router.lambdaMin);
}

/** Scores every model for a cluster and picks one. `out` is reused when given (no allocation). */
export function decide(
  router: CompiledRouter,
  cluster: number,
  preference: number = router.defaultPreference,
  mask: Uint8Array = router.allModels,
  out?: RouteResult,
): RouteResult {
  const m = router.modelIds.length;
  const res = out ?? { cluster: 0, scores: new Float64Array(m), pick: -1, modelId: '', lambda: 0 };
  const lambda = lambdaFor(router, preference);
  const { err, costNorm } = router;
  const scores = res.scores;
  const base = cluster * m;
  let pick = -1;
  let best = Infinity;
  for (let i = 0; i < m; i++) {
    if (mask[i] !== 1) {
      scores[i] = NaN;
      continue;
    }
    const s = err[base + i]! + lambda * costNorm[i]!;
    scores[i] = s;
    if (pick < 0 || s < best) {
      best = s;
      pick = i;
    }
  }
  if (pick < 0) throw new RoutingError('no-candidates', 'no candidate model (the mask selects none)');
  res.cluster = cluster;
  res.pick = pick;
  res.modelId = router.modelIds[pick]!;
  res.lambda = lambda;
  return res;
}

/** Routes one embedding. */
export function route(
  router: CompiledRouter,
  embedding: ArrayLike<number>,
  preference: number = router.defaultPreference,
  mask: Uint8Array = router.allModels,
  out?: RouteResult,
): RouteResult {
  return decide(router, assignCluster(router, embedding), preference, mask, out);
}

function checkEmbedder(router: CompiledRouter, embedder: Embedder): void {
  if (embedder.dim !== router.dim) {
    throw new RoutingError('dimension-mismatch', `embedder gives ${embedder.dim} values, the profile's centroids have ${router.dim}`);
  }
}

/** Embeds a text (async embedders allowed) and routes it. */
export async function routeText(
  router: CompiledRouter,
  embedder: Embedder,
  text: string,
  preference: number = router.defaultPreference,
  filter?: CandidateFilter,
): Promise<RouteResult> {
  checkEmbedder(router, embedder);
  const v = embedder.embedSync ? embedder.embedSync(text) : (await embedder.embed([text]))[0];
  if (!v) throw new RoutingError('dimension-mismatch', 'embedder returned no vector');
  return route(router, v, preference, filter ? candidateMask(router, filter) : router.allModels);
}

/** The synchronous fast path for in-process embedders (lexical). */
export function routeTextSync(
  router: CompiledRouter,
  embedder: SyncEmbedder,
  text: string,
  preference: number = router.defaultPreference,
  mask: Uint8Array = router.allModels,
  out?: RouteResult,
): RouteResult {
  checkEmbedder(router, embedder);
  return route(router, embedder.embedSync(text), preference, mask, out);
}
