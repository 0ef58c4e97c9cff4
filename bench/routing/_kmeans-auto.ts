/**
 * Automatic K by cosine silhouette, kept for the benchmarks only (issue 12: production builds choose K by validation
 * log-loss, routing/choose-k.ts). Fits K = kMin..kMax on a seeded subsample, scores each fit by its
 * silhouette there, then refines the best fit on all rows.
 */
import { kmeans } from '../../src/main/routing/kmeans';
import type { KMeansOptions, KMeansResult } from '../../src/main/routing/kmeans';
import { deriveSeed, mulberry32, permutation } from '../../src/main/routing/prng';
import { silhouette } from '../../src/main/routing/silhouette';
import { selectRows } from '../../src/main/routing/sparse-rows';
import type { SparseRows } from '../../src/main/routing/sparse-rows';

export interface AutoKEntry {
  k: number;
  inertia: number;
  silhouette: number | null;
}

export interface AutoKOptions extends KMeansOptions {
  kMin?: number;
  kMax?: number;
  /** Fit the search on a seeded subsample of at most this many rows (default 3000). */
  searchSample?: number;
  /** Restarts per K during the search (default 2, classic k-means++ seeding). */
  searchNInit?: number;
  silhouetteSample?: number;
}

/**
 * Automatic K by cosine silhouette: fits K = kMin..kMax on a seeded subsample (`searchNInit` restarts each),
 * scores each fit by its silhouette on the subsample, takes the best (ties -> smaller K), then runs exact Lloyd
 * on ALL rows starting from the chosen fit's centroids (and `minClusterSize` applies there).
 */
export function kmeansAutoK(x: SparseRows, options: AutoKOptions = {}): { result: KMeansResult; search: AutoKEntry[] } {
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 20, x.n);
  const seed = options.seed ?? 42;
  const search: AutoKEntry[] = [];
  let best: { k: number; s: number; centroids: Float32Array } | null = null;
  for (const fit of searchFits(x, kMin, kMax, options)) {
    const s = silhouette(fit.sample, fit.result.labels, fit.result.k, { sampleSize: options.silhouetteSample ?? 2000, seed });
    search.push({ k: fit.k, inertia: fit.result.inertia, silhouette: s });
    if (s !== null && (!best || s > best.s)) best = { k: fit.result.k, s, centroids: fit.result.centroids };
  }
  if (!best) throw new Error(`no K in ${kMin}..${kMax} gave a silhouette`);
  const result = kmeans(x, best.k, { ...options, initCentroids: best.centroids });
  return { result, search };
}

/** The search fits of `kmeansAutoK` (the bench's silhouette search): each K fitted on the same seeded subsample. */
export function* searchFits(
  x: SparseRows,
  kMin: number,
  kMax: number,
  options: AutoKOptions,
): Generator<{ k: number; sample: SparseRows; result: KMeansResult }> {
  const seed = options.seed ?? 42;
  const sampleN = Math.min(x.n, options.searchSample ?? 3000);
  const sample = sampleN < x.n ? selectRows(x, permutation(x.n, mulberry32(deriveSeed(seed, 0x5a))).subarray(0, sampleN)) : x;
  for (let k = kMin; k <= Math.min(kMax, sample.n); k++) {
    const result = kmeans(sample, k, {
      ...options,
      initCentroids: undefined,
      seed: deriveSeed(seed, k),
      nInit: options.searchNInit ?? 2,
      seedingTrials: options.seedingTrials ?? 1,
      minClusterSize: 1,
    });
    yield { k, sample, result };
  }
}
