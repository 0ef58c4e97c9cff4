/**
 * route() given an embedding, K = 16, 12 models, lexical dim 2048 (real MMLU test prompt vectors): the fast
 * assignCluster (the float32 embedding copied into WebAssembly memory, its non-zeros gathered there without
 * branches, the K dots by the SIMD kernel over float32 centroids) against the previous plain loop
 * (`assignClusterReference` + `decide`), in the same run, and lexical embed + route. Both timing harnesses are
 * reported: `hrtime.bigint()` per call (allocates a BigInt per read: GC pauses land in the p99) and
 * `performance.now()` per call (no allocation). Target (issue 14): p99 < 20 us; report the load average beside it
 * (printed). Prints JSON. Run: npx tsx bench/profiles/route-p99.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { embedAll, fitLexicalEmbedder } from '../../src/main/routing/embedder';
import { kmeans, selectRows, toSparseRows } from '../../src/main/routing/kmeans';
import { assignCluster, assignClusterReference, compileRouter, decide, route, routeTextSync } from '../../src/main/routing/route';
import type { RouteResult } from '../../src/main/routing/route';
import { withChecksum } from '../../src/main/routing/profile-v2';
import type { ProfileV2 } from '../../src/main/routing/profile-v2';
import { mulberry32, permutation } from '../../src/shared/kit/prng';
import { loadMmluTest } from '../routing/mmlu-csv';

const qs = loadMmluTest();
const texts = qs.map((q) => q.question);
const { embedder } = fitLexicalEmbedder(texts);
const dim = embedder.dim;
const N = 2000;
const sampleIds = permutation(texts.length, mulberry32(1)).subarray(0, N);
const sampleTexts = Array.from(sampleIds, (i) => texts[i]!);
const vecs = await embedAll(embedder, sampleTexts);
const fit = kmeans(selectRows(toSparseRows(vecs, N, dim), Array.from({ length: N }, (_, i) => i)), 16, { seed: 1, nInit: 1 });
const K = fit.k;
const M = 12;
const rng = mulberry32(2);
const profile: ProfileV2 = withChecksum({
  format: 'aurora-lab-profile',
  version: 2,
  created_at: new Date(0).toISOString(),
  embedder: embedder.spec,
  clusters: { k: K, centroids: Array.from({ length: K }, (_, c) => Array.from(fit.centroids.subarray(c * dim, (c + 1) * dim))), algorithm: 'spherical-kmeans', silhouette: null, info: null },
  models: Array.from({ length: M }, (_, j) => ({
    id: `m${j}`,
    size_mb: 150 + 110 * j,
    capabilities: ['text'],
    error_rates: Array.from({ length: K }, () => rng.next()),
    errors: null,
    n: null,
    raw_error_rates: null,
    ci95: null,
    overall_error_rate: null,
    costs: {},
  })),
  routing: { lambda_min: 0, lambda_max: 2, default_preference: 0.5, cost_metric: { kind: 'size' } },
  estimation: null,
  evaluation: null,
  term_dictionary: null,
  provenance: { source: 'measured', run_ids: [], devices: [], prompt_set_fingerprint: null, n_prompts: null, seed: 1, options: {} },
});
const router = compileRouter(profile);
const out: RouteResult = { cluster: 0, scores: new Float64Array(M), pick: 0, modelId: '', lambda: 0 };
const rows: Float32Array[] = Array.from({ length: N }, (_, i) => vecs.subarray(i * dim, (i + 1) * dim));
const dense = Array.from({ length: 200 }, () => Float32Array.from({ length: dim }, () => rng.next() - 0.5));

// The two must agree on every prompt (and on dense vectors).
let disagree = 0;
for (const v of [...rows, ...dense]) if (assignCluster(router, v) !== assignClusterReference(router, v)) disagree++;

const reference = (v: Float32Array, pref: number) => decide(router, assignClusterReference(router, v), pref, router.allModels, out);

type Stats = { p50_us: number; p99_us: number; p999_us: number; mean_us: number };
function summarise(t: Float64Array): Stats {
  const s = Float64Array.from(t).sort();
  const n = t.length;
  return {
    p50_us: +s[Math.floor(n * 0.5)]!.toFixed(2),
    p99_us: +s[Math.floor(n * 0.99)]!.toFixed(2),
    p999_us: +s[Math.floor(n * 0.999)]!.toFixed(2),
    mean_us: +(t.reduce((a, b) => a + b, 0) / n).toFixed(2),
  };
}
function timeHr(n: number, f: (i: number) => void): Stats {
  for (let i = 0; i < 5000; i++) f(i);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = process.hrtime.bigint();
    f(i);
    t[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  return summarise(t);
}
function timeNow(n: number, f: (i: number) => void): Stats {
  for (let i = 0; i < 5000; i++) f(i);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    f(i);
    t[i] = (performance.now() - a) * 1000;
  }
  return summarise(t);
}
/** Empty-call cost of each harness (subtract mentally; not subtracted from the figures). */
const harness = { hrtime_bigint: timeHr(50_000, () => {}), performance_now: timeNow(50_000, () => {}) };

const R = 100_000;
const sparse = (f: (v: Float32Array, p: number) => unknown) => (i: number) => void f(rows[i % N]!, (i % 11) / 10);
const denseF = (f: (v: Float32Array, p: number) => unknown) => (i: number) => void f(dense[i % dense.length]!, 0.5);
const fast = (v: Float32Array, p: number) => route(router, v, p, router.allModels, out);
const result = {
  k: K,
  models: M,
  dim,
  cpus: availableParallelism(),
  loadavg_1m: +loadavg()[0]!.toFixed(2),
  mean_nonzeros_per_prompt: +(rows.reduce((s, v) => s + v.reduce((a, x) => a + (x !== 0 ? 1 : 0), 0), 0) / N).toFixed(1),
  clusters_disagreeing_with_reference: disagree,
  harness_empty_call: harness,
  route_sparse: {
    previous_plain_loop: { hrtime_bigint: timeHr(R, sparse(reference)), performance_now: timeNow(R, sparse(reference)) },
    fast: { hrtime_bigint: timeHr(R, sparse(fast)), performance_now: timeNow(R, sparse(fast)) },
  },
  route_dense: {
    previous_plain_loop: { performance_now: timeNow(20_000, denseF(reference)) },
    fast: { performance_now: timeNow(20_000, denseF(fast)) },
  },
  lexical_embed_plus_route: timeNow(10_000, (i) => routeTextSync(router, embedder, sampleTexts[i % N]!, 0.5, router.allModels, out)),
};
console.log(JSON.stringify(result, null, 2));
