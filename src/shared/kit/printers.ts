/**
 * One result row, many printers (llama-bench's way): a table is a list of fields (name, header, how to read the
 * value from a row, how to show it to a person) and the rows; the same table prints as aligned text for a terminal,
 * CSV (the kit's writer), JSON (one object per row, keyed by field name) or Markdown. The CLI and the exports print
 * through here, so a column is defined once for every format.
 */
import { toCsv, type CsvValue } from './csv';

export const TABLE_FORMATS = ['table', 'csv', 'json', 'md'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface Field<R> {
  /** Machine name: the CSV header and the JSON key. */
  name: string;
  /** Column heading in text and Markdown (default: the name in capitals). */
  header?: string;
  /** The value in CSV and JSON: exact, in the unit the name says. */
  value: (row: R) => CsvValue;
  /** The value for a person (default: the value as text); null and undefined show as '-'. */
  text?: (row: R) => string | number | null;
  /** Right-aligned in text and Markdown. */
  numeric?: boolean;
}

export interface Table<R> {
  fields: readonly Field<R>[];
  rows: readonly R[];
}

const headerOf = <R>(f: Field<R>) => f.header ?? f.name.toUpperCase();

function shown<R>(f: Field<R>, r: R): string {
  const v = f.text ? f.text(r) : f.value(r);
  return v === null || v === undefined ? '-' : String(v);
}

/** Aligned columns separated by two spaces, a dashed rule under the headers. */
export function printText<R>(t: Table<R>): string {
  const headers = t.fields.map(headerOf);
  const cells = t.rows.map((r) => t.fields.map((f) => shown(f, r)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (t.fields[i]!.numeric ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function printCsv<R>(t: Table<R>, eol: '\r\n' | '\n' = '\r\n'): string {
  return toCsv(t.fields.map((f) => f.name), t.rows.map((r) => t.fields.map((f) => f.value(r))), eol);
}

/** A JSON array of objects keyed by field name (exact values); `indent` spaces per level. */
export function printJson<R>(t: Table<R>, indent = 2): string {
  const objects = t.rows.map((r) => Object.fromEntries(t.fields.map((f) => [f.name, f.value(r) ?? null])));
  return `${JSON.stringify(objects, null, indent)}\n`;
}

export function printMarkdown<R>(t: Table<R>): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const head = `| ${t.fields.map((f) => esc(headerOf(f))).join(' | ')} |`;
  const rule = `| ${t.fields.map((f) => (f.numeric ? '---:' : '---')).join(' | ')} |`;
  const body = t.rows.map((r) => `| ${t.fields.map((f) => esc(shown(f, r))).join(' | ')} |`);
  return `${[head, rule, ...body].join('\n')}\n`;
}

export function printTable<R>(t: Table<R>, format: TableFormat): string {
  switch (format) {
    case 'csv':
      return printCsv(t);
    case 'json':
      return printJson(t);
    case 'md':
      return printMarkdown(t);
    default:
      return `${printText(t)}\n`;
  }
}

/** Fields for rows that are value lists in a known column order (e.g. an export). */
export function columnFields(names: readonly string[]): Array<Field<readonly CsvValue[]>> {
  return names.map((name, i) => ({ name, value: (r) => r[i] }));
}
