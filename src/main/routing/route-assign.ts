/**
 * The nearest-centroid step of routing: the largest dot product of the embedding with the profile's centroids,
 * ties to the lower index. Three loops give the same float64 sums in the same coordinate order: the kernel
 * (float32 embeddings), the padded eight-wide loop (any other array) and the plain reference loop they are tested
 * against.
 */
import { RoutingError } from './errors';
import type { CostMetric } from './profile-v2';
import type { RowSims } from './sparse-sims';

export interface CompiledRouter {
  readonly k: number;
  readonly dim: number;
  readonly modelIds: readonly string[];
  readonly capabilities: readonly (readonly string[])[];
  /** dim x k, transposed centroids (float32: half the memory traffic, measured faster at the p99). */
  readonly centroidsT: Float32Array;
  /** k x m. */
  readonly err: Float64Array;
  /** m, in [0, 1]. */
  readonly costNorm: Float64Array;
  /** The raw cost of each model under the metric (MB, ms or J). */
  readonly cost: Float64Array;
  readonly costMetric: CostMetric;
  readonly lambdaMin: number;
  readonly lambdaMax: number;
  readonly defaultPreference: number;
  /** All models (mask of ones). */
  readonly allModels: Uint8Array;
  /** Scratch for dot products (float64 accumulation). */
  readonly dots: Float64Array;
  /**
   * The centroids for `assignCluster`'s fast path: dim rows of `kPad` float64 (K rounded up to a multiple of 8,
   * padding zero), i.e. transposed so one embedding coordinate touches one contiguous row.
   */
  readonly centroidsPadded: Float64Array;
  readonly kPad: number;
  /** Scratch: the embedding's non-zero coordinates (index, value), filled per call. */
  readonly nzIndex: Int32Array;
  readonly nzValue: Float64Array;
  /** The same dots through the WebAssembly SIMD kernel (sparse-sims.ts), for float32 embeddings; null without it. */
  readonly kernel: RowSims | null;
}

/**
 * Nearest centroid by dot product (the embedding need not be normalised); ties to the lower index. No allocation.
 *
 * Two passes: the embedding's non-zero coordinates are gathered first, four at a time (a sparse lexical vector has
 * a few hundred of 2048), then the K dot products are accumulated eight clusters at a time in local variables over
 * the padded, transposed float64 centroid rows. The sums are the same float64 sums, in the same coordinate order, as the plain
 * loop `assignClusterReference` (the test checks they agree on every prompt).
 */
export function assignCluster(router: CompiledRouter, embedding: ArrayLike<number>): number {
  const { k, dim, kPad, centroidsPadded: C, dots, nzIndex, nzValue } = router;
  if (embedding.length !== dim) {
    throw new RoutingError('dimension-mismatch', `embedding has ${embedding.length} values, the profile's embedder has ${dim}`);
  }
  if (router.kernel && embedding instanceof Float32Array) return assignWithKernel(router.kernel, embedding, k);
  let nnz = 0;
  let j = 0;
  for (; j + 4 <= dim; j += 4) {
    const v0 = embedding[j]!;
    const v1 = embedding[j + 1]!;
    const v2 = embedding[j + 2]!;
    const v3 = embedding[j + 3]!;
    if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
    if (v0 !== 0) {
      nzIndex[nnz] = j;
      nzValue[nnz++] = v0;
    }
    if (v1 !== 0) {
      nzIndex[nnz] = j + 1;
      nzValue[nnz++] = v1;
    }
    if (v2 !== 0) {
      nzIndex[nnz] = j + 2;
      nzValue[nnz++] = v2;
    }
    if (v3 !== 0) {
      nzIndex[nnz] = j + 3;
      nzValue[nnz++] = v3;
    }
  }
  for (; j < dim; j++) {
    const v = embedding[j]!;
    if (v !== 0) {
      nzIndex[nnz] = j;
      nzValue[nnz++] = v;
    }
  }
  for (let c = 0; c < kPad; c += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let q = 0; q < nnz; q++) {
      const v = nzValue[q]!;
      const o = nzIndex[q]! * kPad + c;
      a0 += v * C[o]!;
      a1 += v * C[o + 1]!;
      a2 += v * C[o + 2]!;
      a3 += v * C[o + 3]!;
      a4 += v * C[o + 4]!;
      a5 += v * C[o + 5]!;
      a6 += v * C[o + 6]!;
      a7 += v * C[o + 7]!;
    }
    dots[c] = a0;
    dots[c + 1] = a1;
    dots[c + 2] = a2;
    dots[c + 3] = a3;
    dots[c + 4] = a4;
    dots[c + 5] = a5;
    dots[c + 6] = a6;
    dots[c + 7] = a7;
  }
  let best = 0;
  let bs = dots[0]!;
  for (let c = 1; c < k; c++) {
    if (dots[c]! > bs) {
      bs = dots[c]!;
      best = c;
    }
  }
  return best;
}

/**
 * A float32 embedding through the kernel: copied into the kernel's memory, its non-zeros gathered there without
 * branches, then the K dots as float64 sums in coordinate order (the same sums as above, two centroids per SIMD
 * lane pair). The JavaScript gather's branches on the sparsity pattern were most of a call's time (~7 ns per
 * non-zero, mispredicted), and so the p99 on long prompts.
 */
function assignWithKernel(kernel: RowSims, embedding: Float32Array, k: number): number {
  const dots = kernel.computeDense(embedding);
  let best = 0;
  let bs = dots[0]!;
  for (let c = 1; c < k; c++) {
    if (dots[c]! > bs) {
      bs = dots[c]!;
      best = c;
    }
  }
  return best;
}

/** The plain loop (float32 transposed centroids, zeros skipped): the reference `assignCluster` must agree with. */
export function assignClusterReference(router: CompiledRouter, embedding: ArrayLike<number>): number {
  const { k, dim, centroidsT } = router;
  if (embedding.length !== dim) {
    throw new RoutingError('dimension-mismatch', `embedding has ${embedding.length} values, the profile's embedder has ${dim}`);
  }
  const dots = new Float64Array(k);
  for (let j = 0; j < dim; j++) {
    const v = embedding[j]!;
    if (v === 0) continue;
    const o = j * k;
    for (let c = 0; c < k; c++) dots[c]! += v * centroidsT[o + c]!;
  }
  let best = 0;
  let bs = dots[0]!;
  for (let c = 1; c < k; c++) {
    if (dots[c]! > bs) {
      bs = dots[c]!;
      best = c;
    }
  }
  return best;
}
