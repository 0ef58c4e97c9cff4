/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends) for exports built in the page.
 * This is the renderer's own copy of the CSV escaping the lab core has; at merge it is to be replaced by the shared
 * kit's (`src/shared/kit/`), which is written once for the core, the CLI and here. Pure, unit-tested in
 * test/unit/renderer/runs/prompt-export.test.ts.
 */

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field: quoted when it holds a comma, a quote, a line break or leading/trailing spaces; quotes doubled.
 * Missing values are empty; numbers are written exactly (no rounding).
 */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (/[",\r\n]/.test(v) || /^\s|\s$/.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

/** Rows to CSV text with CRLF line ends (what spreadsheets expect). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
