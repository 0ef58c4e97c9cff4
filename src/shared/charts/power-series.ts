/**
 * Power points as a chart may draw them. Each point of `runs.powerTimeline` (and of a campaign's timeline) is the
 * mean power of the interval ending at it: energy between two meter reads / the time between them. Two rules keep
 * that honest:
 *
 * - Reads too close together are not power. A meter's counter moves in steps (an ODPM rail accumulates at its own
 *   rate, a fuel gauge updates every ~0.3 s), so two reads 1 ms apart can straddle one step and divide a whole
 *   step's energy by 1 ms: a 54 W "spike" from a phone drawing 2 W. An interval shorter than half the meter's
 *   update period is therefore not plotted as power of its own: its energy is added to the interval before it
 *   (or after it, at the start of a stretch), which keeps the energy under the curve exact. The update period is
 *   the median interval between points, which is the meter's period when most reads are regular.
 * - Gaps are gaps. An interval longer than ten update periods (and at least 5 s) has no reads inside it (a paused
 *   or resumed run, a lost connection): its mean says nothing about what happened in it, so the line breaks there
 *   and the gap is marked, instead of a flat line drawn across it. Where the server found the gaps from every read
 *   (MeterFacts), its list is used instead.
 *
 * Pure, unit-tested in test/unit/renderer/charts/power-series.test.ts.
 */
import { median } from '../kit/stats';
import { MIN_INTERVAL_SHARE, foldShortIntervals, gapThresholdMs, type PowerInterval } from '../power-intervals';
import type { PowerPoint } from '../runs';
import { formatDuration, formatInt, noun, plural } from '../format';

export { GAP_MIN_MS, GAP_PERIODS, MIN_INTERVAL_SHARE } from '../power-intervals';

/** One stretch of constant power, boot-clock ms. */
export type PowerStep = PowerInterval;

export interface PowerSeries {
  steps: PowerStep[];
  /** Stretches without reads, boot-clock ms. */
  gaps: Array<{ from: number; to: number }>;
  /** Points not plotted as power of their own (their energy folded into a neighbour). */
  merged: number;
  /** The update period the rules used (median interval), ms; null with fewer than two points. */
  periodMs: number | null;
  minIntervalMs: number | null;
  gapMs: number | null;
}

/**
 * Steps to draw from the points, with the too-short intervals folded into their neighbours and the gaps left out.
 * The first point has no interval of its own in the list (its earlier read is not there): it only starts the line.
 */
/**
 * What the server says about its points (PowerTimeline.meterPeriodMs, gaps, merged: power/timeline.ts applied the
 * same rules before downsampling, from every read): its period and gaps are used, its merged count is added. With
 * the server's gap list the points' spacing says nothing of gaps: a downsampled long run (or a campaign's series,
 * sampled at evenly spaced instants) has points further apart than the gap threshold with reads all along.
 */
export interface MeterFacts {
  periodMs?: number | null;
  gaps?: ReadonlyArray<{ from: number; to: number }>;
  merged?: number;
}

export function powerSeries(points: readonly PowerPoint[], meter: MeterFacts = {}): PowerSeries {
  const pts = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.watts)).sort((a, b) => a.t - b.t);
  const intervals = pts.slice(1).map((p, i) => ({ from: pts[i]!.t, to: p.t, watts: p.watts }));
  const periodMs = meter.periodMs ?? median(intervals.map((s) => s.to - s.from).filter((d) => d > 0));
  const serverGaps = meter.gaps ?? [];
  if (periodMs === null) return { steps: [], gaps: [], merged: 0, periodMs: null, minIntervalMs: null, gapMs: null };
  const minIntervalMs = periodMs * MIN_INTERVAL_SHARE;
  const gapMs = gapThresholdMs(periodMs);

  // Stretches of reads between gaps.
  const gaps: PowerSeries['gaps'] = [];
  const stretches: PowerStep[][] = [[]];
  for (const s of intervals) {
    const gap = meter.gaps ? serverGaps.some((g) => s.from < g.to && s.to > g.from) : s.to - s.from > gapMs;
    if (gap) {
      gaps.push({ from: s.from, to: s.to });
      stretches.push([]);
    } else stretches.at(-1)!.push(s);
  }

  let merged = 0;
  const steps: PowerStep[] = [];
  for (const stretch of stretches) {
    const f = foldShortIntervals(stretch, minIntervalMs);
    merged += f.merged;
    steps.push(...f.out);
  }
  return { steps, gaps, merged: merged + (meter.merged ?? 0), periodMs, minIntervalMs, gapMs };
}

/**
 * What the chart says about the points it did not draw as power, or null when every point was drawn: how many,
 * and why (the rule and its numbers), plus the gaps.
 */
export function powerSeriesNote(s: PowerSeries): string | null {
  const parts: string[] = [];
  if (s.merged > 0 && s.minIntervalMs !== null && s.periodMs !== null) {
    parts.push(
      `${plural(s.merged, 'point')} not plotted as power: ${noun(s.merged, 'its', 'their')} read came under ${fmtMs(s.minIntervalMs)} after the previous one ` +
        `(half the meter’s ${fmtMs(s.periodMs)} update interval), too close to divide energy by; ${noun(s.merged, 'its', 'their')} energy is added to the neighbouring interval, so the energy under the line is unchanged`,
    );
  }
  if (s.gaps.length > 0) {
    const longest = Math.max(...s.gaps.map((g) => g.to - g.from));
    parts.push(`${plural(s.gaps.length, 'gap')} without readings (longest ${formatDuration(longest)}): the line breaks there, shaded “no readings”`);
  }
  return parts.length ? `${parts.join('. ')}.` : null;
}

function fmtMs(ms: number): string {
  return ms >= 10 ? `${formatInt(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** The series of a run's timeline with the server's own facts (one place, so the chart and its note agree). */
export function timelineSeries(t: { points: readonly PowerPoint[]; meterPeriodMs?: number | null; gaps?: ReadonlyArray<{ from: number; to: number }>; merged?: number } | null): PowerSeries {
  return powerSeries(t?.points ?? [], { periodMs: t?.meterPeriodMs ?? null, gaps: t?.gaps, merged: t?.merged ?? 0 });
}
