/**
 * The rules that keep a power chart and an energy window honest, in one place for the lab (power/timeline.ts,
 * power/meter-gaps.ts) and the page (runs/power-series.ts):
 * - reads too close together are not power of their own: an interval shorter than MIN_INTERVAL_SHARE of the
 *   meter's period is folded into a neighbour, its energy kept;
 * - no reading for GAP_PERIODS meter periods (and at least GAP_MIN_MS) is a gap, never a measurement.
 */

/** An interval of known mean power, boot-clock ms. */
export interface PowerInterval {
  from: number;
  to: number;
  watts: number;
}

/** Below this share of the meter period an interval is not power of its own. */
export const MIN_INTERVAL_SHARE = 0.5;
/** No reading for this many meter periods (and at least GAP_MIN_MS) is a gap. */
export const GAP_PERIODS = 10;
/** Floor of the gap threshold: a loaded host can delay a poll by a second or two without losing anything. */
export const GAP_MIN_MS = 5000;

export function gapThresholdMs(periodMs: number): number {
  return Math.max(GAP_PERIODS * periodMs, GAP_MIN_MS);
}

/** Two adjacent intervals as one with the same energy. */
export function joinIntervals(a: PowerInterval, b: PowerInterval): PowerInterval {
  const da = a.to - a.from;
  const db = b.to - b.from;
  return { from: a.from, to: b.to, watts: (a.watts * da + b.watts * db) / Math.max(da + db, 1e-9) };
}

/**
 * One stretch between gaps with every interval shorter than `minMs` joined to the one before it (or, at the start
 * of the stretch, to the one after it). A stretch made only of short intervals becomes one interval, its exact mean.
 * `merged` counts the intervals that lost their own point.
 */
export function foldShortIntervals<T extends PowerInterval>(stretch: readonly T[], minMs: number): { out: PowerInterval[]; merged: number } {
  const out: PowerInterval[] = [];
  let merged = 0;
  let pending: PowerInterval | null = null;
  for (const iv of stretch) {
    const cur: PowerInterval = pending ? joinIntervals(pending, iv) : iv;
    pending = null;
    if (cur.to - cur.from >= minMs) out.push(cur);
    else if (out.length) {
      out[out.length - 1] = joinIntervals(out.at(-1)!, cur);
      merged++;
    } else {
      pending = cur;
      merged++;
    }
  }
  if (pending) {
    out.push(pending);
    merged--;
  }
  return { out, merged };
}
