/**
 * Spherical k-means on L2-normalised vectors (cosine geometry), built for speed on sparse lexical vectors.
 *
 * - Storage: CSR rows (sparse-rows.ts), so a pass costs non-zeros x K multiply-adds; centroids transposed
 *   (dim x K) for full passes so the inner loop reads K contiguous values.
 * - Assignment: the centroid with the largest dot product (= smallest cosine distance, = smallest euclidean
 *   distance between unit vectors); ties go to the lower index. After the first pass, Elkan-style bounds skip
 *   the dot products that cannot change a label (kmeans-lloyd.ts); the labels are the full pass's.
 * - Update: mean of the members, re-normalised to unit length (spherical k-means).
 * - Seeding: greedy k-means++ over squared euclidean distance (`2 + floor(ln K)` candidates per step, the best
 *   reducing the potential is kept, as scikit-learn does; kmeans-seeding.ts).
 * - Restarts: `nInit` runs with seeds `deriveSeed(seed, restart)` (prng.ts, mulberry32); the run with the lowest
 *   inertia wins (earliest run on ties). Same seed, same data, same options -> the same result, bit for bit.
 * - Empty clusters during Lloyd take the point farthest from its centroid. After convergence, clusters smaller
 *   than `minClusterSize` are dissolved one at a time (smallest first, ties by index): the centroid is dropped,
 *   its members go to their nearest remaining centroid and Lloyd resumes, so the result's `k` can be below the K asked.
 * - Stopping: no label changed (a fixed point of Lloyd), or `maxIter` centroid updates (default 50, FAISS's
 *   iteration budget), then one last assignment so labels always match the returned centroids.
 * - Inertia: sum of squared euclidean distances from each vector to the MEAN of its cluster (not the unit
 *   centroid), computed exactly as sum_c (sum_i |x_i|^2 - |S_c|^2 / n_c): the quantity scikit-learn's KMeans
 *   reports, so the two are comparable on the same vectors.
 */
import { kmeansPlusPlus } from './kmeans-seeding';
import { argmax, clusterSums, finishSums, lloyd, transpose } from './kmeans-lloyd';
import type { LloydState } from './kmeans-lloyd';
import { deriveSeed, mulberry32 } from './prng';
import { blockWidth, SparseSims } from './sparse-sims';
import { rowDot, rowSqNorms } from './sparse-rows';
import type { SparseRows } from './sparse-rows';

export { toSparseRows, selectRows } from './sparse-rows';
export type { SparseRows } from './sparse-rows';

export interface KMeansOptions {
  seed?: number;
  /** Restarts; the lowest inertia wins. Default 4. */
  nInit?: number;
  /** Centroid updates per run at most. Default 50. */
  maxIter?: number;
  /** Clusters smaller than this are dissolved after convergence. Default 1 (none). */
  minClusterSize?: number;
  /** k-means++ candidates per step; default 2 + floor(ln K) (greedy). 1 = classic k-means++. */
  seedingTrials?: number;
  /** Start Lloyd from these centroids (k x dim, row-major) instead of k-means++; one run, no restarts. */
  initCentroids?: Float32Array;
}

export interface KMeansResult {
  /** Clusters found (can be below the K asked when tiny clusters were dissolved). */
  k: number;
  /** K asked. */
  kRequested: number;
  dim: number;
  /** k x dim, row-major, unit-length rows. */
  centroids: Float32Array;
  labels: Int32Array;
  sizes: Uint32Array;
  inertia: number;
  /** Sum over points of (1 - cos(x, centroid)): the spherical objective Lloyd minimises. */
  cosineObjective: number;
  /** Centroid updates of the winning run. */
  iterations: number;
  seed: number;
  nInit: number;
}

/** sum_c (sum_i |x_i|^2 - |S_c|^2 / n_c): squared distances to cluster means. */
function inertiaFromSums(totalSq: number, sums: Float64Array, sizes: Uint32Array, k: number, dim: number): number {
  let total = totalSq;
  for (let c = 0; c < k; c++) {
    const n = sizes[c]!;
    if (n === 0) continue;
    let sq = 0;
    const base = c * dim;
    for (let j = 0; j < dim; j++) sq += sums[base + j]! * sums[base + j]!;
    total -= sq / n;
  }
  return Math.max(0, total);
}

function seedCentroids(x: SparseRows, ids: number[], centroids: Float32Array): void {
  const dim = x.dim;
  for (let c = 0; c < ids.length; c++) {
    const r = ids[c]!;
    let s = 0;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s += x.values[p]! * x.values[p]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) centroids[c * dim + x.indices[p]!] = x.values[p]! * inv;
  }
}

/** Drops centroid `c` (rows after it shift up); every row is unassigned again. */
function dropCluster(st: LloydState, c: number, dim: number): void {
  const k = st.k - 1;
  const cent = new Float32Array(k * dim);
  cent.set(st.centroids.subarray(0, c * dim), 0);
  cent.set(st.centroids.subarray((c + 1) * dim), c * dim);
  st.centroids = cent;
  st.k = k;
  st.sums = new Float64Array(k * dim);
  st.sizes = new Uint32Array(k);
  st.labels.fill(-1);
}

type KMeansDefaults = Required<Omit<KMeansOptions, 'initCentroids'>> & Pick<KMeansOptions, 'initCentroids'>;

