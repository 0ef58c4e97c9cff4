/**
 * Greedy k-means++ seeding over squared euclidean distance (`|x|^2 + |y|^2 - 2 x.y`, = 2 - 2 cos on unit rows):
 * at each step `trials` candidates are drawn with probability proportional to their current distance, and the
 * one that lowers the potential most is kept (scikit-learn's rule; trials = 1 is classic k-means++).
 *
 * Every candidate needs its dot product with all n rows. The candidates of one step are drawn first (the draws
 * depend only on the distances before the step, so this is the same sequence as drawing between evaluations),
 * scattered into a dense dim x trials block, and scored in ONE kernel call (sparse-sims.ts) instead of one
 * sweep over the rows per candidate.
 */
import type { Prng } from './prng';
import { blockWidth, SparseSims } from './sparse-sims';
import type { SparseRows } from './sparse-rows';

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

/** The rows `ids` as the columns of a dim x width block (transposed, zero padding). */
function scatter(x: SparseRows, ids: readonly number[], block: Float64Array, width: number): void {
  block.fill(0);
  for (let j = 0; j < ids.length; j++) {
    const r = ids[j]!;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) block[x.indices[p]! * width + j] = x.values[p]!;
  }
}

/** Greedy k-means++: returns k row ids. `sq` holds the rows' squared norms. */
export function kmeansPlusPlus(x: SparseRows, k: number, rng: Prng, trials: number, sq: Float64Array): number[] {
  const n = x.n;
  const t = Math.max(1, trials);
  const w = blockWidth(t);
  const sims = SparseSims.of(x);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const block = new Float64Array(x.dim * w);
  const first = rng.int(n);
  scatter(x, [first], block, w);
  const dots1 = sims.compute(all, n, block, w);
  const d2 = new Float64Array(n);
  const sqFirst = sq[first]!;
  let pot = 0;
  for (let i = 0; i < n; i++) {
    d2[i] = Math.max(0, sq[i]! + sqFirst - 2 * dots1[i * w]!);
    pot += d2[i]!;
  }
  const chosen = [first];
  for (let c = 1; c < k; c++) {
    const ids: number[] = [];
    for (let j = 0; j < t; j++) ids.push(pot > 0 ? sampleByWeight(d2, pot, rng) : rng.int(n));
    scatter(x, ids, block, w);
    const dots = sims.compute(all, n, block, w);
    let bestJ = 0;
    let bestPot = Infinity;
    for (let j = 0; j < t; j++) {
      const sqId = sq[ids[j]!]!;
      let p = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.max(0, sq[i]! + sqId - 2 * dots[i * w + j]!);
        p += d < d2[i]! ? d : d2[i]!;
      }
      if (p < bestPot) {
        bestPot = p;
        bestJ = j;
      }
    }
    const sqBest = sq[ids[bestJ]!]!;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, sq[i]! + sqBest - 2 * dots[i * w + bestJ]!);
      if (d < d2[i]!) d2[i] = d;
    }
    chosen.push(ids[bestJ]!);
    pot = bestPot;
  }
  return chosen;
}
