/**
 * Number, time and unit formatting for the renderer and for the charts the lab draws headless: every page and chart
 * formats a latency, an energy, a size or a fraction here, so the same figure reads the same everywhere. Pure functions (no DOM), unit-tested in
 * test/unit/shared/format.test.ts. Missing values render as an em dash so tables keep their shape.
 */

import type { EnergyMethod } from './runs';

export const MISSING = '—';

export function isNum(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Temperatures: one decimal, e.g. "36.4 °C". */
export function formatTemp(c: number | null | undefined): string {
  return isNum(c) ? `${c.toFixed(1)} °C` : MISSING;
}

/** Percentages: integers, e.g. "82%". */
export function formatPercent(p: number | null | undefined): string {
  return isNum(p) ? `${Math.round(p)}%` : MISSING;
}

/** Millivolts as volts with two decimals, e.g. "4.12 V". */
export function formatVoltage(mv: number | null | undefined): string {
  return isNum(mv) ? `${(mv / 1000).toFixed(2)} V` : MISSING;
}

/** Memory in MB as GB with one decimal (phones advertise GB), e.g. "7.6 GB". */
export function formatMemoryMb(mb: number | null | undefined): string {
  if (!isNum(mb)) return MISSING;
  if (mb < 1024) return `${Math.round(mb)} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

/** Integers with thin grouping, e.g. "12 345". */
export function formatInt(n: number | null | undefined): string {
  if (!isNum(n)) return MISSING;
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** "how long ago": "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago". Future times clamp to "just now". */
export function formatRelative(thenMs: number | null | undefined, nowMs: number): string {
  if (!isNum(thenMs) || thenMs <= 0) return MISSING;
  const s = Math.floor((nowMs - thenMs) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local date and time, sortable: "2025-11-26 19:07:03". */
export function formatDateTime(ms: number | null | undefined): string {
  if (!isNum(ms) || ms <= 0) return MISSING;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms)}`;
}

/** Local time of day: "19:07:03". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Compact stamp for file names: "20251126-190703". */
export function fileStamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`
  );
}

/** Android version: "14 (SDK 34)". */
export function formatAndroid(release: string | null | undefined, sdk: number | null | undefined): string {
  const r = release?.trim() ? release.trim() : null;
  if (r && isNum(sdk)) return `${r} (SDK ${sdk})`;
  if (r) return r;
  if (isNum(sdk)) return `SDK ${sdk}`;
  return MISSING;
}

export function yesNo(b: boolean | null | undefined): string {
  if (b === null || b === undefined) return MISSING;
  return b ? 'yes' : 'no';
}

/** A number with fixed decimals, or the em dash (table cells whose unit is in the header). */
export function formatFixed(n: number | null | undefined, digits: number): string {
  return isNum(n) ? n.toFixed(digits) : MISSING;
}

/** A number with fixed decimals and its unit: "2.31 W", "41.2 tok/s". */
export function formatUnit(n: number | null | undefined, digits: number, unit: string): string {
  return isNum(n) ? `${n.toFixed(digits)} ${unit}` : MISSING;
}

/** A fraction 0..1 as a percentage: "62.5%" (one decimal by default). */
export function formatFraction(f: number | null | undefined, digits = 1): string {
  return isNum(f) ? `${(f * 100).toFixed(digits)}%` : MISSING;
}

/** A saving (1 − strategy / reference) signed: "+38.2%" saved, "−5.0%" (costs more than the reference). */
export function formatSaving(f: number | null | undefined): string {
  if (!isNum(f)) return MISSING;
  const v = f * 100;
  if (Math.abs(v) < 0.05) return '0.0%';
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
}

/** A latency: "813 ms", "12.4 s" from ten seconds on. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** An energy: "512 mJ" under a joule, "2.11 J", "143 J" from a hundred joules on. */
export function formatJ(j: number | null | undefined): string {
  if (!isNum(j)) return MISSING;
  return j >= 100 ? `${j.toFixed(0)} J` : j >= 1 ? `${j.toFixed(2)} J` : `${(j * 1000).toFixed(0)} mJ`;
}

/** A model size or peak RAM in MB: "394 MB", "1.50 GB". */
export function formatMb(mb: number | null | undefined): string {
  if (!isNum(mb)) return MISSING;
  return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`;
}

/** Bytes for transfers: "512 B", "12.3 MB", "3.00 GB". */
export function formatBytes(b: number | null | undefined): string {
  if (!isNum(b)) return MISSING;
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(1)} MB`;
  return `${(b / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * A count with its noun, the one way counts are printed on every page: "1 prompt", "3 prompts", "12 345 prompts".
 * `many` for irregular plurals ("strategy", "strategies").
 */
export function plural(n: number | null | undefined, word: string, many = `${word}s`): string {
  if (!isNum(n)) return `${MISSING} ${many}`;
  return `${formatInt(n)} ${noun(n, word, many)}`;
}

/** The noun alone, singular for exactly one: for sentences where the count is printed apart. */
export function noun(n: number, word: string, many = `${word}s`): string {
  return Math.round(n) === 1 ? word : many;
}

/**
 * A duration: "850 ms", "8.3 s", "42 s", "2 min 05 s", "1 h 02 min". Negative durations clamp to zero.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING;
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 10_000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.round(v / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${pad(s % 60)} s`;
  return `${Math.floor(min / 60)} h ${pad(min % 60)} min`;
}

/** The meter behind energy figures, in words: "ODPM power rails", "fuel gauge", "charge counter", "none". */
export function energyMethodName(m: EnergyMethod | null | undefined): string {
  switch (m) {
    case 'odpm':
      return 'ODPM power rails';
    case 'fuel-gauge':
      return 'fuel gauge';
    case 'charge-counter':
      return 'charge counter';
    default:
      return 'none';
  }
}
