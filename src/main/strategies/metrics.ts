/**
 * Router metrics as small pure functions over per-prompt arrays (the RouteLLM `evals/` pattern). Every pick is
 * scored with THAT model's measured correctness, latency and energy on THAT prompt; nothing is estimated:
 *
 * - a prompt whose pick is NO_PICK is "unavailable"; a pick whose cell has no measured correctness is
 *   "unmeasured". Neither counts in accuracy (its denominator is `scored`), and both are reported.
 * - mean latency / energy run over the scored picks that have that measurement (`latencyCells`, `energyCells`).
 * - savings vs always-largest are paired: 1 - sum(strategy) / sum(largest) over the prompts where both the
 *   strategy's pick and the largest model have the measurement (size: the strategy's routed prompts).
 *
 * Curves (cost x quality, one point per sweep preference):
 * - RouterBench: the non-decreasing convex hull of the points; AIQ = area under the hull over the cost range of the
 *   single models / that range.
 * - UniRoute: the deferral curve q(c) through the points (sorted by cost, linear in between, flat after the last
 *   point, 0 below the first: a router cannot spend less than its cheapest point); Area = (1/c_max) * integral
 *   from 0 to c_max of q(c), c_max = the most expensive single model's cost. QNC = the smallest point cost whose
 *   quality reaches the best single model's quality, divided by that model's cost (points only, no
 *   interpolation); null if no point reaches it.
 * - RouteLLM: PGR = (q - q_weak) / (q_strong - q_weak), over the share of prompts sent to the strong model; APGR =
 *   trapezoid area under PGR(share) on [0, 1] with the anchors (0, 0) (all weak) and (1, 1) (all strong);
 *   CPT(x) = the smallest strong-call share of a point with PGR >= x (points only).
 */
import type { MeasuredMatrix } from './matrix';
import { largestModel, smallestModel, summarizeMatrix } from './matrix';
import type { CostMetric, RouterSweep, Strategy } from './strategies';
import { alwaysModel, measuredOracle } from './strategies';
import { quantile, wilson } from '../../shared/kit/stats';

// ---------------------------------------------------------------------------------------------------------------
// Pairwise figures

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

// ---------------------------------------------------------------------------------------------------------------
// One pass over a strategy's picks

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

// ---------------------------------------------------------------------------------------------------------------
// Curves

export interface CurvePoint {
  cost: number;
  quality: number;
}

/** Points sorted by cost; equal costs keep the best quality. */
function sortedUnique(points: readonly CurvePoint[]): CurvePoint[] {
  const s = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.quality)).slice().sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const out: CurvePoint[] = [];
  for (const p of s) if (out.length === 0 || (out.at(-1) as CurvePoint).cost !== p.cost) out.push({ cost: p.cost, quality: p.quality });
  return out;
}

/**
 * RouterBench's non-decreasing convex hull: the upper convex hull of the points from the cheapest point up to the
 * best-quality point (cheapest among equals); beyond it the curve stays flat at the best quality.
 */
export function nonDecreasingConvexHull(points: readonly CurvePoint[]): CurvePoint[] {
  const pts = sortedUnique(points);
  const hull: CurvePoint[] = [];
  for (const p of pts) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as CurvePoint;
      const b = hull[hull.length - 1] as CurvePoint;
      // Keep b only if it lies strictly above the segment a -> p (a right turn).
      const cross = (b.cost - a.cost) * (p.quality - a.quality) - (b.quality - a.quality) * (p.cost - a.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  let peak = 0;
  hull.forEach((p, i) => {
    if (p.quality > (hull[peak] as CurvePoint).quality) peak = i;
  });
  return hull.slice(0, peak + 1);
}

/**
 * Integral over [from, to] of the piecewise-linear curve through `curve` (sorted by cost): 0 below the first point,
 * linear between points, flat at the last point's quality after it.
 */
export function integrateCurve(curve: readonly CurvePoint[], from: number, to: number): number {
  if (curve.length === 0 || to <= from) return 0;
  // q(c) from the right of c, or from the left when `left` (only differs at the first point, where q jumps from 0).
  const q = (c: number, left: boolean): number => {
    const first = curve[0] as CurvePoint;
    if (c < first.cost || (left && c === first.cost)) return 0;
    for (let i = 1; i < curve.length; i++) {
      const a = curve[i - 1] as CurvePoint;
      const b = curve[i] as CurvePoint;
      if (c <= b.cost) return b.cost === a.cost ? b.quality : a.quality + ((c - a.cost) / (b.cost - a.cost)) * (b.quality - a.quality);
    }
    return (curve.at(-1) as CurvePoint).quality;
  };
  // Breakpoints: the interval ends and every point cost inside.
  const xs = [from, to, ...curve.map((p) => p.cost).filter((c) => c > from && c < to)].sort((a, b) => a - b);
  let area = 0;
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] as number;
    const b = xs[i] as number;
    if (b <= a) continue;
    // q is linear inside each segment: trapezoid with the one-sided limits at its ends is exact.
    area += ((q(a, false) + q(b, true)) / 2) * (b - a);
  }
  return area;
}

