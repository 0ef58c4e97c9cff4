/**
 * Writing CSV (RFC 4180), one way for every export: a field is quoted when it holds a comma, a quote, a line break
 * or leading/trailing white space, with quotes doubled; null, undefined and non-finite numbers are empty fields;
 * numbers are written exactly (no rounding: a caller that wants fewer digits rounds first); booleans are
 * true/false. Lines end with CRLF unless the caller asks for LF. Reading CSV is the data sets' job
 * (src/main/datasets/csv.ts), with file and line in its errors.
 */

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A header and rows as CSV text, every line ended (CRLF by default). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, eol: '\r\n' | '\n' = '\r\n'): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return `${lines.join(eol)}${eol}`;
}
