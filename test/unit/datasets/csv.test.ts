import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/main/datasets/csv';
import { DatasetError } from '../../../src/main/datasets/errors';

const rows = (text: string): string[][] => parseCsv(text, 'x.csv').map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and records (LF, CRLF, lone CR)', () => {
    expect(rows('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(rows('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(rows('a,b\r1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(rows('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('handles quoted commas, doubled quotes, newlines and CRLF inside quotes', () => {
    expect(rows('"a,b","say ""hi""","line1\nline2","x\r\ny"\n')).toEqual([['a,b', 'say "hi"', 'line1\nline2', 'x\r\ny']]);
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(rows('a,,c\n,"",\n')).toEqual([['a', '', 'c'], ['', '', '']]);
    expect(rows('a,b,')).toEqual([['a', 'b', '']]);
  });

  it('drops a BOM and skips blank lines', () => {
    expect(rows('\uFEFFa,b\n\n\r\n1,2\n\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps a stray quote inside an unquoted field as text (like Python csv)', () => {
    expect(rows('5" screen,b\n')).toEqual([['5" screen', 'b']]);
  });

  it('reports the 1-based physical line each record starts on', () => {
    const recs = parseCsv('h1,h2\n"multi\nline\nfield",x\r\nlast,y\n', 'x.csv');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('rejects an unterminated quote, naming the line where it opened', () => {
    let err: unknown;
    try {
      parseCsv('a,b\nc,d\n"open,e\nf,g\n', 'bad.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/^bad\.csv:3: .*unterminated quote/);
    expect((err as DatasetError).line).toBe(3);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"x"y,z\n', 'bad.csv')).toThrow(/bad\.csv:2: .*after a closing quote/);
  });
});