/** RouterBench AIQ: area under the non-decreasing convex hull over [cMin, cMax], divided by (cMax - cMin). */
export function aiq(points: readonly CurvePoint[], cMin: number, cMax: number): number | null {
  const hull = nonDecreasingConvexHull(points);
  if (hull.length === 0) return null;
  if (cMax <= cMin) return (hull.at(-1) as CurvePoint).quality;
  return integrateCurve(hull, cMin, cMax) / (cMax - cMin);
}

/** UniRoute deferral curve area: (1/cMax) * integral from 0 to cMax of q(c), the curve through the points. */
export function deferralArea(points: readonly CurvePoint[], cMax: number): number | null {
  const curve = sortedUnique(points);
  if (curve.length === 0 || !(cMax > 0)) return null;
  return integrateCurve(curve, 0, cMax) / cMax;
}

/** UniRoute QNC: smallest cost of a point reaching `best.quality`, / best.cost; null if none reaches it. */
export function qnc(points: readonly CurvePoint[], best: CurvePoint): number | null {
  let c = Infinity;
  for (const p of points) if (p.quality >= best.quality - 1e-12 && p.cost < c) c = p.cost;
  return Number.isFinite(c) && best.cost > 0 ? c / best.cost : null;
}

/** RouteLLM performance gap recovered; null when strong and weak have the same quality. */
export function pgr(quality: number, qWeak: number, qStrong: number): number | null {
  return qStrong === qWeak ? null : (quality - qWeak) / (qStrong - qWeak);
}

export interface SharePoint {
  strongShare: number;
  quality: number;
}

/** RouteLLM APGR: trapezoid area under PGR(strong share) on [0, 1], anchored at (0, 0) and (1, 1). */
export function apgr(points: readonly SharePoint[], qWeak: number, qStrong: number): number | null {
  if (qStrong === qWeak) return null;
  const pts = [{ x: 0, y: 0 }, ...points.map((p) => ({ x: p.strongShare, y: pgr(p.quality, qWeak, qStrong) as number })), { x: 1, y: 1 }].sort((a, b) => a.x - b.x || a.y - b.y);
  let area = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as { x: number; y: number };
    const b = pts[i] as { x: number; y: number };
    area += ((a.y + b.y) / 2) * (b.x - a.x);
  }
  return area;
}

