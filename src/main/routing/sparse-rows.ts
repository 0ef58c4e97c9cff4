/**
 * Row-major sparse matrices (CSR) of embedding vectors: the storage k-means, silhouette and cluster inspection
 * read. Lexical vectors are ~16 % non-zero at dim 2048, so every pass over the rows costs their non-zeros, not
 * n x dim.
 */

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

export function rowSqNorm(x: SparseRows, r: number): number {
  let s = 0;
  const end = x.indptr[r + 1]!;
  for (let p = x.indptr[r]!; p < end; p++) s += x.values[p]! * x.values[p]!;
  return s;
}

/** Squared L2 norm of every row. */
export function rowSqNorms(x: SparseRows): Float64Array {
  const sq = new Float64Array(x.n);
  for (let r = 0; r < x.n; r++) sq[r] = rowSqNorm(x, r);
  return sq;
}

/** Dot of row r with row `c` of a row-major float32 matrix whose rows have `dim` values (e.g. centroids). */
export function rowDot(x: SparseRows, r: number, dense: Float32Array, c: number): number {
  const base = c * x.dim;
  let s = 0;
  const end = x.indptr[r + 1]!;
  for (let p = x.indptr[r]!; p < end; p++) s += x.values[p]! * dense[base + x.indices[p]!]!;
  return s;
}
