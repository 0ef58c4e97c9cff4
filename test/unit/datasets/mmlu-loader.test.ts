import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/main/datasets/errors';
import { loadMmlu, loadMmluFile, subjectFromFileName } from '../../../src/main/datasets/mmlu-loader';
import type { PromptItem } from '../../../src/main/datasets/types';
import { ARITHMETIC_TEST, ASTRONOMY_DEV, ASTRONOMY_TEST } from '../../fixtures/datasets/mmlu-fixture-rows';
import { tempDir } from '../../helpers/temp-dir';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/datasets');

describe('subjectFromFileName', () => {
  it('strips the split suffix', () => {
    expect(subjectFromFileName('/x/high_school_physics_test.csv')).toEqual({ subject: 'high_school_physics', split: 'test' });
    expect(subjectFromFileName('anatomy_dev.csv')).toEqual({ subject: 'anatomy', split: 'dev' });
    expect(subjectFromFileName('anatomy_val.csv')).toEqual({ subject: 'anatomy', split: 'val' });
    expect(subjectFromFileName('mine.csv')).toEqual({ subject: 'mine', split: null });
  });
});

const asRows = (items: PromptItem[]): unknown[] => items.map((i) => [i.question, ...i.choices!, i.answer]);

describe('MMLU loader: layouts', () => {
  it('reads every fixture file to exactly the rows it holds, in both layouts', async () => {
    for (const dir of ['mmlu-canonical', 'mmlu-letter-header']) {
      const test = await loadMmlu(join(FIXTURES, dir));
      expect(asRows(test.items)).toEqual([...ARITHMETIC_TEST, ...ASTRONOMY_TEST]);
      expect(asRows((await loadMmlu(join(FIXTURES, dir), { split: 'dev' })).items)).toEqual(ASTRONOMY_DEV);
    }
  });

  it('loads the canonical layout (no header, letter answers, CRLF, quoted commas/quotes/newlines, BOM)', async () => {
    const set = await loadMmlu(join(FIXTURES, 'mmlu-canonical'));
    expect(set.name).toBe('mmlu/test');
    expect(set.items.map((i) => i.id)).toEqual([
      'mmlu/arithmetic/test/0', 'mmlu/arithmetic/test/1', 'mmlu/arithmetic/test/2',
      'mmlu/astronomy/test/0', 'mmlu/astronomy/test/1', 'mmlu/astronomy/test/2', 'mmlu/astronomy/test/3', 'mmlu/astronomy/test/4',
    ]);
    const astro = set.items.filter((i) => i.subject === 'astronomy');
    expect(astro[1]).toMatchObject({
      question: 'Which planets are gas giants, by mass?',
      choices: ['Jupiter, Saturn', 'Mars, Venus', 'Earth, Mars', 'Mercury, Venus'],
      answer: 'A',
    });
    expect(astro[2]!.question).toBe('A "light-year" measures what?');
    expect(astro[3]!.question).toBe('Pick the true statement:\n(this question spans two lines)');
    expect(astro[3]!.source.line).toBe(4);
    expect(astro[4]!.source.line).toBe(6);
    expect(astro[4]!.answer).toBe('D'); // lowercase "d" in the file
    expect(set.items[0]!.question).toBe('What is 2 + 2?'); // BOM dropped
    expect(set.items[2]!.choices![3]).toBe('1,000');
  });

  it('loads the letter-header layout (flat folder, case-insensitive header) to the same items and fingerprint', async () => {
    const canonical = await loadMmlu(join(FIXTURES, 'mmlu-canonical'));
    const headered = await loadMmlu(join(FIXTURES, 'mmlu-letter-header'));
    const strip = (s: typeof canonical): unknown => s.items.map(({ source: _s, ...rest }) => rest);
    expect(strip(headered)).toEqual(strip(canonical));
    expect(headered.fingerprint).toBe(canonical.fingerprint);
    expect(headered.items[3]!.source.line).toBe(2); // header on line 1
  });

  it('loads the dev split as few-shot examples from both layouts', async () => {
    for (const dir of ['mmlu-canonical', 'mmlu-letter-header']) {
      const dev = await loadMmlu(join(FIXTURES, dir), { split: 'dev' });
      expect(dev.items.map((i) => [i.id, i.answer])).toEqual([
        ['mmlu/astronomy/dev/0', 'B'],
        ['mmlu/astronomy/dev/1', 'B'],
      ]);
    }
  });

  it('loads a single CSV file, taking the subject from its name', async () => {
    const set = await loadMmlu(join(FIXTURES, 'mmlu-canonical/test/astronomy_test.csv'));
    expect(set.items).toHaveLength(5);
    expect(new Set(set.items.map((i) => i.subject))).toEqual(new Set(['astronomy']));
  });

  it('says when a folder has no files for the split', async () => {
    await expect(loadMmlu(join(FIXTURES, 'mmlu-canonical'), { split: 'val' })).rejects.toThrow(/No MMLU val files/);
  });
});

