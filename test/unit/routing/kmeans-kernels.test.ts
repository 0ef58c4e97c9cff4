import { describe, expect, it } from 'vitest';
import { embedAll, fitLexicalEmbedder } from '../../../src/main/routing/embedder';
import { kmeans, toSparseRows } from '../../../src/main/routing/kmeans';
import type { SparseRows } from '../../../src/main/routing/kmeans';
import { kmeansPlusPlus } from '../../../src/main/routing/kmeans-seeding';
import { mulberry32 } from '../../../src/shared/kit/prng';
import type { Prng } from '../../../src/shared/kit/prng';
import { blockWidth, simdAvailable, simsReference, SparseSims } from '../../../src/main/routing/sparse-sims';
import { rowSqNorms } from '../../../src/main/routing/sparse-rows';
import { sleb, uleb } from '../../../src/main/routing/wasm-emit';
import { plantedMatrix } from './synthetic';

/** Unit rows with ~density non-zeros; every 17th row is empty when `empties`. */
function randomRows(n: number, dim: number, density: number, seed: number, empties = true): SparseRows {
  const rng = mulberry32(seed);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    if (empties && i % 17 === 5) continue;
    let sq = 0;
    for (let j = 0; j < dim; j++) {
      if (rng.next() < density) {
        const v = rng.next() - 0.3;
        data[i * dim + j] = v;
        sq += v * v;
      }
    }
    for (let j = 0; j < dim; j++) data[i * dim + j]! /= Math.sqrt(sq) || 1;
  }
  return toSparseRows(data, n, dim);
}

async function lexicalRows(): Promise<SparseRows> {
  const { matrix } = plantedMatrix({ topics: 6, perTopic: 40, models: 2, seed: 3 });
  const texts = matrix.prompts.map((p) => p.text);
  const { embedder } = fitLexicalEmbedder(texts, { dim: 256 });
  return toSparseRows(await embedAll(embedder, texts), texts.length, 256);
}

/**
 * Plain Lloyd, every similarity computed every iteration, sums from scratch, an empty cluster taking the row
 * least similar to its centroid: what the bounds must reproduce.
 */
function naiveLloyd(x: SparseRows, init: Float32Array, k: number, maxIter: number): { labels: Int32Array; centroids: Float32Array } {
  const { dim, n } = x;
  const cent = Float32Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  const assign = (): number => {
    let changed = 0;
    for (let r = 0; r < n; r++) {
      let best = 0;
      let bs = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s += x.values[p]! * cent[c * dim + x.indices[p]!]!;
        if (s > bs) {
          bs = s;
          best = c;
        }
      }
      if (labels[r] !== best) changed++;
      labels[r] = best;
    }
    return changed;
  };
  const dot = (r: number, c: number) => {
    let s = 0;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s += x.values[p]! * cent[c * dim + x.indices[p]!]!;
    return s;
  };
  const relocate = () => {
    const own = Float64Array.from({ length: n }, (_, r) => dot(r, labels[r]!));
    for (let c = 0; c < k; c++) {
      const sizes = new Array<number>(k).fill(0);
      for (const l of labels) sizes[l]!++;
      if (sizes[c] !== 0) continue;
      let far = -1;
      for (let r = 0; r < n; r++) if (sizes[labels[r]!]! > 1 && (far < 0 || own[r]! < own[far]!)) far = r;
      labels[far] = c;
      own[far] = Infinity;
    }
  };
  assign();
  for (let it = 0; it < maxIter; it++) {
    relocate();
    const sums = new Float64Array(k * dim);
    for (let r = 0; r < n; r++) for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) sums[labels[r]! * dim + x.indices[p]!]! += x.values[p]!;
    for (let c = 0; c < k; c++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += sums[c * dim + j]! ** 2;
      for (let j = 0; j < dim; j++) cent[c * dim + j] = sq > 0 ? sums[c * dim + j]! / Math.sqrt(sq) : 0;
    }
    if (assign() === 0) break;
  }
  return { labels, centroids: cent };
}

