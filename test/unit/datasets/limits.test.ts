import { describe, expect, it } from 'vitest';
import { checkDatasetBytes, checkDatasetRows, countRecords, DATASET_LIMITS } from '../../../src/main/datasets/limits';

describe('prompt-set limits', () => {
  it('are the documented figures, far above all of MMLU', () => {
    expect(DATASET_LIMITS).toEqual({ maxBytes: 256 * 1024 * 1024, maxRows: 200_000 });
  });

  it('count records without parsing: quoted CSV line breaks, doubled quotes, blank lines, CRLF', () => {
    const row = (i: number) => `"Line one of ${i}\nline two, with ""quotes""",a,b,c,d,A`;
    expect(countRecords([row(1), row(2), row(3)].join('\n'), true)).toBe(3);
    expect(countRecords(`${row(1)}\r\n\r\n${row(2)}\r\n`, true)).toBe(2);
    expect(countRecords('', true)).toBe(0);
    expect(countRecords('{"prompt":"say \\"hi\\""}\n\n{"prompt":"b"}', false)).toBe(2);
    expect(countRecords('{"prompt":"a \\" b"}\n{"prompt":"c"}\n', false)).toBe(2);
  });

  it('name the file and the limit', () => {
    expect(() => checkDatasetRows('/x/set.jsonl', 11, { maxBytes: 1, maxRows: 10 }, 'lines')).toThrow('/x/set.jsonl: holds 11 lines, above the limit of 10 prompts per data set');
    expect(() => checkDatasetRows('/x/set.jsonl', 10, { maxBytes: 1, maxRows: 10 })).not.toThrow();
    expect(() => checkDatasetBytes('/x/a.csv', 2, { maxBytes: 1, maxRows: 1 })).toThrow('/x/a.csv: the file is 2 bytes, above the 1-byte limit');
  });
});
