/**
 * The evaluation of a comparison group (the RouteLLM `evals/` way: small pure functions over per-prompt arrays):
 * one row per strategy (scoring.ts), one curve per sweep and cost (curves.ts), the weak/strong pair metrics, and
 * the notes on what is simulated or missing. The Compare page and the CLI render this table.
 */
import type { StrategyFigures } from '../../../shared/api/compare';
import { quantile, wilson } from '../../../shared/kit/stats';
import type { MeasuredMatrix } from '../matrix';
import { largestModel, smallestModel, summarizeMatrix } from '../matrix';
import type { CostMetric, RouterSweep, Strategy } from '../strategies';
import { alwaysModel, measuredOracle } from '../strategies';
import { aiq, apgr, cpt, deferralArea, nonDecreasingConvexHull, pgr, qnc, type CurvePoint, type SharePoint } from './curves';
import { agreement, agreementN, pairedN, pairedSavings, pickedValues, savings, scorePicks, type PickScore } from './scoring';

/** One strategy's row: its figures, plus what the report needs to tell rows apart. */
export interface StrategyRow extends StrategyFigures {
  unavailablePrompts: number;
  unmeasuredPrompts: number;
  latencyCells: number;
  energyCells: number;
  agreementWith: Record<string, number | null>;
  /** Prompts behind each agreement (`oracle` and each reference by name). */
  agreementN: Record<string, number>;
  savingsN: { latency: number; energy: number };
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
  const agreementCounts: Record<string, number> = { oracle: agreementN(strategy.picks, ctx.oracle) };
  for (const [name, picks] of ctx.references ?? []) {
    agreementWith[name] = agreement(strategy.picks, picks);
    agreementCounts[name] = agreementN(strategy.picks, picks);
  }
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
    agreementN: agreementCounts,
    savingsN: { latency: pairedN(matrix, strategy.picks, ctx.largest, matrix.latencyMs), energy: pairedN(matrix, strategy.picks, ctx.largest, matrix.energyJ) },
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
