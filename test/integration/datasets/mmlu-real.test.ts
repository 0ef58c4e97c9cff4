import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/main/datasets/dataset-registry';
import { loadMmlu } from '../../../src/main/datasets/mmlu-loader';
import { readMmluParquet, writeMmluSplit } from '../../../src/main/datasets/mmlu-parquet';
import { sampleStratified } from '../../../src/main/datasets/sampling';
import type { PromptSet } from '../../../src/main/datasets/types';
import { mmluParquet } from '../../fixtures/datasets/mmlu-parquet';
import { tempDir } from '../../helpers/temp-dir';
import { csvField } from '../../../src/shared/kit/csv';
import { fullMmluDir, MMLU_SAMPLE } from '../../helpers/fixtures';

/**
 * Real MMLU in the index-header layout (exported from cais/mmlu): the full copy where the checkout has one
 * (`../shared/datasets/mmlu` or AURORA_MMLU_DIR: 14,042 test questions), else the repo's sample (the first 16
 * questions of every subject, the whole dev split: test/fixtures/datasets/mmlu-sample).
 */
const FULL = fullMmluDir();
const MMLU = FULL ?? MMLU_SAMPLE;
const TOTAL = FULL ? 14_042 : 57 * 16;
const total = TOTAL.toLocaleString('en-US');

describe(`MMLU: the real index-header copy (${FULL ? 'full' : 'the repo sample; the full copy is checked where ../shared/datasets/mmlu exists'})`, () => {
  let test: PromptSet;
  let ms: number;

  beforeAll(async () => {
    const t0 = performance.now();
    test = await loadDataset(MMLU, { split: 'test' });
    ms = performance.now() - t0;
  });

  it(`loads all ${total} test questions over 57 subjects`, () => {
    expect(test.items).toHaveLength(TOTAL);
    expect(new Set(test.items.map((i) => i.subject)).size).toBe(57);
    expect(test.items.every((i) => i.choices?.length === 4 && i.answer !== null)).toBe(true);
    expect(new Set(test.items.map((i) => i.id)).size).toBe(TOTAL);
    console.log(`loaded the MMLU test split in ${ms.toFixed(0)} ms`);
  });

  it('maps index answers to letters and keeps quoted commas', () => {
    const first = test.items[0]!;
    expect(first.id).toBe('mmlu/abstract_algebra/test/0');
    expect(first.question).toBe('Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.');
    expect(first.choices).toEqual(['0', '4', '2', '6']);
    expect(first.answer).toBe('B');
    expect(first.source.line).toBe(2);
    const third = test.items[2]!;
    expect(third.choices).toEqual(['0', '1', '0,1', '0,4']);
    expect(third.answer).toBe('D');
  });

  it('loads the dev split: 5 few-shot examples per subject', async () => {
    const dev = await loadDataset(MMLU, { split: 'dev' });
    expect(dev.items).toHaveLength(285);
    const counts = new Map<string, number>();
    for (const i of dev.items) counts.set(i.subject, (counts.get(i.subject) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 5)).toBe(true);
    expect(counts.size).toBe(57);
  });

  it('samples 200 stratified prompts exactly', () => {
    const sample = sampleStratified(test.items, 200, 'real');
    expect(sample).toHaveLength(200);
    const law = sample.filter((i) => i.subject === 'professional_law').length;
    const lawShare = (200 * test.items.filter((i) => i.subject === 'professional_law').length) / TOTAL;
    expect(Math.abs(law - lawShare)).toBeLessThan(1);
  });

  describe('rewritten in the canonical layout', () => {
    const dir = tempDir();
    afterAll(() => dir.cleanup());

    it('gives the very same items and fingerprint (parser round trip on real data)', async () => {
      const bySubject = new Map<string, string[]>();
      for (const i of test.items) {
        const row = [i.question, ...i.choices!, i.answer!].map(csvField).join(',');
        bySubject.set(i.subject, [...(bySubject.get(i.subject) ?? []), row]);
      }
      mkdirSync(join(dir.path, 'test'));
      for (const [subject, rows] of bySubject) writeFileSync(join(dir.path, 'test', `${subject}_test.csv`), `${rows.join('\r\n')}\r\n`);
      const canonical = await loadMmlu(dir.path);
      expect(canonical.items).toHaveLength(TOTAL);
      expect(canonical.fingerprint).toBe(test.fingerprint);
    });
  });

  describe('as a cais/mmlu Parquet file (all/test-00000-of-00001.parquet shape)', () => {
    const dir = tempDir();
    afterAll(() => dir.cleanup());

    it(`converts back to the very same ${total} items, ids and fingerprint`, async () => {
      const file = join(dir.path, 'test-00000-of-00001.parquet');
      writeFileSync(file, mmluParquet(test.items.map((i) => ({
        question: i.question,
        subject: i.subject,
        choices: i.choices,
        answer: BigInt('ABCD'.indexOf(i.answer!)),
      }))));
      const rows = await readMmluParquet(file);
      expect(rows).toHaveLength(TOTAL);
      expect(await writeMmluSplit(rows, join(dir.path, 'mmlu'), 'test')).toHaveLength(57);
      const converted = await loadMmlu(join(dir.path, 'mmlu'));
      expect(converted.items.map((i) => i.id)).toEqual(test.items.map((i) => i.id));
      expect(converted.fingerprint).toBe(test.fingerprint);
    });
  });

  it.skipIf(!FULL)(`the repo's sample is the full copy's first 16 questions per subject, byte for byte${FULL ? '' : ' (skipped: no full copy at ../shared/datasets/mmlu)'}`, () => {
    for (const split of ['test', 'dev']) {
      const files = readdirSync(join(MMLU_SAMPLE, split)).filter((f) => f.endsWith('.csv'));
      expect(files).toHaveLength(57);
      for (const f of files) {
        const sample = readFileSync(join(MMLU_SAMPLE, split, f), 'utf8');
        const full = readFileSync(join(FULL!, split, f), 'utf8');
        expect(full.startsWith(sample), f).toBe(true);
      }
    }
  });
});
