/**
 * route() latency given an embedding (K = 16, 12 models, lexical dim 2048, real MMLU prompt vectors) and
 * lexical embed + route. Prints JSON. Run: npx tsx bench/routing/route-latency.ts
 */
import { fitLexicalEmbedder, embedAll } from '../../src/main/routing/embedder';
import { kmeans, selectRows, toSparseRows } from '../../src/main/routing/kmeans';
import { compileRouter, route, routeTextSync } from '../../src/main/routing/route';
import { withChecksum } from '../../src/main/routing/profile-v2';
import type { ProfileV2 } from '../../src/main/routing/profile-v2';
import { mulberry32, permutation } from '../../src/shared/kit/prng';
import { loadMmluTest } from './mmlu-csv';

const qs = loadMmluTest();
const texts = qs.map((q) => q.question);
const { embedder } = fitLexicalEmbedder(texts);
const dim = embedder.dim;
const sampleIds = permutation(texts.length, mulberry32(1)).subarray(0, 2000);
const sampleTexts = Array.from(sampleIds, (i) => texts[i]!);
const vecs = await embedAll(embedder, sampleTexts);
const x = toSparseRows(vecs, sampleTexts.length, dim);
const fit = kmeans(selectRows(x, Array.from({ length: 2000 }, (_, i) => i)), 16, { seed: 1, nInit: 1 });
const K = fit.k;
const rng = mulberry32(2);
const M = 12;
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
const out = { cluster: 0, scores: new Float64Array(M), pick: 0, modelId: '', lambda: 0 };
const rows: Float32Array[] = Array.from({ length: 2000 }, (_, i) => vecs.subarray(i * dim, (i + 1) * dim));
// Dense (all-nonzero) embeddings too, as an external model would give.
const dense = Array.from({ length: 200 }, () => Float32Array.from({ length: dim }, () => rng.next() - 0.5));

function timeEach(n: number, f: (i: number) => void): { p50_us: number; p99_us: number; mean_us: number } {
  for (let i = 0; i < 5000; i++) f(i); // warm-up
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = process.hrtime.bigint();
    f(i);
    t[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  const s = Float64Array.from(t).sort();
  return { p50_us: +s[Math.floor(n * 0.5)]!.toFixed(2), p99_us: +s[Math.floor(n * 0.99)]!.toFixed(2), mean_us: +(t.reduce((a, b) => a + b, 0) / n).toFixed(2) };
}

const lexical = timeEach(50000, (i) => route(router, rows[i % rows.length]!, (i % 11) / 10, router.allModels, out));
const denseT = timeEach(20000, (i) => route(router, dense[i % dense.length]!, 0.5, router.allModels, out));
const e2e = timeEach(5000, (i) => routeTextSync(router, embedder, sampleTexts[i % sampleTexts.length]!, 0.5, router.allModels, out));
console.log(
  JSON.stringify(
    {
      k: K,
      models: M,
      dim,
      route_sparse_lexical_embedding: lexical,
      route_dense_embedding: denseT,
      lexical_embed_plus_route: e2e,
      mean_words_per_prompt: +(sampleTexts.reduce((s, t) => s + t.split(/\s+/).length, 0) / sampleTexts.length).toFixed(1),
    },
    null,
    2,
  ),
);
