/**
 * Gaps in a meter's readings, and the energy windows they make impossible to trust. A meter that reports nothing
 * for much longer than its period (a frozen runner whose sampler stopped, an ODPM poll that hung, a phone that
 * was stopped) leaves an interval whose energy is only a guess: the fuel-gauge steps hold the last reading across
 * it, an ODPM counter spreads the energy of the whole gap evenly. A prompt window that spans such a gap, or whose
 * power comes out below the idle baseline (impossible for a workload, and what a frozen phone produced: issue 9),
 * is flagged and the reason stored with it: across a gap all of its energy is kept out of the figures, below idle
 * its net energy (the gross reading is still the meter's).
 * The same rule draws the gaps on the power charts (power/timeline.ts). Pure.
 */
import type { EnergyFlag } from '../../shared/runs';

export { GAP_MIN_MS, GAP_PERIODS, gapThresholdMs } from '../../shared/power-intervals';

export interface MeterGap {
  /** The last reading before the gap and the first one after it, boot-clock ms. */
  from: number;
  to: number;
}

/** Every stretch longer than `thresholdMs` without a reading, between consecutive reading times (sorted). */
export function findGaps(times: readonly number[], thresholdMs: number): MeterGap[] {
  const out: MeterGap[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i]! - times[i - 1]! > thresholdMs) out.push({ from: times[i - 1]!, to: times[i]! });
  }
  return out;
}

/**
 * The longest gap overlapping [from, to] by more than `minOverlapMs`, or null. A gap that only grazes a window (less
 * than one meter period: its last reading came a few ms before the window ended) costs it no more than the meter's
 * own resolution does.
 */
export function gapInWindow(gaps: readonly MeterGap[], from: number, to: number, minOverlapMs = 0): MeterGap | null {
  let best: MeterGap | null = null;
  for (const g of gaps) {
    if (Math.min(g.to, to) - Math.max(g.from, from) <= minOverlapMs) continue;
    if (!best || g.to - g.from > best.to - best.from) best = g;
  }
  return best;
}

export interface WindowFigures {
  joules: number;
  netJoules: number | null;
  averageWatts: number;
}

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Why a prompt window's energy is not a measurement, or null when it is one: it spans a meter gap, or its
 * energy is below what the phone draws idle.
 */
export function energyFlagFor(w: WindowFigures, gap: MeterGap | null, periodMs: number, idleWatts: number | null, meter: string): EnergyFlag | null {
  if (gap) {
    return {
      kind: 'meter-gap',
      reason:
        `the ${meter} gave no reading for ${s1(gap.to - gap.from)} during the prompt (it reports every ${Math.round(periodMs)} ms): ` +
        'the energy of that stretch is unknown (a frozen phone or runner, or a meter that stopped), so the figure is left out of the energy figures',
      energyJ: w.joules,
      netEnergyJ: w.netJoules,
    };
  }
  if (w.netJoules !== null && idleWatts !== null && w.netJoules < 0) {
    return {
      kind: 'below-idle',
      reason:
        `the window's mean power ${w.averageWatts.toFixed(3)} W is below the idle baseline ${idleWatts.toFixed(3)} W (net ${w.netJoules.toFixed(3)} J): ` +
        'a prompt cannot draw less than the idle phone, so the baseline or the window is wrong: the net figures are left out of the energy figures (the gross reading stands)',
      energyJ: w.joules,
      netEnergyJ: w.netJoules,
    };
  }
  return null;
}