describe('MMLU loader: the index-header layout and an optional subject column', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('maps 0-3 indices to letters', async () => {
    const file = join(dir.path, 'optics_test.csv');
    writeFileSync(file, 'question,choice0,choice1,choice2,choice3,answer\nQ1,a,b,c,d,0\nQ2,a,b,c,d,3\n');
    const items = await loadMmluFile(file);
    expect(items.map((i) => i.answer)).toEqual(['A', 'D']);
  });

  it('uses a subject column when there is one', async () => {
    const file = join(dir.path, 'all_test.csv');
    writeFileSync(file, 'question,subject,choice0,choice1,choice2,choice3,answer\nQ1,anatomy,a,b,c,d,2\n');
    const items = await loadMmluFile(file);
    expect(items[0]).toMatchObject({ id: 'mmlu/anatomy/test/0', subject: 'anatomy', choices: ['a', 'b', 'c', 'd'], answer: 'C' });
  });
});

describe('MMLU loader: broken files name the file, the line and the field', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  async function failure(name: string, content: string | Buffer): Promise<DatasetError> {
    const file = join(dir.path, name);
    writeFileSync(file, content);
    const err = await loadMmluFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatasetError);
    const de = err as DatasetError;
    expect(de.message).toContain(file);
    return de;
  }

  it('ragged row', async () => {
    const e = await failure('bio_test.csv', 'Q1,a,b,c,d,A\nQ2,a,b,c,B\nQ3,a,b,c,d,C\n');
    expect(e.message).toMatch(/bio_test\.csv:2: .*expected 6 fields .* found 5/);
    expect(e.line).toBe(2);
  });

  it('ragged row after a multi-line field: the physical line is named', async () => {
    const e = await failure('bio_test.csv', '"Q1\nmore",a,b,c,d,A\nQ2,a,b,c,d,A,extra\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/:3: .*found 7/);
  });

  it('unknown answer letter', async () => {
    const e = await failure('bio_test.csv', 'Q1,a,b,c,d,A\nQ2,a,b,c,d,E\n');
    expect(e.message).toMatch(/bio_test\.csv:2: field "answer": unknown answer "E" \(column 6\): expected A, B, C or D/);
    expect(e.field).toBe('answer');
  });

  it('unknown answer: empty, and an index out of range in an index-header file', async () => {
    expect((await failure('bio_test.csv', 'Q1,a,b,c,d,\n')).message).toMatch(/:1: field "answer": unknown answer ""/);
    const e = await failure('opt_test.csv', 'question,choice0,choice1,choice2,choice3,answer\nQ1,a,b,c,d,1\nQ2,a,b,c,d,5\n');
    expect(e.message).toMatch(/opt_test\.csv:3: field "answer": unknown answer "5" .*0, 1, 2 or 3/);
  });

  it('a letter-header file must use letters throughout', async () => {
    const e = await failure('bio_test.csv', 'Question,A,B,C,D,Answer\nQ1,a,b,c,d,A\nQ2,a,b,c,d,2\n');
    expect(e.message).toMatch(/:3: field "Answer": unknown answer "2"/);
  });

  it('empty file, whitespace-only file, header-only file', async () => {
    expect((await failure('e_test.csv', '')).message).toMatch(/e_test\.csv: the file is empty/);
    expect((await failure('w_test.csv', '\n\r\n  \n')).code).toBe('empty');
    expect((await failure('h_test.csv', 'question,A,B,C,D,answer\n')).message).toMatch(/:1: the file has a header but no questions/);
  });

  it('invalid UTF-8 (Latin-1 bytes): says so, names the line, suggests re-saving as UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from('Q1,a,b,c,d,A\nQ2,caf'), Buffer.from([0xe9]), Buffer.from(',b,c,d,B\n')]);
    const e = await failure('enc_test.csv', latin1);
    expect(e.code).toBe('encoding');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/enc_test\.csv:2: invalid UTF-8 .*re-save it as UTF-8/);
  });

  it('UTF-16 (with a byte-order mark): says it is UTF-16', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Q1,a,b,c,d,A\n', 'utf16le')]);
    const e = await failure('u16_test.csv', utf16);
    expect(e.code).toBe('encoding');
    expect(e.message).toMatch(/u16_test\.csv:1: the file is UTF-16 .*Re-save it as UTF-8/);
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x51]);
    expect((await failure('u16be_test.csv', be)).message).toMatch(/UTF-16 \(big-endian/);
  });

  it('UTF-16 without a byte-order mark is caught by its NUL bytes', async () => {
    const e = await failure('nobom_test.csv', Buffer.from('Q1,a,b,c,d,A\n', 'utf16le'));
    expect(e.message).toMatch(/NUL byte .*UTF-16/);
  });

  it('unterminated quote: names the line where the quote opened', async () => {
    const e = await failure('q_test.csv', 'Q1,a,b,c,d,A\nQ2,a,b,c,d,B\n"Q3 never closes,a,b,c,d,C\nQ4,a,b,c,d,D\n');
    expect(e.message).toMatch(/q_test\.csv:3: .*unterminated quote/);
  });

  it('a header with the wrong number of choice columns', async () => {
    const e = await failure('h_test.csv', 'question,A,B,C,answer\nQ,a,b,c,A\n');
    expect(e.message).toMatch(/h_test\.csv:1: field "header": the header has 5 columns/);
  });
});
