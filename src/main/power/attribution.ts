/**
 * Attributing measured energy to prompt windows. A meter reports energy per interval — a fuel-gauge update
 * covers ~300 ms, an ODPM read covers the time since the previous read — and prompt boundaries fall inside those
 * intervals. Prorating an interval uniformly smears an idle→busy step across the boundary, which under-counts
 * both ends of every prompt (up to ~3% on a 3 s prompt). What the lab knows makes this better: outside the prompt
 * windows the phone is idle (the runner waits on stdin), and the idle baseline was measured right before. So an
 * interval that straddles a boundary gives its idle part the baseline power (never more than the interval's
 * energy) and its busy part the rest. Intervals entirely idle or entirely busy are spread uniformly, and the
 * energy of every interval is conserved exactly.
 */
import type { PowerStep } from './energy';

/** Energy measured over an interval (boot-clock ms). */
export interface MeteredInterval {
  from: number;
  to: number;
  joules: number;
}

export interface BusyWindow {
  from: number;
  to: number;
}

export function stepsToIntervals(steps: PowerStep[]): MeteredInterval[] {
  return steps.map((s) => ({ from: s.from, to: s.to, joules: (s.watts * (s.to - s.from)) / 1000 }));
}

/** Cumulative counter readings (e.g. ODPM energy since boot) → the intervals between consecutive reads. */
export function counterIntervals(reads: Array<{ t: number; joules: number }>): MeteredInterval[] {
  const sorted = [...reads].sort((a, b) => a.t - b.t);
  const out: MeteredInterval[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.t > a.t) out.push({ from: a.t, to: b.t, joules: Math.max(0, b.joules - a.joules) });
  }
  return out;
}

function mergeWindows(windows: BusyWindow[]): BusyWindow[] {
  const s = windows.filter((w) => w.to > w.from).sort((a, b) => a.from - b.from);
  const out: BusyWindow[] = [];
  for (const w of s) {
    const last = out.at(-1);
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else out.push({ ...w });
  }
  return out;
}

/**
 * Splits each metered interval at the busy-window edges inside it and assigns power to the pieces: idle pieces
 * `idleWatts` (capped by the interval's energy), busy pieces the remainder. With `idleWatts` null, uniform.
 */
export function attributeIntervals(intervals: MeteredInterval[], busy: BusyWindow[], idleWatts: number | null): PowerStep[] {
  const windows = mergeWindows(busy);
  const out: PowerStep[] = [];
  for (const iv of intervals) {
    const dur = iv.to - iv.from;
    if (dur <= 0) continue;
    const cuts = [iv.from];
    for (const w of windows) {
      if (w.from > iv.from && w.from < iv.to) cuts.push(w.from);
      if (w.to > iv.from && w.to < iv.to) cuts.push(w.to);
    }
    cuts.push(iv.to);
    cuts.sort((a, b) => a - b);
    const pieces: Array<{ from: number; to: number; busy: boolean }> = [];
    for (let i = 1; i < cuts.length; i++) {
      const from = cuts[i - 1]!;
      const to = cuts[i]!;
      if (to <= from) continue;
      const mid = (from + to) / 2;
      pieces.push({ from, to, busy: windows.some((w) => mid >= w.from && mid < w.to) });
    }
    const busyMs = pieces.filter((p) => p.busy).reduce((n, p) => n + p.to - p.from, 0);
    const idleMs = dur - busyMs;
    const uniform = (iv.joules * 1000) / dur;
    if (idleWatts === null || busyMs === 0 || idleMs === 0) {
      out.push({ from: iv.from, to: iv.to, watts: uniform });
      continue;
    }
    const idleJ = Math.min(iv.joules, (Math.max(0, idleWatts) * idleMs) / 1000);
    const idleW = (idleJ * 1000) / idleMs;
    const busyW = ((iv.joules - idleJ) * 1000) / busyMs;
    for (const p of pieces) out.push({ from: p.from, to: p.to, watts: p.busy ? busyW : idleW });
  }
  return out;
}

/** Meter intervals overlapping [from, to]: how many distinct updates a figure rests on. */
export function intervalsOverlapping(intervals: MeteredInterval[], from: number, to: number): number {
  return intervals.filter((iv) => iv.to > from && iv.from < to).length;
}

/** Mean power over the intervals lying entirely inside [from, to] (an idle baseline), or null. */
export function meanPowerInside(intervals: MeteredInterval[], from: number, to: number): { watts: number; seconds: number; intervals: number } | null {
  const inside = intervals.filter((iv) => iv.from >= from && iv.to <= to);
  const ms = inside.reduce((n, iv) => n + iv.to - iv.from, 0);
  if (ms <= 0) return null;
  const j = inside.reduce((n, iv) => n + iv.joules, 0);
  return { watts: (j * 1000) / ms, seconds: ms / 1000, intervals: inside.length };
}
