/** The fast nearest-centroid path agrees with the plain loop, for K not a multiple of 8, sparse and dense inputs. */
import { describe, expect, it } from 'vitest';
import { assignCluster, assignClusterReference, compileRouter, mulberry32, withChecksum } from '../../../src/main/routing';
import type { ProfileV2 } from '../../../src/main/routing';

function profile(k: number, dim: number, seed: number): ProfileV2 {
  const rng = mulberry32(seed);
  return withChecksum({
    format: 'aurora-lab-profile',
    version: 2,
    created_at: new Date(0).toISOString(),
    embedder: { type: 'external', model: 'test', dim, norm: 'l2' },
    clusters: { k, centroids: Array.from({ length: k }, () => Array.from({ length: dim }, () => rng.next() - 0.5)), algorithm: 'test', silhouette: null, info: null },
    models: [{ id: 'a', size_mb: 1, capabilities: [], error_rates: new Array<number>(k).fill(0.5), errors: null, n: null, raw_error_rates: null, ci95: null, overall_error_rate: null, costs: {} }],
    routing: { lambda_min: 0, lambda_max: 2, default_preference: 0.5, cost_metric: { kind: 'size' } },
    estimation: null,
    evaluation: null,
    term_dictionary: null,
    provenance: { source: 'measured', run_ids: [], devices: [], prompt_set_fingerprint: null, n_prompts: null, seed: null, options: {} },
  });
}

describe('assignCluster (fast path)', () => {
  it.each([1, 5, 8, 13, 16, 21])('agrees with the reference loop for K = %i', (k) => {
    const dim = 67; // not a multiple of 4: exercises the tail
    const router = compileRouter(profile(k, dim, k));
    const rng = mulberry32(100 + k);
    for (let t = 0; t < 300; t++) {
      const density = t % 3 === 0 ? 1 : 0.15;
      const v = Float32Array.from({ length: dim }, () => (rng.next() < density ? rng.next() - 0.5 : 0));
      expect(assignCluster(router, v)).toBe(assignClusterReference(router, v));
      expect(assignCluster(router, Array.from(v))).toBe(assignClusterReference(router, v));
    }
    expect(assignCluster(router, new Float32Array(dim))).toBe(0); // the zero vector goes to cluster 0
    expect(() => assignCluster(router, new Float32Array(dim + 1))).toThrow(/68 values/);
  });
});