/** RouteLLM CPT(x): smallest strong-call share of a point whose PGR >= x; null if none. */
export function cpt(points: readonly SharePoint[], qWeak: number, qStrong: number, x: number): number | null {
  if (qStrong === qWeak) return null;
  let best = Infinity;
  for (const p of points) {
    const g = pgr(p.quality, qWeak, qStrong) as number;
    if (g >= x - 1e-12 && p.strongShare < best) best = p.strongShare;
  }
  return Number.isFinite(best) ? best : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

export interface StrategyRow {
  name: string;
  kind: string;
  /** Why the whole strategy is unavailable, or null. */
  unavailable: string | null;
  prompts: number;
  routed: number;
  unavailablePrompts: number;
  unmeasuredPrompts: number;
  scored: number;
  correct: number;
  accuracy: number | null;
  accuracyCi95: { lo: number; hi: number } | null;
  meanSizeMb: number | null;
  meanLatencyMs: number | null;
  p95LatencyMs: number | null;
  meanEnergyJ: number | null;
  latencyCells: number;
  energyCells: number;
  savingsVsLargest: { size: number | null; latency: number | null; energy: number | null };
  /** Fraction of routed prompts per model id. */
  share: Record<string, number>;
  agreementWithOracle: number | null;
  agreementWith: Record<string, number | null>;
  /** Scored cells that were simulated, not measured on a physical phone. */
  simulatedCells: number;
  meta?: Record<string, unknown>;
}

export interface SweepPoint {
  preference: number;
  accuracy: number | null;
  meanSizeMb: number | null;
  meanLatencyMs: number | null;
  meanEnergyJ: number | null;
  strongShare: number;
  unavailablePrompts: number;
}

export interface CurveReport {
  sweep: string;
  cost: CostMetric;
  /** Router points (cost, quality), in preference order; points without a cost measurement are left out. */
  points: Array<CurvePoint & { preference: number }>;
  hull: CurvePoint[];
  /** Single models (always-m) and the oracle on the same plane. */
  models: Array<CurvePoint & { model: string }>;
  oracle: CurvePoint | null;
  costRange: { min: number; max: number };
  aiq: number | null;
  deferralArea: number | null;
  bestSingle: CurvePoint & { model: string };
  qnc: number | null;
}

export interface PairReport {
  sweep: string;
  weak: string;
  strong: string;
  qWeak: number;
  qStrong: number;
  points: SharePoint[];
  apgr: number | null;
  cpt: Record<string, number | null>;
  /** The two-model oracle's strong-call share and PGR, for reference. */
  oracle: { strongShare: number; pgr: number | null } | null;
}

export interface EvaluationTable {
  device: string;
  prompts: number;
  models: Array<{ id: string; size_mb: number; accuracy: number | null; meanLatencyMs: number | null; meanEnergyJ: number | null }>;
  matrix: ReturnType<typeof summarizeMatrix>;
  oracle: string;
  largest: string;
  rows: StrategyRow[];
  sweeps: Array<{ name: string; points: SweepPoint[] }>;
  curves: CurveReport[];
  pairs: PairReport[];
  notes: string[];
}

export interface EvaluateOptions {
  /** Oracle used for "agreement with the oracle" (default: measured oracle by size). */
  oracle?: Strategy;
  /** Names of strategies (e.g. an LLM router) every row is compared with. */
  references?: string[];
  sweeps?: RouterSweep[];
  /** Costs for the quality-cost curves (default size, latency, energy). */
  curveCosts?: CostMetric[];
  /** Weak/strong pair for PGR/APGR/CPT (default smallest and largest model). */
  pair?: { weak: number; strong: number };
  /** PGR levels for CPT (default 0.5 and 0.8, as RouteLLM reports). */
  cptLevels?: number[];
}

/** The kit's [lo, hi] as the comparison table's {lo, hi}. */
function asInterval(ci: [number, number] | null): { lo: number; hi: number } | null {
  return ci && { lo: ci[0], hi: ci[1] };
}

function costOf(score: PickScore, cost: CostMetric): number | null {
  return cost === 'size' ? score.meanSizeMb : cost === 'latency' ? score.meanLatencyMs : score.meanEnergyJ;
}

/** Full row for one strategy. */
export function evaluateStrategy(matrix: MeasuredMatrix, strategy: Strategy, ctx: { largest: Int32Array; oracle: Int32Array; references?: Map<string, Int32Array> }): StrategyRow {
  const s = scorePicks(matrix, strategy.picks);
  const share: Record<string, number> = {};
  matrix.models.forEach((m, i) => {
    share[m.id] = s.routed ? (s.counts[i] as number) / s.routed : 0;
  });
  const agreementWith: Record<string, number | null> = {};
  for (const [name, picks] of ctx.references ?? []) agreementWith[name] = agreement(strategy.picks, picks);
  const largestSizes = (() => {
    let sum = 0;
    for (let p = 0; p < strategy.picks.length; p++) if ((strategy.picks[p] as number) >= 0 && (ctx.largest[p] as number) >= 0) sum += matrix.models[ctx.largest[p] as number]?.size_mb ?? 0;
    return sum;
  })();
  return {
    name: strategy.name,
    kind: strategy.kind,
    unavailable: strategy.unavailable?.reason ?? null,
    prompts: s.prompts,
    routed: s.routed,
    unavailablePrompts: s.unavailable,
    unmeasuredPrompts: s.unmeasured,
    scored: s.scored,
    correct: s.correct,
    accuracy: s.accuracy,
    accuracyCi95: asInterval(wilson(s.correct, s.scored)),
    meanSizeMb: s.meanSizeMb,
    meanLatencyMs: s.meanLatencyMs,
    p95LatencyMs: quantile(pickedValues(matrix, strategy.picks, matrix.latencyMs), 0.95),
    meanEnergyJ: s.meanEnergyJ,
    latencyCells: s.latencyCells,
    energyCells: s.energyCells,
    savingsVsLargest: {
      size: s.routed ? savings(s.sizeSum, largestSizes) : null,
      latency: pairedSavings(matrix, strategy.picks, ctx.largest, matrix.latencyMs),
      energy: pairedSavings(matrix, strategy.picks, ctx.largest, matrix.energyJ),
    },
    share,
    agreementWithOracle: agreement(strategy.picks, ctx.oracle),
    agreementWith,
    simulatedCells: s.simulatedCells,
    meta: strategy.meta,
  };
}

/** Scores every strategy and every sweep; returns the table the UI and CLI render. */
export function evaluateAll(matrix: MeasuredMatrix, strategies: readonly Strategy[], opts: EvaluateOptions = {}): EvaluationTable {
  const largestIdx = largestModel(matrix);
  const largest = alwaysModel(matrix, largestIdx).picks;
  const oracle = opts.oracle ?? measuredOracle(matrix, 'size');
  const refs = new Map<string, Int32Array>();
  for (const name of opts.references ?? []) {
    const s = strategies.find((x) => x.name === name);
    if (s) refs.set(name, s.picks);
  }
  const ctx = { largest, oracle: oracle.picks, references: refs };
  const rows = strategies.map((s) => evaluateStrategy(matrix, s, ctx));

  const singles = matrix.models.map((m, i) => ({ id: m.id, size_mb: m.size_mb, score: scorePicks(matrix, alwaysModel(matrix, i).picks) }));
  const oracleScore = scorePicks(matrix, oracle.picks);
  const pair = opts.pair ?? { weak: smallestModel(matrix), strong: largestIdx };
  const weakScore = singles[pair.weak]?.score;
  const strongScore = singles[pair.strong]?.score;
  const cptLevels = opts.cptLevels ?? [0.5, 0.8];

  const sweeps: EvaluationTable['sweeps'] = [];
  const curves: CurveReport[] = [];
  const pairs: PairReport[] = [];
  for (const sweep of opts.sweeps ?? []) {
    const scores = sweep.strategies.map((s) => scorePicks(matrix, s.picks));
    const points: SweepPoint[] = scores.map((s, i) => ({
      preference: sweep.preferences[i] as number,
      accuracy: s.accuracy,
      meanSizeMb: s.meanSizeMb,
      meanLatencyMs: s.meanLatencyMs,
      meanEnergyJ: s.meanEnergyJ,
      strongShare: s.routed ? (s.counts[pair.strong] as number) / s.routed : 0,
      unavailablePrompts: s.unavailable,
    }));
    sweeps.push({ name: sweep.name, points });

    for (const cost of opts.curveCosts ?? (['size', 'latency', 'energy'] as CostMetric[])) {
      const models = singles
        .map((m) => ({ model: m.id, cost: costOf(m.score, cost), quality: m.score.accuracy }))
        .filter((m): m is { model: string; cost: number; quality: number } => m.cost !== null && m.quality !== null);
      if (models.length === 0) continue;
      const curvePoints = scores
        .map((s, i) => ({ preference: sweep.preferences[i] as number, cost: costOf(s, cost), quality: s.accuracy }))
        .filter((p): p is { preference: number; cost: number; quality: number } => p.cost !== null && p.quality !== null);
      const cMin = Math.min(...models.map((m) => m.cost));
      const cMax = Math.max(...models.map((m) => m.cost));
      const best = models.reduce((a, b) => (b.quality > a.quality || (b.quality === a.quality && b.cost < a.cost) ? b : a));
      const oc = costOf(oracleScore, cost);
      curves.push({
        sweep: sweep.name,
        cost,
        points: curvePoints,
        hull: nonDecreasingConvexHull(curvePoints),
        models,
        oracle: oc !== null && oracleScore.accuracy !== null ? { cost: oc, quality: oracleScore.accuracy } : null,
        costRange: { min: cMin, max: cMax },
        aiq: aiq(curvePoints, cMin, cMax),
        deferralArea: deferralArea(curvePoints, cMax),
        bestSingle: best,
        qnc: qnc(curvePoints, best),
      });
    }

    if (weakScore?.accuracy != null && strongScore?.accuracy != null) {
      const qW = weakScore.accuracy;
      const qS = strongScore.accuracy;
      const sharePoints = points.filter((p): p is SweepPoint & { accuracy: number } => p.accuracy !== null).map((p) => ({ strongShare: p.strongShare, quality: p.accuracy }));
      const cptOut: Record<string, number | null> = {};
      for (const x of cptLevels) cptOut[`${Math.round(x * 100)}%`] = cpt(sharePoints, qW, qS, x);
      const po = scorePicksPairOracle(matrix, pair.weak, pair.strong);
      pairs.push({
        sweep: sweep.name,
        weak: matrix.models[pair.weak]?.id ?? '',
        strong: matrix.models[pair.strong]?.id ?? '',
        qWeak: qW,
        qStrong: qS,
        points: sharePoints,
        apgr: apgr(sharePoints, qW, qS),
        cpt: cptOut,
        oracle: po.accuracy === null ? null : { strongShare: po.strongShare, pgr: pgr(po.accuracy, qW, qS) },
      });
    }
  }

  const summary = summarizeMatrix(matrix);
  const notes: string[] = [];
  if (summary.simulatedCells > 0) notes.push(`${summary.simulatedCells} of ${summary.cells} cells are simulated (virtual phone or synthetic), not measured on a physical phone.`);
  if (summary.missingCells > 0) notes.push(`${summary.missingCells} cells have no measured correctness; picks landing on them are counted as unmeasured, not scored.`);
  for (const s of strategies) {
    if (s.unavailable) notes.push(`${s.name} unavailable: ${s.unavailable.reason}`);
    if (s.meta?.evaluatedOnTraining === true) notes.push(`${s.name} was evaluated on its own training prompts (imported profile): its figures are optimistic.`);
  }
  return {
    device: matrix.device,
    prompts: matrix.nPrompts,
    models: singles.map((m) => ({ id: m.id, size_mb: m.size_mb, accuracy: m.score.accuracy, meanLatencyMs: m.score.meanLatencyMs, meanEnergyJ: m.score.meanEnergyJ })),
    matrix: summary,
    oracle: oracle.name,
    largest: matrix.models[largestIdx]?.id ?? '',
    rows,
    sweeps,
    curves,
    pairs,
    notes,
  };
}

function scorePicksPairOracle(matrix: MeasuredMatrix, weak: number, strong: number): { accuracy: number | null; strongShare: number } {
  let right = 0;
  let n = 0;
  let strongCalls = 0;
  for (let p = 0; p < matrix.nPrompts; p++) {
    const w = matrix.correct[p * matrix.nModels + weak] as number;
    const s = matrix.correct[p * matrix.nModels + strong] as number;
    const pick = w !== 1 && s === 1 ? strong : weak;
    if (pick === strong) strongCalls++;
    const c = pick === strong ? s : w;
    if (c < 0) continue;
    n++;
    right += c;
  }
  return { accuracy: n ? right / n : null, strongShare: matrix.nPrompts ? strongCalls / matrix.nPrompts : 0 };
}
