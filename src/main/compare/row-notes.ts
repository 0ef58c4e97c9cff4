/**
 * What a comparison row's figures cannot say by themselves: why its QNC is missing, and when its accuracy under
 * chance is a small sample rather than a finding. Pure; report.ts puts them on the rows.
 */
import type { ComparisonRow } from '../../shared/api/compare';
import { CHANCE_ACCURACY } from '../../shared/api/compare';
import type { CurveReport } from '../strategies/evals/evaluation';
import type { CostMetric } from '../strategies/strategies';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const UNIT = { energy: 'J', latency: 'ms', size: 'MB' } as const;

/** Why QNC is "-" for the row, or null when it has one. */
export function qncReason(row: Pick<ComparisonRow, 'qnc' | 'unavailable'>, isRouter: boolean, curve: CurveReport | undefined, cost: CostMetric): string | null {
  if (row.qnc !== null) return null;
  if (row.unavailable !== null) return 'The strategy did not run, so it has no curve.';
  if (!isRouter) return 'QNC belongs to a router’s curve over its cost preference; a fixed strategy is one point, not a curve.';
  if (!curve) return `No single model has a measured ${cost} cost and accuracy, so there is no best model to be quality-neutral against.`;
  const best = curve.bestSingle;
  if (!(best.cost > 0)) return `The best single model (${best.model}) has a ${cost} cost of 0 ${UNIT[cost]}: QNC divides by it.`;
  if (curve.points.length === 0) return `None of the router’s preferences has a measured ${cost} cost, so its curve is empty.`;
  const top = Math.max(...curve.points.map((p) => p.quality));
  return (
    `No cost preference reaches the best single model’s accuracy (${best.model}: ${pct(best.quality)}); ` +
    `the router’s best is ${pct(top)}, so there is no cost at which it is quality-neutral.`
  );
}

/**
 * A warning for accuracy under a random guess: on a small sample whose 95 % interval reaches chance it is noise, not
 * evidence the strategy is worse than guessing; when even the interval's top is under chance, something is off.
 */
export function smallSampleWarning(row: Pick<ComparisonRow, 'accuracy' | 'accuracyCi95' | 'scored'>): ComparisonRow['accuracyWarning'] {
  const { accuracy, accuracyCi95: ci, scored } = row;
  if (accuracy === null || ci === null || scored === 0 || accuracy >= CHANCE_ACCURACY) return null;
  const interval = `${pct(ci.lo)}–${pct(ci.hi)}`;
  if (ci.hi >= CHANCE_ACCURACY) {
    return {
      kind: 'small-sample',
      message: `Small sample: ${pct(accuracy)} on n = ${scored}, 95% interval ${interval}, which includes chance (${pct(CHANCE_ACCURACY)} on four choices): not evidence of doing worse than guessing. More prompts narrow it.`,
      interval: ci,
      n: scored,
    };
  }
  return {
    kind: 'below-chance',
    message: `Below chance: ${pct(accuracy)} on n = ${scored}, 95% interval ${interval}, all of it under chance (${pct(CHANCE_ACCURACY)} on four choices): check the answer key and how replies are scored.`,
    interval: ci,
    n: scored,
  };
}
