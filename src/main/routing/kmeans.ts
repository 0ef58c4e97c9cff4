/**
 * Spherical k-means on L2-normalised vectors (cosine geometry), built for speed on sparse lexical vectors.
 *
 * - Storage: vectors are converted once to CSR (row offsets, column indices, values; zeros skipped), so one
 *   assignment pass costs nnz x K multiply-adds. Centroids are kept transposed (dim x K, Float32Array) so the
 *   inner loop runs over K contiguous values.
 * - Assignment: the centroid with the largest dot product (= smallest cosine distance, = smallest euclidean
 *   distance between unit vectors); ties go to the lower index.
 * - Update: mean of the members, re-normalised to unit length (spherical k-means).
 * - Seeding: k-means++ over squared euclidean distance (2 - 2 cos on unit vectors), greedy variant
 *   (`2 + floor(ln K)` candidate draws per step, the best reducing the potential is kept, as scikit-learn does).
 * - Restarts: `nInit` runs with seeds `deriveSeed(seed, restart)` (prng.ts, mulberry32); the run with the lowest
 *   inertia wins (earliest run on ties). Same seed, same data, same options -> the same result, bit for bit.
 * - Empty clusters during Lloyd take the point farthest from its centroid. After convergence, clusters smaller
 *   than `minClusterSize` are dissolved one at a time (smallest first, ties by index): the centroid is dropped,
 *   its members go to their nearest remaining centroid and Lloyd resumes, so the result's `k` can be below the K asked.
 * - Stopping: no label changed, or the objective improved by less than `tol` (relative), or `maxIter`.
 * - Inertia: sum of squared euclidean distances from each vector to the MEAN of its cluster (not the unit
 *   centroid), computed exactly as sum_c (n_c - |S_c|^2 / n_c) for unit vectors: the quantity scikit-learn's
 *   KMeans reports, so the two are comparable on the same vectors.
 * - Silhouette: cosine distance. Mean distances to a cluster come from cluster sums (1 - x.S_c / n_c; own cluster
 *   excludes the point itself), so each point's silhouette is exact over ALL points; for large n it is averaged
 *   over a seeded sample of `sampleSize` points. Singletons score 0 (scikit-learn's convention).
 */
import { deriveSeed, mulberry32, permutation } from './prng';
import type { Prng } from './prng';

/** Row-major sparse matrix of n vectors. */
export interface SparseRows {
  n: number;
  dim: number;
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

export function toSparseRows(data: Float32Array, n: number, dim: number): SparseRows {
  if (data.length !== n * dim) throw new Error(`vectors: expected ${n} x ${dim} = ${n * dim} values, got ${data.length}`);
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  const indptr = new Uint32Array(n + 1);
  const indices = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let r = 0; r < n; r++) {
    const base = r * dim;
    for (let j = 0; j < dim; j++) {
      const v = data[base + j]!;
      if (v !== 0) {
        indices[p] = j;
        values[p] = v;
        p++;
      }
    }
    indptr[r + 1] = p;
  }
  return { n, dim, indptr, indices, values };
}

/** The rows `ids` of a sparse matrix (in that order). */
export function selectRows(x: SparseRows, ids: ArrayLike<number>): SparseRows {
  let nnz = 0;
  for (let i = 0; i < ids.length; i++) nnz += x.indptr[ids[i]! + 1]! - x.indptr[ids[i]!]!;
  const indptr = new Uint32Array(ids.length + 1);
  const indices = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i]!;
    const a = x.indptr[r]!;
    const b = x.indptr[r + 1]!;
    indices.set(x.indices.subarray(a, b), p);
    values.set(x.values.subarray(a, b), p);
    p += b - a;
    indptr[i + 1] = p;
  }
  return { n: ids.length, dim: x.dim, indptr, indices, values };
}

export interface KMeansOptions {
  seed?: number;
  /** Restarts; the lowest inertia wins. Default 4. */
  nInit?: number;
  /** Default 100. */
  maxIter?: number;
  /** Relative objective improvement below which Lloyd stops. Default 1e-4. */
  tol?: number;
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
  iterations: number;
  seed: number;
  nInit: number;
}

/** Fills `ct` (dim x k, transposed) from row-major centroids. */
function transpose(centroids: Float32Array, k: number, dim: number, ct: Float64Array): void {
  for (let c = 0; c < k; c++) {
    const base = c * dim;
    for (let j = 0; j < dim; j++) ct[j * k + c] = centroids[base + j]!;
  }
}

