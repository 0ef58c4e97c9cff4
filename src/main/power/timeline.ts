/**
 * A run's power chart from its stored meter readings, honest by construction:
 * - each point is the mean power of the interval ending at it: energy between two ODPM reads / their distance,
 *   or a fuel-gauge update's power over the gauge period it covers;
 * - reads too close together are not power of their own (two ODPM reads 1 ms apart straddle one counter step and
 *   read as 54 W): an interval shorter than half the meter's period is folded into its neighbour, energy kept;
 * - gaps are gaps (power/meter-gaps.ts, the rule that flags energy windows): a stretch without a reading is
 *   returned as a gap and never joined by a line or averaged into a bucket;
 * - downsampling to maxPoints is energy-weighted: a bucket's power is its energy over its duration, never the
 *   plain mean of its points (which gives a 1 ms interval the weight of a 300 ms one).
 * Pure; the repository reads the samples, this shapes them.
 */
import type { PowerPoint } from '../../shared/runs';
import { median } from '../../shared/kit/stats';
import { MIN_INTERVAL_SHARE, foldShortIntervals, gapThresholdMs, type PowerInterval } from '../../shared/power-intervals';
import { findGaps, type MeterGap } from './meter-gaps';

export type { PowerInterval } from '../../shared/power-intervals';
export { MIN_INTERVAL_SHARE } from '../../shared/power-intervals';

export interface ChartTimeline {
  points: PowerPoint[];
  gaps: MeterGap[];
  /** The meter's update period the rules used (median interval between updates), ms; null without two reads. */
  meterPeriodMs: number | null;
  /** Intervals folded into a neighbour for being shorter than half the period. */
  merged: number;
}

/** ODPM: cumulative energy reads (J) to intervals; a counter that went back (a new session) starts afresh. */
export function counterPowerIntervals(reads: ReadonlyArray<{ t: number; joules: number }>): PowerInterval[] {
  const out: PowerInterval[] = [];
  for (let i = 1; i < reads.length; i++) {
    const a = reads[i - 1]!;
    const b = reads[i]!;
    if (b.t > a.t && b.joules >= a.joules) out.push({ from: a.t, to: b.t, watts: ((b.joules - a.joules) * 1000) / (b.t - a.t) });
  }
  return out;
}

/** Fuel gauge: each update (a change of the raw reading) covers the interval since the previous update. */
export function gaugePowerIntervals(updates: ReadonlyArray<{ t: number; watts: number }>): PowerInterval[] {
  return updates.slice(1).map((u, i) => ({ from: updates[i]!.t, to: u.t, watts: u.watts }));
}

/** A stored meter reading, as much of it as the intervals need. */
export interface MeterSample {
  source: 'fuel-gauge' | 'odpm';
  tMs: number;
  watts: number | null;
  energyJ: number | null;
  rawCurrent: number | null;
  rawVoltage: number | null;
}

/**
 * The intervals of known power of a run's meter and the times it read (for the gaps), from its samples in time
 * order: ODPM reads to counter intervals; the fuel gauge's updates, one per change of the raw reading (the
 * runner samples at 20 Hz, the gauge publishes every ~0.3 s).
 */
export function meterIntervals(method: string | null, samples: readonly MeterSample[]): { intervals: PowerInterval[]; readTimes: number[] } {
  if (method === 'odpm') {
    const reads = samples.filter((s): s is MeterSample & { energyJ: number } => s.source === 'odpm' && s.energyJ !== null);
    return { intervals: counterPowerIntervals(reads.map((r) => ({ t: r.tMs, joules: r.energyJ }))), readTimes: reads.map((r) => r.tMs) };
  }
  const gauge = samples.filter((s) => s.source === 'fuel-gauge' && s.watts !== null);
  const updates: Array<{ t: number; watts: number }> = [];
  let prev: string | null = null;
  for (const s of gauge) {
    const key = `${s.rawCurrent}|${s.rawVoltage}`;
    if (key === prev) continue;
    prev = key;
    updates.push({ t: s.tMs, watts: s.watts! });
  }
  return { intervals: gaugePowerIntervals(updates), readTimes: gauge.map((s) => s.tMs) };
}

/** The meter's update period: the median interval of known power, ms (null without two reads). */
export function meterPeriodOf(intervals: readonly PowerInterval[]): number | null {
  return median(intervals.map((i) => i.to - i.from).filter((d) => d > 0));
}

/**
 * The chart's points from the meter's intervals and the times it read (for the gaps). Each stretch between gaps
 * starts with a point at its first read (the line's start) followed by one point per (folded, bucketed) interval.
 */
export function chartTimeline(intervals: readonly PowerInterval[], readTimes: readonly number[], maxPoints = 2000): ChartTimeline {
  const meterPeriodMs = meterPeriodOf(intervals);
  if (meterPeriodMs === null) return { points: [], gaps: [], meterPeriodMs: null, merged: 0 };
  const gapMs = gapThresholdMs(meterPeriodMs);
  const gaps = findGaps(readTimes, gapMs);
  const minMs = meterPeriodMs * MIN_INTERVAL_SHARE;

  // A meter that did not update for longer than the threshold is a gap too (a gauge stuck on one reading).
  for (const iv of intervals) {
    if (iv.to - iv.from > gapMs && !gaps.some((g) => g.from <= iv.from && g.to >= iv.to)) gaps.push({ from: iv.from, to: iv.to });
  }
  gaps.sort((a, b) => a.from - b.from);
  // Stretches between gaps: an interval that overlaps a gap says nothing about it and is not drawn.
  const stretches: PowerInterval[][] = [[]];
  for (const iv of intervals) {
    if (gaps.some((g) => iv.from < g.to && iv.to > g.from)) {
      if (stretches.at(-1)!.length) stretches.push([]);
    } else stretches.at(-1)!.push(iv);
  }

  let merged = 0;
  const folded = stretches.map((stretch) => {
    const f = foldShortIntervals(stretch, minMs);
    merged += f.merged;
    return f.out;
  });

  // Energy-weighted buckets within each stretch, so the total stays under maxPoints.
  const total = folded.reduce((n, s) => n + s.length + 1, 0);
  const bucket = Math.max(1, Math.ceil(total / Math.max(1, maxPoints)));
  const points: PowerPoint[] = [];
  for (const stretch of folded) {
    if (stretch.length === 0) continue;
    points.push({ t: stretch[0]!.from, watts: stretch[0]!.watts });
    for (let i = 0; i < stretch.length; i += bucket) {
      const chunk = stretch.slice(i, i + bucket);
      const joules = chunk.reduce((n, c) => n + c.watts * (c.to - c.from), 0);
      const ms = chunk.reduce((n, c) => n + (c.to - c.from), 0);
      points.push({ t: chunk.at(-1)!.to, watts: ms > 0 ? joules / ms : chunk[0]!.watts });
    }
  }
  return { points, gaps, meterPeriodMs, merged };
}