function withDefaults(o: KMeansOptions): KMeansDefaults {
  return {
    seed: o.seed ?? 42,
    nInit: o.nInit ?? 4,
    maxIter: o.maxIter ?? 50,
    minClusterSize: o.minClusterSize ?? 1,
    seedingTrials: o.seedingTrials ?? 0,
    initCentroids: o.initCentroids,
  };
}

/** Squared norms, norms and their total: computed once for all restarts. */
interface RowNorms {
  sq: Float64Array;
  norm: Float64Array;
  totalSq: number;
}

function rowNorms(x: SparseRows): RowNorms {
  const sq = rowSqNorms(x);
  const norm = new Float64Array(x.n);
  let totalSq = 0;
  for (let r = 0; r < x.n; r++) {
    norm[r] = Math.sqrt(sq[r]!);
    totalSq += sq[r]!;
  }
  return { sq, norm, totalSq };
}

function lloydFrom(x: SparseRows, k: number, centroids: Float32Array, o: KMeansDefaults, norms: RowNorms): LloydState {
  const dim = x.dim;
  const st: LloydState = {
    k,
    centroids,
    labels: new Int32Array(x.n).fill(-1),
    sizes: new Uint32Array(k),
    sums: new Float64Array(k * dim),
    iterations: 0,
  };
  lloyd(x, st, o.maxIter, norms.norm);
  finishSums(x, st);
  // Dissolve clusters below the minimum size, smallest first.
  while (st.k > 1) {
    let small = -1;
    for (let c = 0; c < st.k; c++) {
      if (st.sizes[c]! < o.minClusterSize && (small < 0 || st.sizes[c]! < st.sizes[small]!)) small = c;
    }
    if (small < 0) break;
    dropCluster(st, small, dim);
    lloyd(x, st, o.maxIter, norms.norm);
    finishSums(x, st);
  }
  return st;
}

/** One restart: k-means++ (or the given centroids), then Lloyd. */
function runOnce(x: SparseRows, k: number, seed: number, o: KMeansDefaults, norms: RowNorms): LloydState {
  const centroids = new Float32Array(k * x.dim);
  if (o.initCentroids) {
    if (o.initCentroids.length !== k * x.dim) throw new Error(`initCentroids: expected ${k * x.dim} values, got ${o.initCentroids.length}`);
    centroids.set(o.initCentroids);
  } else {
    const trials = o.seedingTrials > 0 ? o.seedingTrials : 2 + Math.floor(Math.log(k));
    seedCentroids(x, kmeansPlusPlus(x, k, mulberry32(seed), trials, norms.sq), centroids);
  }
  return lloydFrom(x, k, centroids, o, norms);
}

/** Spherical k-means with k-means++ restarts. Rows of `x` should be L2-normalised. */
export function kmeans(x: SparseRows, k: number, options: KMeansOptions = {}): KMeansResult {
  const o = withDefaults(options);
  if (!Number.isInteger(k) || k < 1) throw new Error(`k: expected an integer >= 1, got ${k}`);
  if (x.n < k) throw new Error(`k: ${k} clusters need at least ${k} vectors, got ${x.n}`);
  const norms = rowNorms(x);
  let best: { st: LloydState; inertia: number } | null = null;
  const runs = o.initCentroids ? 1 : Math.max(1, o.nInit);
  for (let run = 0; run < runs; run++) {
    const st = runOnce(x, k, deriveSeed(o.seed, run), o, norms);
    const inertia = inertiaFromSums(norms.totalSq, st.sums, st.sizes, st.k, x.dim);
    if (!best || inertia < best.inertia) best = { st, inertia };
  }
  const st = best!.st;
  let cosObj = 0;
  for (let r = 0; r < x.n; r++) cosObj += 1 - rowDot(x, r, st.centroids, st.labels[r]!);
  return {
    k: st.k,
    kRequested: k,
    dim: x.dim,
    centroids: st.centroids,
    labels: st.labels,
    sizes: st.sizes,
    inertia: best!.inertia,
    cosineObjective: cosObj,
    iterations: st.iterations,
    seed: o.seed,
    nInit: o.nInit,
  };
}

/** Nearest centroid (largest dot; ties to the lower index) for every row. */
export function assignRows(x: SparseRows, centroids: Float32Array, k: number): Int32Array {
  const w = blockWidth(k);
  const ct = new Float64Array(x.dim * w);
  transpose(centroids, k, x.dim, ct);
  const rows = new Uint32Array(x.n);
  for (let r = 0; r < x.n; r++) rows[r] = r;
  const sims = SparseSims.of(x).compute(rows, x.n, ct, w);
  const labels = new Int32Array(x.n);
  for (let r = 0; r < x.n; r++) labels[r] = argmax(sims, r * w, k);
  return labels;
}

/** Inertia (sklearn-comparable) of a labelling. */
export function inertiaOf(x: SparseRows, labels: Int32Array, k: number): number {
  const sums = new Float64Array(k * x.dim);
  const sizes = new Uint32Array(k);
  clusterSums(x, labels, k, sums, sizes);
  let totalSq = 0;
  const sq = rowSqNorms(x);
  for (let r = 0; r < x.n; r++) totalSq += sq[r]!;
  return inertiaFromSums(totalSq, sums, sizes, k, x.dim);
}
