import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/main/datasets/errors';
import { mmluRemoteDataset } from '../../../src/main/datasets/hf-download';
import { loadMmlu, parseMmluCsv } from '../../../src/main/datasets/mmlu-loader';
import { checkMmluParquetRows, mmluCsvText, readMmluParquet, writeMmluSplit } from '../../../src/main/datasets/mmlu-parquet';
import type { MmluParquetRow } from '../../../src/main/datasets/mmlu-parquet';
import type { PromptItem } from '../../../src/main/datasets/types';
import { ARITHMETIC_TEST, ASTRONOMY_DEV, ASTRONOMY_TEST } from '../../fixtures/datasets/mmlu-fixture-rows';
import { hfRows, mmluParquet, otherParquet } from '../../fixtures/datasets/mmlu-parquet';
import type { HfMmluRow } from '../../fixtures/datasets/mmlu-parquet';
import { tempDir } from '../../helpers/temp-dir';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/datasets');
const withoutSource = (items: PromptItem[]): Array<Omit<PromptItem, 'source'>> => items.map(({ source: _s, ...rest }) => rest);

describe('MMLU Parquet (cais/mmlu schema) -> loader layout', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  function writeParquet(name: string, rows: HfMmluRow[], opts: { rowGroupSize?: number } = {}): string {
    const path = join(dir.path, name);
    writeFileSync(path, mmluParquet(rows, opts));
    return path;
  }

  it('reads the four columns, answers as letters, in file order across row groups', async () => {
    const path = writeParquet('t.parquet', hfRows('astronomy', ASTRONOMY_TEST), { rowGroupSize: 2 });
    const rows = await readMmluParquet(path);
    expect(rows.map((r) => [r.question, ...r.choices, r.answer])).toEqual(ASTRONOMY_TEST);
    expect(rows.every((r) => r.subject === 'astronomy')).toBe(true);
  });

  it('converts to the same items, ids and fingerprint as the canonical CSV copy', async () => {
    const test = await readMmluParquet(writeParquet('test.parquet',
      [...hfRows('arithmetic', ARITHMETIC_TEST), ...hfRows('astronomy', ASTRONOMY_TEST)]));
    const dev = await readMmluParquet(writeParquet('dev.parquet', hfRows('astronomy', ASTRONOMY_DEV)));
    const out = join(dir.path, 'mmlu');
    expect(await writeMmluSplit(test, out, 'test')).toEqual(['arithmetic', 'astronomy']);
    expect(await writeMmluSplit(dev, out, 'dev')).toEqual(['astronomy']);
    expect(await writeMmluSplit([], out, 'val')).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['dev', 'test']);
    expect(readdirSync(join(out, 'test')).sort()).toEqual(['arithmetic_test.csv', 'astronomy_test.csv']);

    for (const split of ['test', 'dev'] as const) {
      const fromParquet = await loadMmlu(out, { split });
      const fromCsv = await loadMmlu(join(FIXTURES, 'mmlu-canonical'), { split });
      expect(withoutSource(fromParquet.items)).toEqual(withoutSource(fromCsv.items));
      expect(fromParquet.fingerprint).toBe(fromCsv.fingerprint);
    }
    const items = (await loadMmlu(out)).items;
    expect(items.map((i) => i.id).slice(0, 4)).toEqual([
      'mmlu/arithmetic/test/0', 'mmlu/arithmetic/test/1', 'mmlu/arithmetic/test/2', 'mmlu/astronomy/test/0',
    ]);
  });

  it('numbers rows per subject in file order when subjects are interleaved', async () => {
    const [a0, a1] = hfRows('astronomy', ASTRONOMY_TEST);
    const [b0, b1] = hfRows('arithmetic', ARITHMETIC_TEST);
    const rows = await readMmluParquet(writeParquet('mixed.parquet', [a0!, b0!, a1!, b1!]));
    const out = join(dir.path, 'mmlu');
    await writeMmluSplit(rows, out, 'test');
    const items = (await loadMmlu(out)).items;
    expect(items.map((i) => [i.id, i.question])).toEqual([
      ['mmlu/arithmetic/test/0', ARITHMETIC_TEST[0]![0]],
      ['mmlu/arithmetic/test/1', ARITHMETIC_TEST[1]![0]],
      ['mmlu/astronomy/test/0', ASTRONOMY_TEST[0]![0]],
      ['mmlu/astronomy/test/1', ASTRONOMY_TEST[1]![0]],
    ]);
  });

  it('writes CSV that parses back to the exact texts (quotes, commas, CR, LF, spaces, empty choices)', () => {
    const rows: MmluParquetRow[] = [
      { question: 'He said "hi", then left.', subject: 's', choices: ['a,b', ' padded ', '', 'x\r\ny'], answer: 'D' },
      { question: 'line\rbreak\nand "more"', subject: 's', choices: ['"', '""', 'A', 'question'], answer: 'A' },
      { question: 'answer', subject: 's', choices: ['1', '2', '3', '4'], answer: 'C' },
    ];
    const items = parseMmluCsv(mmluCsvText(rows), 'x.csv', 's', 'test');
    expect(items.map((i) => [i.question, ...i.choices!, i.answer])).toEqual(rows.map((r) => [r.question, ...r.choices, r.answer]));
  });

  it.each<[string, Partial<HfMmluRow>, RegExp]>([
    ['an answer out of range', { answer: 4n }, /row 2: field "answer": expected 0, 1, 2 or 3 .* found 4n/],
    ['a null answer', { answer: null }, /row 2: field "answer".*found null/],
    ['three choices', { choices: ['a', 'b', 'c'] }, /row 2: field "choices": expected a list of four strings, found \["a","b","c"\]/],
    ['a null choice list', { choices: null }, /row 2: field "choices"/],
    ['an empty question', { question: '  ' }, /row 2: field "question": expected a non-empty string/],
    ['a subject that is not a file name', { subject: '../evil' }, /row 2: field "subject".*found "\.\.\/evil"/],
  ])('rejects %s, naming the file, row and field', async (_what, change, message) => {
    const rows = hfRows('astronomy', ASTRONOMY_DEV);
    rows[1] = { ...rows[1]!, ...change };
    const path = writeParquet('bad.parquet', rows);
    const err = await readMmluParquet(path, 'https://example.test/bad.parquet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('parse-error');
    expect((err as DatasetError).message).toMatch(/^https:\/\/example\.test\/bad\.parquet: /);
    expect((err as DatasetError).message).toMatch(message);
  });

  it('accepts answers given as numbers or letters too', () => {
    const rows = checkMmluParquetRows([
      { question: 'q', subject: 's', choices: ['a', 'b', 'c', 'd'], answer: 2 },
      { question: 'q', subject: 's', choices: ['a', 'b', 'c', 'd'], answer: 'b' },
    ], 'f');
    expect(rows.map((r) => r.answer)).toEqual(['C', 'B']);
  });

  it('rejects a file that is not Parquet, or Parquet without the MMLU columns', async () => {
    const junk = join(dir.path, 'junk.parquet');
    writeFileSync(junk, '<html>Entry not found</html>');
    await expect(readMmluParquet(junk)).rejects.toThrow(/junk\.parquet is not a readable Parquet file/);
    const other = join(dir.path, 'other.parquet');
    writeFileSync(other, otherParquet());
    await expect(readMmluParquet(other)).rejects.toThrow(
      /not an MMLU Parquet file: missing column\(s\) question, subject, choices, answer \(it has: prompt, label/);
  });

  it('leaves no folder for an empty split', async () => {
    await writeMmluSplit([], join(dir.path, 'mmlu'), 'val');
    expect(existsSync(join(dir.path, 'mmlu', 'val'))).toBe(false);
  });
});