/**
 * Assigns every row to its nearest centroid (largest dot; ties to the lower index). Writes labels and best
 * similarities; returns the number of changed labels. Centroids are scored four at a time with local
 * accumulators (measured 2.3x faster than one accumulator array in V8).
 */
function assignPass(x: SparseRows, ct: Float64Array, k: number, labels: Int32Array, best: Float64Array): number {
  const { indptr, indices, values } = x;
  let changed = 0;
  for (let r = 0; r < x.n; r++) {
    const a = indptr[r]!;
    const end = indptr[r + 1]!;
    let bc = 0;
    let bs = -Infinity;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = a; p < end; p++) {
        const v = values[p]!;
        const o = indices[p]! * k + c;
        s0 += v * ct[o]!;
        s1 += v * ct[o + 1]!;
        s2 += v * ct[o + 2]!;
        s3 += v * ct[o + 3]!;
      }
      if (s0 > bs) {
        bs = s0;
        bc = c;
      }
      if (s1 > bs) {
        bs = s1;
        bc = c + 1;
      }
      if (s2 > bs) {
        bs = s2;
        bc = c + 2;
      }
      if (s3 > bs) {
        bs = s3;
        bc = c + 3;
      }
    }
    for (; c < k; c++) {
      let s0 = 0;
      for (let p = a; p < end; p++) s0 += values[p]! * ct[indices[p]! * k + c]!;
      if (s0 > bs) {
        bs = s0;
        bc = c;
      }
    }
    if (labels[r] !== bc) {
      labels[r] = bc;
      changed++;
    }
    best[r] = bs;
  }
  return changed;
}

/** Cluster sums (k x dim, Float64) and sizes from labels. */
function clusterSums(x: SparseRows, labels: Int32Array, k: number, sums: Float64Array, sizes: Uint32Array): void {
  sums.fill(0);
  sizes.fill(0);
  const { indptr, indices, values, dim } = x;
  for (let r = 0; r < x.n; r++) {
    const c = labels[r]!;
    sizes[c]!++;
    const base = c * dim;
    const end = indptr[r + 1]!;
    for (let p = indptr[r]!; p < end; p++) sums[base + indices[p]!]! += values[p]!;
  }
}

function rowSqNorm(x: SparseRows, r: number): number {
  let s = 0;
  for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s += x.values[p]! * x.values[p]!;
  return s;
}

/** sum_c (sum_i |x_i|^2 - |S_c|^2 / n_c): squared distances to cluster means. */
function inertiaFromSums(x: SparseRows, sums: Float64Array, sizes: Uint32Array, k: number): number {
  let total = 0;
  for (let r = 0; r < x.n; r++) total += rowSqNorm(x, r);
  const dim = x.dim;
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

/** Unit centroids from sums; an all-zero sum gives a zero row. */
function centroidsFromSums(sums: Float64Array, k: number, dim: number, out: Float32Array): void {
  for (let c = 0; c < k; c++) {
    const base = c * dim;
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += sums[base + j]! * sums[base + j]!;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let j = 0; j < dim; j++) out[base + j] = sums[base + j]! * inv;
  }
}

/** Dot of every row with a dense vector. */
function dotAll(x: SparseRows, dense: Float64Array, out: Float64Array): void {
  const { indptr, indices, values } = x;
  for (let r = 0; r < x.n; r++) {
    let s = 0;
    const end = indptr[r + 1]!;
    for (let p = indptr[r]!; p < end; p++) s += values[p]! * dense[indices[p]!]!;
    out[r] = s;
  }
}

function scatterRow(x: SparseRows, r: number, dense: Float64Array): void {
  dense.fill(0);
  for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) dense[x.indices[p]!] = x.values[p]!;
}

function sampleByWeight(d2: Float64Array, total: number, rng: Prng): number {
  let t = rng.next() * total;
  for (let i = 0; i < d2.length; i++) {
    t -= d2[i]!;
    if (t < 0) return i;
  }
  // Rounding left a sliver: the last point with positive weight.
  for (let i = d2.length - 1; i >= 0; i--) if (d2[i]! > 0) return i;
  return d2.length - 1;
}

