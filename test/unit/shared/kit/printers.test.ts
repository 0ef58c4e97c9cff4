import { describe, expect, it } from 'vitest';
import { columnFields, printCsv, printJson, printMarkdown, printTable, printText, type Field } from '../../../../src/shared/kit/printers';

interface Row {
  model: string;
  accuracy: number | null;
  note: string;
}

const FIELDS: Array<Field<Row>> = [
  { name: 'model', header: 'MODEL', value: (r) => r.model },
  { name: 'accuracy', header: 'ACC %', value: (r) => r.accuracy, text: (r) => (r.accuracy === null ? null : (100 * r.accuracy).toFixed(1)), numeric: true },
  { name: 'note', value: (r) => r.note },
];
const ROWS: Row[] = [
  { model: 'gemma-270m', accuracy: 0.5, note: 'a, "b"' },
  { model: 'qwen-1.7b', accuracy: null, note: '' },
];

describe('one result row, many printers', () => {
  it('text: aligned columns, numbers right-aligned, missing values as -', () => {
    expect(printText({ fields: FIELDS, rows: ROWS }).split('\n')).toEqual([
      'MODEL       ACC %  NOTE',
      '----------  -----  ------',
      'gemma-270m   50.0  a, "b"',
      'qwen-1.7b       -',
    ]);
  });

  it('CSV and JSON carry the exact values under the field names', () => {
    expect(printCsv({ fields: FIELDS, rows: ROWS })).toBe('model,accuracy,note\r\ngemma-270m,0.5,"a, ""b"""\r\nqwen-1.7b,,\r\n');
    expect(JSON.parse(printJson({ fields: FIELDS, rows: ROWS }))).toEqual([
      { model: 'gemma-270m', accuracy: 0.5, note: 'a, "b"' },
      { model: 'qwen-1.7b', accuracy: null, note: '' },
    ]);
  });

  it('Markdown: headers, alignment row, pipes escaped', () => {
    const md = printMarkdown({ fields: FIELDS, rows: [{ model: 'a|b', accuracy: 1, note: 'x\ny' }] });
    expect(md).toBe('| MODEL | ACC % | NOTE |\n| --- | ---: | --- |\n| a\\|b | 100.0 | x y |\n');
  });

  it('printTable picks the printer; columnFields reads rows of values in column order', () => {
    const t = { fields: columnFields(['a', 'b']), rows: [[1, 'x'], [null, 'y']] };
    expect(printTable(t, 'csv')).toBe('a,b\r\n1,x\r\n,y\r\n');
    expect(printTable(t, 'table')).toBe('A  B\n-  -\n1  x\n-  y\n');
    expect(JSON.parse(printTable(t, 'json'))).toEqual([{ a: 1, b: 'x' }, { a: null, b: 'y' }]);
  });
});