describe('mmluRemoteDataset sources', () => {
  it('defaults to cais/mmlu Parquet files on Hugging Face at main', () => {
    const ds = mmluRemoteDataset();
    expect(ds.files.map((f) => [f.name, f.url])).toEqual([
      ['test-00000-of-00001.parquet', 'https://huggingface.co/datasets/cais/mmlu/resolve/main/all/test-00000-of-00001.parquet'],
      ['dev-00000-of-00001.parquet', 'https://huggingface.co/datasets/cais/mmlu/resolve/main/all/dev-00000-of-00001.parquet'],
      ['validation-00000-of-00001.parquet', 'https://huggingface.co/datasets/cais/mmlu/resolve/main/all/validation-00000-of-00001.parquet'],
    ]);
    expect(ds.meta).toEqual({ source: 'hf-parquet', repo: 'cais/mmlu', revision: 'main' });
  });

  it('takes a revision (URL-encoded), a mirror URL and per-split checksums', () => {
    const ds = mmluRemoteDataset({ kind: 'hf-parquet', url: 'http://mirror.test/ds/', revision: 'refs/convert/parquet', sha256: { dev: 'ab'.repeat(32) } });
    expect(ds.files[0]!.url).toBe('http://mirror.test/ds/resolve/refs%2Fconvert%2Fparquet/all/test-00000-of-00001.parquet');
    expect(ds.files.map((f) => f.sha256)).toEqual([undefined, 'ab'.repeat(32), undefined]);
  });

  it('keeps the canonical data.tar as an alternative', () => {
    const ds = mmluRemoteDataset({ kind: 'data-tar' });
    expect(ds.files).toEqual([{ url: 'https://people.eecs.berkeley.edu/~hendrycks/data.tar', name: 'data.tar' }]);
    expect(mmluRemoteDataset({ kind: 'data-tar', url: 'http://x.test/d.tar', sha256: 'cd'.repeat(32) }).files[0])
      .toEqual({ url: 'http://x.test/d.tar', name: 'data.tar', sha256: 'cd'.repeat(32) });
  });
});