/** Greedy k-means++: returns k row ids. Distances are squared euclidean between the (unit) rows. */
function kmeansPlusPlus(x: SparseRows, k: number, rng: Prng, trials: number, sq: Float64Array): number[] {
  const n = x.n;
  const dense = new Float64Array(x.dim);
  const dots = new Float64Array(n);
  const d2 = new Float64Array(n);
  const cand = new Float64Array(n);
  const bestCand = new Float64Array(n);
  const chosen: number[] = [];
  const first = rng.int(n);
  chosen.push(first);
  scatterRow(x, first, dense);
  dotAll(x, dense, dots);
  const sqFirst = sq[first]!;
  let pot = 0;
  for (let i = 0; i < n; i++) {
    d2[i] = Math.max(0, sq[i]! + sqFirst - 2 * dots[i]!);
    pot += d2[i]!;
  }
  for (let c = 1; c < k; c++) {
    let bestId = -1;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const id = pot > 0 ? sampleByWeight(d2, pot, rng) : rng.int(n);
      scatterRow(x, id, dense);
      dotAll(x, dense, dots);
      const sqId = sq[id]!;
      let p = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.max(0, sq[i]! + sqId - 2 * dots[i]!);
        const m = d < d2[i]! ? d : d2[i]!;
        cand[i] = m;
        p += m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestId = id;
        bestCand.set(cand);
      }
    }
    chosen.push(bestId);
    d2.set(bestCand);
    pot = bestPot;
  }
  return chosen;
}

interface LloydState {
  k: number;
  centroids: Float32Array;
  labels: Int32Array;
  sizes: Uint32Array;
  sums: Float64Array;
  best: Float64Array;
  iterations: number;
}

/** Lloyd iterations from the given centroids until convergence; relocates empty clusters. */
function lloyd(x: SparseRows, st: LloydState, maxIter: number, tol: number): void {
  const { dim } = x;
  const k = st.k;
  const ct = new Float64Array(dim * k);
  let prevObj = Infinity;
  for (let it = 0; it < maxIter; it++) {
    transpose(st.centroids, k, dim, ct);
    const changed = assignPass(x, ct, k, st.labels, st.best);
    clusterSums(x, st.labels, k, st.sums, st.sizes);
    // Empty clusters take the points farthest from their centroids (each point used once).
    let relocated = false;
    for (let c = 0; c < k; c++) {
      if (st.sizes[c] !== 0) continue;
      let far = -1;
      let farSim = Infinity;
      for (let r = 0; r < x.n; r++) {
        if (st.sizes[st.labels[r]!]! > 1 && st.best[r]! < farSim) {
          farSim = st.best[r]!;
          far = r;
        }
      }
      if (far < 0) continue;
      st.labels[far] = c;
      st.best[far] = 1;
      relocated = true;
      clusterSums(x, st.labels, k, st.sums, st.sizes);
    }
    centroidsFromSums(st.sums, k, dim, st.centroids);
    st.iterations++;
    let obj = 0;
    for (let r = 0; r < x.n; r++) obj += 1 - st.best[r]!;
    if (!relocated && (changed === 0 || (it > 0 && prevObj - obj <= tol * Math.abs(prevObj)))) break;
    prevObj = obj;
  }
}

/** Final assignment so labels match the returned centroids exactly. */
function finalAssign(x: SparseRows, st: LloydState): void {
  const ct = new Float64Array(x.dim * st.k);
  transpose(st.centroids, st.k, x.dim, ct);
  assignPass(x, ct, st.k, st.labels, st.best);
  clusterSums(x, st.labels, st.k, st.sums, st.sizes);
}

/** Drops centroid `c` (rows after it shift up). */
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

