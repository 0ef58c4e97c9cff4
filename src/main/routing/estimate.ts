/**
 * Per-cluster, per-model error estimates from 0/1 correctness.
 *
 * Smoothing: a Beta prior centred on the model's overall error rate p0 (over the rows given; 0.5 if the model
 * has none) with strength s pseudo-prompts: alpha = s * p0, beta = s * (1 - p0). The estimate is the posterior
 * mean (errors + s * p0) / (n + s); with n = 0 it is p0. Interval: Wilson score 95% (z = 1.959963984540054) on
 * errors / n; [0, 1] when n = 0.
 */
import { wilson } from '../../shared/kit/stats';

/** Correctness of n prompts x m models, row-major: 1 correct, 0 wrong, -1 not measured. */
export interface Correctness {
  nPrompts: number;
  nModels: number;
  values: Int8Array;
}

export const DEFAULT_PRIOR_STRENGTH = 10;

export interface ErrorTable {
  k: number;
  m: number;
  /** k x m */
  errors: Uint32Array;
  n: Uint32Array;
  smoothed: Float64Array;
  /** per model */
  overall: Float64Array;
  /** per model: whether it had any measured row */
  measured: Uint8Array;
}

/** Error table for the rows `rows` (indices into correctness) whose clusters are `labels[i]` (aligned with rows). */
export function estimateErrors(
  correctness: Correctness,
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  priorStrength: number = DEFAULT_PRIOR_STRENGTH,
): ErrorTable {
  const m = correctness.nModels;
  const errors = new Uint32Array(k * m);
  const n = new Uint32Array(k * m);
  const totE = new Float64Array(m);
  const totN = new Float64Array(m);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const c = labels[i]!;
    const base = r * m;
    for (let j = 0; j < m; j++) {
      const y = correctness.values[base + j]!;
      if (y < 0) continue;
      n[c * m + j]!++;
      totN[j]!++;
      if (y === 0) {
        errors[c * m + j]!++;
        totE[j]!++;
      }
    }
  }
  const overall = new Float64Array(m);
  const measured = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    measured[j] = totN[j]! > 0 ? 1 : 0;
    overall[j] = totN[j]! > 0 ? totE[j]! / totN[j]! : 0.5;
  }
  const smoothed = new Float64Array(k * m);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < m; j++) {
      const p0 = overall[j]!;
      smoothed[c * m + j] = (errors[c * m + j]! + priorStrength * p0) / (n[c * m + j]! + priorStrength);
    }
  }
  return { k, m, errors, n, smoothed, overall, measured };
}

/**
 * Wilson 95 % interval of e errors out of n (the kit's); a cell with nothing measured (n = 0) is the whole [0, 1]
 * in the profile format.
 */
export function wilson95(e: number, n: number): [number, number] {
  return wilson(e, n) ?? [0, 1];
}

const EPS = 1e-6;

/**
 * Held-out log-loss: each measured (prompt, model) is predicted wrong with probability smoothed[cluster][model]
 * (clipped to [1e-6, 1 - 1e-6]); per model, the mean negative log-likelihood over its measured rows; the result
 * is the mean over models that have rows (NaN if none).
 */
export function validationLogLoss(correctness: Correctness, rows: ArrayLike<number>, labels: ArrayLike<number>, table: ErrorTable): number {
  const m = correctness.nModels;
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const c = labels[i]!;
    for (let j = 0; j < m; j++) {
      const y = correctness.values[r * m + j]!;
      if (y < 0) continue;
      let p = table.smoothed[c * m + j]!;
      p = p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
      sum[j]! -= y === 0 ? Math.log(p) : Math.log(1 - p);
      cnt[j]!++;
    }
  }
  let total = 0;
  let models = 0;
  for (let j = 0; j < m; j++) {
    if (cnt[j]! > 0) {
      total += sum[j]! / cnt[j]!;
      models++;
    }
  }
  return models > 0 ? total / models : NaN;
}
