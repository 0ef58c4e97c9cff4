/** Cosine silhouette of a clustering, from cluster sums. */
import { clusterSums } from './kmeans-lloyd';
import { mulberry32, permutation } from './prng';
import { blockWidth, SparseSims } from './sparse-sims';
import { rowSqNorm } from './sparse-rows';
import type { SparseRows } from './sparse-rows';

/**
 * Mean cosine silhouette. Exact per point (cluster sums over all rows); averaged over all rows when
 * n <= sampleSize, else over a seeded sample of sampleSize rows. null when k < 2. Mean distances to a cluster
 * come from its sum (1 - x.S_c / n_c; the own cluster excludes the point itself). Singletons score 0
 * (scikit-learn's convention).
 */
export function silhouette(x: SparseRows, labels: Int32Array, k: number, options: { sampleSize?: number; seed?: number } = {}): number | null {
  if (k < 2) return null;
  const sampleSize = options.sampleSize ?? 5000;
  const sums = new Float64Array(k * x.dim);
  const sizes = new Uint32Array(k);
  clusterSums(x, labels, k, sums, sizes);
  // The cluster sums as a block of k columns (float64): the dots of the sampled rows in one kernel call.
  const w = blockWidth(k);
  const block = new Float64Array(x.dim * w);
  for (let c = 0; c < k; c++) for (let j = 0; j < x.dim; j++) block[j * w + c] = sums[c * x.dim + j]!;
  let rows: Uint32Array;
  if (x.n <= sampleSize) {
    rows = new Uint32Array(x.n);
    for (let i = 0; i < x.n; i++) rows[i] = i;
  } else {
    rows = permutation(x.n, mulberry32(options.seed ?? 42)).subarray(0, sampleSize);
  }
  const dots = SparseSims.of(x).compute(rows, rows.length, block, w);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const o = i * w;
    const own = labels[r]!;
    const nOwn = sizes[own]!;
    if (nOwn <= 1) continue; // s = 0
    const self = rowSqNorm(x, r);
    const a = 1 - (dots[o + own]! - self) / (nOwn - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const d = 1 - dots[o + c]! / sizes[c]!;
      if (d < b) b = d;
    }
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / rows.length;
}
