/**
 * The routing metrics a comparison prints, in words a reader can use (shared docs: routing.md), and what a QNC
 * figure says, or why there is none. Pure, unit-tested in test/unit/renderer/compare/compare-metrics.test.ts.
 */
import type { ComparisonGroup, ComparisonRow, ParetoChart } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { MISSING, formatFraction, isNum } from '../../../shared/format';

/** One line per metric, shown where the metric is (table footnotes, header tooltips, the pair panel). */
export const METRIC_HELP = {
  deferralArea:
    'Deferral area (UniRoute): the router’s accuracy averaged over the cost range, i.e. the area under its accuracy-vs-cost curve (preference swept 0 → 1) up to the costliest single model’s cost, divided by that cost. Higher is better.',
  qnc: 'QNC, quality-neutral cost (UniRoute): the lowest cost at which the router’s curve reaches the best single model’s accuracy, as a multiple of that model’s cost. Under 1× the router matches the best model for less.',
  apgr: 'APGR (RouteLLM): of the accuracy gap between the weak and the strong model, the share the router recovers, averaged over every share of prompts sent to the strong model. 0 = no better than always-weak, 1 = as good as always-strong.',
  cpt: 'CPT(x%) (RouteLLM): the smallest share of prompts the router must send to the strong model to recover x% of the weak-to-strong accuracy gap. Lower is better.',
} as const;

const COST_WORD: Record<CostMetricName, string> = { size: 'size', latency: 'latency', energy: 'energy' };

export interface QncView {
  /** "0.62×", or "—" with `reason`. */
  text: string;
  /** What the figure means on this comparison, or why there is none. */
  title: string;
  /** Set when there is no figure: why, in one line (the table's footnote repeats it). */
  reason: string | null;
}

/** The best single model of a group: highest accuracy, the cheaper one on a tie (as QNC's reference is chosen). */
export function bestSingle(chart: ParetoChart): { model: string; cost: number; accuracy: number } | null {
  const models = chart.models.filter((m) => isNum(m.cost) && isNum(m.accuracy));
  if (models.length === 0) return null;
  return models.reduce((a, b) => (b.accuracy > a.accuracy || (b.accuracy === a.accuracy && b.cost < a.cost) ? b : a));
}

/** The router curve a row belongs to: the out-of-fold router's for `router` rows, the imported profile's for `profile`. */
function curveOf(row: ComparisonRow, chart: ParetoChart): ParetoChart['curves'][number] | null {
  const router = chart.curves.filter((c) => /^router/i.test(c.name));
  const other = chart.curves.filter((c) => !/^router/i.test(c.name));
  const pick = row.strategy === 'router' ? router : other;
  return pick[0] ?? chart.curves[0] ?? null;
}

export function qncView(row: ComparisonRow, group: ComparisonGroup, cost: CostMetricName): QncView {
  const chart = group.pareto[cost];
  const best = bestSingle(chart);
  const bestText = best ? `${best.model}, ${formatFraction(best.accuracy)}` : null;
  if (isNum(row.qnc)) {
    return {
      text: `${row.qnc.toFixed(2)}×`,
      title: `${METRIC_HELP.qnc} Here: the router reaches the best single model’s accuracy (${bestText ?? 'unknown'}) at ${row.qnc.toFixed(2)}× its ${COST_WORD[cost]}.`,
      reason: null,
    };
  }
  const none = (reason: string): QncView => ({ text: MISSING, title: `${METRIC_HELP.qnc} ${reason}`, reason });
  if (row.unavailable) return none('This strategy did not run.');
  if (row.strategy !== 'router' && row.strategy !== 'profile') {
    return none('Not computed: QNC is defined for a router swept over its cost preference; this row is one fixed strategy.');
  }
  if (!best) return none(`Not computed: no single model has both an accuracy and a measured ${COST_WORD[cost]} here.`);
  const curve = curveOf(row, chart);
  const top = curve?.points.filter((p) => isNum(p.accuracy) && isNum(p.cost)).reduce<number | null>((m, p) => (m === null || p.accuracy > m ? p.accuracy : m), null) ?? null;
  if (top === null) return none(`Not computed: the router’s curve has no point with a measured ${COST_WORD[cost]}.`);
  if (top < best.accuracy - 1e-12) {
    return none(
      `No preference of the router reaches the best single model’s accuracy (${bestText}); its best is ${formatFraction(top)}, so there is no cost at which it is quality-neutral.`,
    );
  }
  if (!(best.cost > 0)) return none(`Not computed: the best single model’s ${COST_WORD[cost]} is 0, so a multiple of it means nothing.`);
  return none(`Not computed for this row (the curve reaches ${bestText}, but the lab returned no figure).`);
}

/** A router row's deferral area with what it is, or why there is none. */
export function deferralView(row: ComparisonRow): { text: string; title: string } {
  if (isNum(row.deferralArea)) return { text: row.deferralArea.toFixed(3), title: METRIC_HELP.deferralArea };
  const why =
    row.strategy === 'router' || row.strategy === 'profile'
      ? 'Not computed: the router’s curve has no measured cost on this metric.'
      : 'Not computed: defined for a router swept over its cost preference, not for one fixed strategy.';
  return { text: MISSING, title: `${METRIC_HELP.deferralArea} ${why}` };
}

export interface PairView {
  key: string;
  text: string;
  /** Why a figure is missing, one line each. */
  reasons: string[];
}

/** A RouteLLM pair line: "router: gemma-270m → qwen-600m · APGR 0.412 · CPT(50%) 38.0%", with why a figure is missing. */
export function pairView(p: ComparisonGroup['pairs'][number]): PairView {
  const reasons: string[] = [];
  if (p.apgr === null) reasons.push(`APGR ${MISSING}: ${p.weak} and ${p.strong} have the same accuracy here, so there is no gap to recover.`);
  const cpt = Object.entries(p.cpt).map(([k, v]) => {
    if (v === null) reasons.push(`CPT(${k}) ${MISSING}: no preference of the router recovers ${k} of the gap between ${p.weak} and ${p.strong}.`);
    return ` · CPT(${k}) ${v === null ? MISSING : `${(v * 100).toFixed(1)}%`}`;
  });
  return { key: p.sweep, text: `${p.sweep}: ${p.weak} → ${p.strong} · APGR ${p.apgr === null ? MISSING : p.apgr.toFixed(3)}${cpt.join('')}`, reasons };
}
