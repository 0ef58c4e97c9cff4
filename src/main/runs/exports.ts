/** Exports of prompt results: the export rows (results-repository.ts) through the kit's printers. */
import { columnFields, printCsv, printJson } from '../../shared/kit/printers';
import { EXPORT_COLUMNS, type ExportValue } from './results-repository';

const FIELDS = columnFields(EXPORT_COLUMNS);

/** RFC 4180 CSV with a header row (NULL is an empty field), or a JSON array of objects keyed by column. */
export function exportTable(rows: readonly ExportValue[][], format: 'csv' | 'json'): string {
  const table = { fields: FIELDS, rows };
  return format === 'csv' ? printCsv(table) : printJson(table, 1);
}
