/** How the report writes figures: a missing figure is an em dash saying why, never a 0. */
import { html, type SafeHtml } from './html';

export const NOT_MEASURED = '—';

export function missing(why = 'not measured'): SafeHtml {
  return html`<span class="na" title="${why}">${NOT_MEASURED}</span>`;
}

export function percent(v: number | null | undefined, digits = 1): string | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : `${(v * 100).toFixed(digits)}%`;
}

export function ms(v: number | null | undefined): string | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : `${Math.round(v).toLocaleString('en-US')} ms`;
}

export function joules(v: number | null | undefined): string | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return Math.abs(v) >= 1 ? `${v.toFixed(2)} J` : `${(v * 1000).toFixed(1)} mJ`;
}

export function mb(v: number | null | undefined): string | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : `${Math.round(v).toLocaleString('en-US')} MB`;
}

/** A figure cell: the value, or the em dash with the reason. */
export function figure(v: string | null, why?: string): SafeHtml | string {
  return v === null ? missing(why) : v;
}

/** "61.0% [51.2–70.0%]". */
export function withInterval(v: number | null, ci: { lo: number; hi: number } | null): string | null {
  const p = percent(v);
  if (p === null) return null;
  return ci ? `${p} [${(ci.lo * 100).toFixed(1)}–${(ci.hi * 100).toFixed(1)}%]` : p;
}
