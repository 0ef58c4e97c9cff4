/**
 * Scoring a strategy's picks against the measured matrix, one pass over the prompts: every pick is scored with
 * THAT model's measured correctness, latency and energy on THAT prompt; nothing is estimated. A pick of NO_PICK
 * is "unavailable", a pick whose cell has no measured correctness "unmeasured": neither counts in accuracy (its
 * denominator is `scored`), both are reported. Mean latency / energy run over the scored picks that have the
 * measurement. Savings vs always-largest are paired: over the prompts where both picks have the measurement.
 */
import type { MeasuredMatrix } from '../matrix';

/** 1 - strategy / largest; null when the largest's total is 0 or absent. */
export function savings(strategyTotal: number, largestTotal: number): number | null {
  return largestTotal > 0 ? 1 - strategyTotal / largestTotal : null;
}

/** Share of prompts where both strategies picked a model and picked the same one; null when none overlap. */
export function agreement(a: Int32Array, b: Int32Array): number | null {
  let both = 0;
  let same = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x < 0 || y < 0) continue;
    both++;
    if (x === y) same++;
  }
  return both ? same / both : null;
}

/** Prompts where both strategies picked a model (the n of `agreement`). */
export function agreementN(a: Int32Array, b: Int32Array): number {
  let both = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] as number) >= 0 && (b[i] as number) >= 0) both++;
  return both;
}

/** Prompts where both picks have the measurement in `column` (the n of `pairedSavings`). */
export function pairedN(matrix: MeasuredMatrix, picks: Int32Array, reference: Int32Array, column: Float64Array): number {
  let n = 0;
  for (let p = 0; p < picks.length; p++) {
    const m = picks[p] as number;
    const ref = reference[p] as number;
    if (m < 0 || ref < 0) continue;
    const a = column[p * matrix.nModels + m] as number;
    const b = column[p * matrix.nModels + ref] as number;
    if (a === a && b === b) n++;
  }
  return n;
}

export interface PickScore {
  prompts: number;
  routed: number;
  unavailable: number;
  unmeasured: number;
  scored: number;
  correct: number;
  accuracy: number | null;
  sizeSum: number;
  meanSizeMb: number | null;
  latencySum: number;
  latencyCells: number;
  meanLatencyMs: number | null;
  energySum: number;
  energyCells: number;
  meanEnergyJ: number | null;
  simulatedCells: number;
  /** Prompts routed per model index. */
  counts: Int32Array;
}

/** Scores picks against the matrix in one pass (O(prompts)). */
export function scorePicks(matrix: MeasuredMatrix, picks: Int32Array): PickScore {
  const { nModels, correct, latencyMs, energyJ, simulated } = matrix;
  const sizes = Float64Array.from(matrix.models, (m) => m.size_mb);
  const counts = new Int32Array(nModels);
  const n = Math.min(picks.length, matrix.nPrompts);
  let routed = 0;
  let scored = 0;
  let right = 0;
  let sizeSum = 0;
  let latSum = 0;
  let latN = 0;
  let enSum = 0;
  let enN = 0;
  let sim = 0;
  for (let p = 0; p < n; p++) {
    const m = picks[p] as number;
    if (m < 0) continue;
    routed++;
    counts[m] = (counts[m] as number) + 1;
    sizeSum += sizes[m] as number;
    const i = p * nModels + m;
    const c = correct[i] as number;
    if (c < 0) continue;
    scored++;
    right += c;
    if (simulated[i] === 1) sim++;
    const l = latencyMs[i] as number;
    if (l === l) {
      latSum += l;
      latN++;
    }
    const e = energyJ[i] as number;
    if (e === e) {
      enSum += e;
      enN++;
    }
  }
  return {
    prompts: matrix.nPrompts,
    routed,
    unavailable: matrix.nPrompts - routed,
    unmeasured: routed - scored,
    scored,
    correct: right,
    accuracy: scored ? right / scored : null,
    sizeSum,
    meanSizeMb: routed ? sizeSum / routed : null,
    latencySum: latSum,
    latencyCells: latN,
    meanLatencyMs: latN ? latSum / latN : null,
    energySum: enSum,
    energyCells: enN,
    meanEnergyJ: enN ? enSum / enN : null,
    simulatedCells: sim,
    counts,
  };
}

/** Measured latencies of the scored picks (for percentiles). */
export function pickedValues(matrix: MeasuredMatrix, picks: Int32Array, column: Float64Array): Float64Array {
  const out = new Float64Array(picks.length);
  let k = 0;
  for (let p = 0; p < picks.length; p++) {
    const m = picks[p] as number;
    if (m < 0) continue;
    const i = p * matrix.nModels + m;
    if ((matrix.correct[i] as number) < 0) continue;
    const v = column[i] as number;
    if (v === v) out[k++] = v;
  }
  return out.subarray(0, k);
}

/** Paired savings vs a reference strategy (normally always-largest) for latency or energy. */
export function pairedSavings(matrix: MeasuredMatrix, picks: Int32Array, reference: Int32Array, column: Float64Array): number | null {
  let s = 0;
  let r = 0;
  let n = 0;
  for (let p = 0; p < picks.length; p++) {
    const m = picks[p] as number;
    const ref = reference[p] as number;
    if (m < 0 || ref < 0) continue;
    const a = column[p * matrix.nModels + m] as number;
    const b = column[p * matrix.nModels + ref] as number;
    if (a !== a || b !== b) continue;
    s += a;
    r += b;
    n++;
  }
  return n ? savings(s, r) : null;
}