function runOnce(x: SparseRows, k: number, seed: number, o: KMeansDefaults, sq: Float64Array): LloydState {
  const dim = x.dim;
  const centroids = new Float32Array(k * dim);
  if (o.initCentroids) {
    if (o.initCentroids.length !== k * dim) throw new Error(`initCentroids: expected ${k * dim} values, got ${o.initCentroids.length}`);
    centroids.set(o.initCentroids);
  } else {
    const rng = mulberry32(seed);
    const trials = o.seedingTrials > 0 ? o.seedingTrials : 2 + Math.floor(Math.log(k));
    const ids = kmeansPlusPlus(x, k, rng, trials, sq);
    seedCentroids(x, ids, centroids);
  }
  return lloydFrom(x, k, centroids, o);
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

function lloydFrom(x: SparseRows, k: number, centroids: Float32Array, o: KMeansDefaults): LloydState {
  const dim = x.dim;
  const st: LloydState = {
    k,
    centroids,
    labels: new Int32Array(x.n).fill(-1),
    sizes: new Uint32Array(k),
    sums: new Float64Array(k * dim),
    best: new Float64Array(x.n),
    iterations: 0,
  };
  lloyd(x, st, o.maxIter, o.tol);
  finalAssign(x, st);
  // Dissolve clusters below the minimum size, smallest first.
  while (st.k > 1) {
    let small = -1;
    for (let c = 0; c < st.k; c++) {
      if (st.sizes[c]! < o.minClusterSize && (small < 0 || st.sizes[c]! < st.sizes[small]!)) small = c;
    }
    if (small < 0) break;
    dropCluster(st, small, dim);
    lloyd(x, st, o.maxIter, o.tol);
    finalAssign(x, st);
  }
  return st;
}

type KMeansDefaults = Required<Omit<KMeansOptions, 'initCentroids'>> & Pick<KMeansOptions, 'initCentroids'>;

function withDefaults(o: KMeansOptions): KMeansDefaults {
  return {
    seed: o.seed ?? 42,
    nInit: o.nInit ?? 4,
    maxIter: o.maxIter ?? 100,
    tol: o.tol ?? 1e-4,
    minClusterSize: o.minClusterSize ?? 1,
    seedingTrials: o.seedingTrials ?? 0,
    initCentroids: o.initCentroids,
  };
}

/** Spherical k-means with k-means++ restarts. Rows of `x` should be L2-normalised. */
export function kmeans(x: SparseRows, k: number, options: KMeansOptions = {}): KMeansResult {
  const o = withDefaults(options);
  if (!Number.isInteger(k) || k < 1) throw new Error(`k: expected an integer >= 1, got ${k}`);
  if (x.n < k) throw new Error(`k: ${k} clusters need at least ${k} vectors, got ${x.n}`);
  const sq = new Float64Array(x.n);
  for (let r = 0; r < x.n; r++) sq[r] = rowSqNorm(x, r);
  let best: { st: LloydState; inertia: number } | null = null;
  const runs = o.initCentroids ? 1 : Math.max(1, o.nInit);
  for (let run = 0; run < runs; run++) {
    const st = runOnce(x, k, deriveSeed(o.seed, run), o, sq);
    const inertia = inertiaFromSums(x, st.sums, st.sizes, st.k);
    if (!best || inertia < best.inertia) best = { st, inertia };
  }
  const st = best!.st;
  let cosObj = 0;
  for (let r = 0; r < x.n; r++) cosObj += 1 - st.best[r]!;
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
  const ct = new Float64Array(x.dim * k);
  transpose(centroids, k, x.dim, ct);
  const labels = new Int32Array(x.n).fill(-1);
  assignPass(x, ct, k, labels, new Float64Array(x.n));
  return labels;
}

/** Inertia (sklearn-comparable) of a labelling. */
export function inertiaOf(x: SparseRows, labels: Int32Array, k: number): number {
  const sums = new Float64Array(k * x.dim);
  const sizes = new Uint32Array(k);
  clusterSums(x, labels, k, sums, sizes);
  return inertiaFromSums(x, sums, sizes, k);
}

/**
 * Mean cosine silhouette. Exact per point (cluster sums over all rows); averaged over all rows when
 * n <= sampleSize, else over a seeded sample of sampleSize rows. null when k < 2.
 */
export function silhouette(x: SparseRows, labels: Int32Array, k: number, options: { sampleSize?: number; seed?: number } = {}): number | null {
  if (k < 2) return null;
  const sampleSize = options.sampleSize ?? 5000;
  const sums = new Float64Array(k * x.dim);
  const sizes = new Uint32Array(k);
  clusterSums(x, labels, k, sums, sizes);
  const st = new Float32Array(x.dim * k);
  // transpose Float64 sums into Float32 scratch (values are sums of <= n unit-vector entries; fine in float32)
  for (let c = 0; c < k; c++) for (let j = 0; j < x.dim; j++) st[j * k + c] = sums[c * x.dim + j]!;
  let rows: ArrayLike<number>;
  if (x.n <= sampleSize) {
    const all = new Uint32Array(x.n);
    for (let i = 0; i < x.n; i++) all[i] = i;
    rows = all;
  } else {
    rows = permutation(x.n, mulberry32(options.seed ?? 42)).subarray(0, sampleSize);
  }
  const dots = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    dots.fill(0);
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const v = x.values[p]!;
      const o = x.indices[p]! * k;
      for (let c = 0; c < k; c++) dots[c]! += v * st[o + c]!;
    }
    const own = labels[r]!;
    const nOwn = sizes[own]!;
    if (nOwn <= 1) continue; // s = 0
    const self = rowSqNorm(x, r);
    const a = 1 - (dots[own]! - self) / (nOwn - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const d = 1 - dots[c]! / sizes[c]!;
      if (d < b) b = d;
    }
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / rows.length;
}