/** The greedy k-means++ of the previous implementation: one full dot sweep per candidate, drawn between sweeps. */
function naivePlusPlus(x: SparseRows, k: number, rng: Prng, trials: number): number[] {
  const sq = rowSqNorms(x);
  const dot = (a: number, b: number) => {
    const dense = new Float64Array(x.dim);
    for (let p = x.indptr[b]!; p < x.indptr[b + 1]!; p++) dense[x.indices[p]!] = x.values[p]!;
    let s = 0;
    for (let p = x.indptr[a]!; p < x.indptr[a + 1]!; p++) s += x.values[p]! * dense[x.indices[p]!]!;
    return s;
  };
  const dist = (i: number, id: number) => Math.max(0, sq[i]! + sq[id]! - 2 * dot(i, id));
  const first = rng.int(x.n);
  const d2 = Float64Array.from({ length: x.n }, (_, i) => dist(i, first));
  let pot = d2.reduce((a, b) => a + b, 0);
  const chosen = [first];
  for (let c = 1; c < k; c++) {
    let best: { id: number; pot: number; d: Float64Array } | null = null;
    for (let t = 0; t < trials; t++) {
      let u = rng.next() * pot;
      let id = -1;
      for (let i = 0; i < x.n && id < 0; i++) {
        u -= d2[i]!;
        if (u < 0) id = i;
      }
      if (id < 0) id = x.n - 1;
      const d = Float64Array.from(d2, (v, i) => Math.min(v, dist(i, id)));
      const p = d.reduce((a, b) => a + b, 0);
      if (!best || p < best.pot) best = { id, pot: p, d };
    }
    chosen.push(best!.id);
    d2.set(best!.d);
    pot = best!.pot;
  }
  return chosen;
}

describe('wasm emitter', () => {
  it('encodes LEB128 as the spec examples do', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });
});

describe('sparse x dense-block kernel', () => {
  const x = randomRows(300, 96, 0.2, 1);

  it('runs as WebAssembly SIMD here', () => {
    expect(simdAvailable()).toBe(true);
  });

  it.each([1, 4, 5, 8, 10, 16, 20, 24, 28, 36])('gives the plain loop bit for bit (%i columns), on any row subset', (k) => {
    const w = blockWidth(k);
    const rng = mulberry32(k);
    const block = new Float64Array(x.dim * w);
    for (let j = 0; j < x.dim; j++) for (let c = 0; c < k; c++) block[j * w + c] = Math.fround(rng.next() - 0.5);
    const rows = Uint32Array.from({ length: 120 }, () => rng.int(x.n));
    const expected = new Float64Array(rows.length * w);
    simsReference(x, rows, rows.length, block, w, expected);
    const wasm = SparseSims.of(x).compute(rows, rows.length, block, w);
    expect(Array.from(wasm.subarray(0, rows.length * w))).toEqual(Array.from(expected));
    const js = new SparseSims(x, false).compute(rows, rows.length, block, w);
    expect(Array.from(js.subarray(0, rows.length * w))).toEqual(Array.from(expected));
  });

  it('rejects a block of the wrong shape and more rows than the matrix has', () => {
    const s = SparseSims.of(x);
    expect(() => s.compute(new Uint32Array(1), 1, new Float64Array(10), 4)).toThrow(/block: expected 96 x 4/);
    expect(() => s.compute(new Uint32Array(301), 301, new Float64Array(96 * 4), 4)).toThrow(/rows: 301 requested/);
  });
});

describe('bounded Lloyd and batched seeding', () => {
  it('k-means++ picks the same rows as one sweep per candidate', async () => {
    const x = await lexicalRows();
    for (const [k, trials] of [[6, 3], [9, 4], [5, 1], [7, 6]] as const) {
      expect(kmeansPlusPlus(x, k, mulberry32(k), trials, rowSqNorms(x))).toEqual(naivePlusPlus(x, k, mulberry32(k), trials));
    }
  });

  it('reaches the labels of plain Lloyd from the same start (lexical and random data)', async () => {
    for (const [x, k] of [[await lexicalRows(), 6], [await lexicalRows(), 11], [randomRows(400, 64, 0.15, 2, false), 9], [randomRows(800, 48, 0.4, 4, false), 14]] as const) {
      const rng = mulberry32(k);
      const init = new Float32Array(k * x.dim);
      for (let c = 0; c < k; c++) {
        let r = rng.int(x.n);
        while (x.indptr[r + 1] === x.indptr[r]) r = rng.int(x.n);
        for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) init[c * x.dim + x.indices[p]!] = x.values[p]!;
      }
      const fast = kmeans(x, k, { initCentroids: init, maxIter: 60 });
      const slow = naiveLloyd(x, init, k, 60);
      expect(fast.k).toBe(k);
      expect(Array.from(fast.labels)).toEqual(Array.from(slow.labels));
      for (let i = 0; i < slow.centroids.length; i++) expect(fast.centroids[i]!).toBeCloseTo(slow.centroids[i]!, 6);
    }
  });
});
