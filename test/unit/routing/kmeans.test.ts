import { describe, expect, it } from 'vitest';
import { fitLexicalEmbedder, embedAll } from '../../../src/main/routing/embedder';
import { kmeans, toSparseRows, inertiaOf, assignRows } from '../../../src/main/routing/kmeans';
import { kmeansAutoK } from '../../../bench/routing/_kmeans-auto';
import { silhouette } from '../../../src/main/routing/silhouette';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { plantedMatrix } from './synthetic';

function blobs(n: number, dim: number, centers: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const c = Array.from({ length: centers }, () => Array.from({ length: dim }, () => rng.next() - 0.5));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) {
      const v = c[i % centers]![j]! + 0.15 * (rng.next() - 0.5);
      out[i * dim + j] = v;
      sq += v * v;
    }
    for (let j = 0; j < dim; j++) out[i * dim + j]! /= Math.sqrt(sq);
  }
  return out;
}

describe('spherical k-means', () => {
  const dim = 16;
  const x = toSparseRows(blobs(300, dim, 5, 1), 300, dim);

  it('is deterministic for a seed and differs for another seed', () => {
    const a = kmeans(x, 7, { seed: 1, nInit: 2 });
    const b = kmeans(x, 7, { seed: 1, nInit: 2 });
    const c = kmeans(x, 7, { seed: 2, nInit: 2 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
    expect(Array.from(c.centroids)).not.toEqual(Array.from(a.centroids));
  });

  it('finds planted blobs, with unit centroids and sklearn-style inertia', () => {
    const r = kmeans(x, 5, { seed: 3, nInit: 3 });
    // Each blob (i % 5) lands in one cluster.
    for (let b = 0; b < 5; b++) {
      const labels = new Set<number>();
      for (let i = b; i < 300; i += 5) labels.add(r.labels[i]!);
      expect(labels.size).toBe(1);
    }
    for (let c = 0; c < r.k; c++) {
      const n = Math.hypot(...r.centroids.subarray(c * dim, (c + 1) * dim));
      expect(n).toBeCloseTo(1, 5);
    }
    // Inertia = sum of squared distances to cluster means, computed the slow way.
    let slow = 0;
    for (let c = 0; c < r.k; c++) {
      const rows = [...r.labels.keys()].filter((i) => r.labels[i] === c);
      const mean = new Float64Array(dim);
      for (const i of rows) for (let j = 0; j < dim; j++) mean[j]! += x.values[x.indptr[i]! + j]! / rows.length;
      for (const i of rows) for (let j = 0; j < dim; j++) slow += (x.values[x.indptr[i]! + j]! - mean[j]!) ** 2;
    }
    expect(r.inertia).toBeCloseTo(slow, 6);
    expect(inertiaOf(x, r.labels, r.k)).toBeCloseTo(slow, 6);
    expect(Array.from(assignRows(x, r.centroids, r.k))).toEqual(Array.from(r.labels));
    const s = silhouette(x, r.labels, r.k)!;
    expect(s).toBeGreaterThan(0.5);
    expect(silhouette(x, r.labels, r.k, { sampleSize: 100, seed: 5 })).not.toBeNull();
  });

  it('dissolves clusters below the minimum size', () => {
    const r = kmeans(x, 12, { seed: 1, nInit: 1, minClusterSize: 40 });
    expect(r.k).toBeLessThan(12);
    expect(r.kRequested).toBe(12);
    for (const s of r.sizes) expect(s).toBeGreaterThanOrEqual(40);
  });

  it('auto K by silhouette finds the planted number of lexical topics', async () => {
    const { matrix } = plantedMatrix({ topics: 4, perTopic: 40, models: 2 });
    const { embedder } = fitLexicalEmbedder(matrix.prompts.map((p) => p.text), { dim: 512 });
    const v = toSparseRows(await embedAll(embedder, matrix.prompts.map((p) => p.text)), matrix.prompts.length, 512);
    const { result, search } = kmeansAutoK(v, { kMin: 2, kMax: 8, seed: 1 });
    expect(search.length).toBe(7);
    expect(result.k).toBe(4);
  });
});
