import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../src/main/datasets/csv';
import { csvField, toCsv } from '../../../../src/shared/kit/csv';

describe('csvField', () => {
  it('quotes what RFC 4180 needs quoted, and leading or trailing spaces', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes missing values empty, numbers exactly, booleans as words', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Infinity)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(false)).toBe('false');
  });
});

describe('toCsv', () => {
  it('ends every line, CRLF by default, LF on request', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
    expect(toCsv(['a'], [], '\n')).toBe('a\n');
  });

  it('round-trips through the data sets\' RFC 4180 reader', () => {
    const rows = [['q, with comma', 'He said "no"\nthen left', ' lead', 'x']];
    const back = parseCsv(toCsv(['h1', 'h2', 'h3', 'h4'], rows), 'mem.csv');
    expect(back.map((r) => r.fields)).toEqual([['h1', 'h2', 'h3', 'h4'], rows[0]]);
  });
});
