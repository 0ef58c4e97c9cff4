import { describe, expect, it } from 'vitest';
import { toSparseRows } from '../../../src/main/routing/kmeans';
import { blockWidth, RowSims, simsReference } from '../../../src/main/routing/sparse-sims';
import { mulberry32 } from '../../../src/shared/kit/prng';

/** A dense float32 vector with ~density non-zeros (and a -0 or two, which count as zeros). */
function vector(dim: number, density: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const v = new Float32Array(dim);
  for (let j = 0; j < dim; j++) if (rng.next() < density) v[j] = rng.next() - 0.4;
  v[1] = -0;
  return v;
}

describe('one row against a fixed float32 block (route()\'s kernel)', () => {
  it.each([[37, 3], [64, 8], [129, 16], [2048, 20]])('dim %i, %i columns: the float64 plain loop bit for bit, from a dense vector', (dim, k) => {
    const w = blockWidth(k);
    const rng = mulberry32(dim + k);
    const block = new Float64Array(dim * w);
    for (let j = 0; j < dim; j++) for (let c = 0; c < k; c++) block[j * w + c] = Math.fround(rng.next() - 0.5);
    const sims = RowSims.create(block, w, dim)!;
    expect(sims).not.toBeNull();
    const vectors = [vector(dim, 0.15, 1), vector(dim, 1, 2), new Float32Array(dim), vector(dim, 0.02, 3), vector(dim, 0.5, 4)];
    vectors[3]![dim - 1] = 0.25; // the last coordinate
    for (const v of vectors) {
      const expected = new Float64Array(w);
      simsReference(toSparseRows(v, 1, dim), [0], 1, block, w, expected);
      expect(Array.from(sims.computeDense(v))).toEqual(Array.from(expected));
    }
    // The sparse entry point still works after a dense call (its own non-zeros).
    sims.indices[0] = 2;
    sims.values[0] = 0.5;
    const one = Array.from(sims.compute(1));
    expect(one.slice(0, k)).toEqual(Array.from({ length: k }, (_, c) => 0.5 * block[2 * w + c]!));
  });

  it('a NaN coordinate counts as a non-zero (as v !== 0 does); refuses a vector of the wrong length', () => {
    const dim = 16;
    const block = new Float64Array(dim * 4).fill(0.5);
    const sims = RowSims.create(block, 4, dim)!;
    const v = new Float32Array(dim);
    v[3] = Number.NaN;
    expect(Number.isNaN(sims.computeDense(v)[0]!)).toBe(true);
    expect(() => sims.computeDense(new Float32Array(dim - 1))).toThrow(/expected 16 values, got 15/);
  });

  it('is not made for a block that is not float32 values (the caller keeps its float64 loop)', () => {
    const block = new Float64Array(8 * 4).fill(0.5);
    block[5] = 0.1;
    expect(RowSims.create(block, 4, 8)).toBeNull();
  });
});
