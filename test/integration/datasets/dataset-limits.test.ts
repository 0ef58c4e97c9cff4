/**
 * Prompt-set limits on real files: size checked before a file is read, rows counted before it is parsed (JSON
 * Lines, CSV with quoted line breaks, the Parquet footer), each refusal naming the file and the limit.
 */
import { cpSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset, loadJsonl, loadMmlu, readMmluParquet } from '../../../src/main/datasets';

/** The limits (src/main/datasets/limits.ts), spelt out so the test states them. */
const DATASET_LIMITS = { maxBytes: 256 * 1024 * 1024, maxRows: 200_000 };
import { hfRows, mmluParquet } from '../../fixtures/datasets/mmlu-parquet';
import { tempDir } from '../../helpers/temp-dir';

const dir = tempDir();
afterAll(() => dir.cleanup());
const canonical = resolve(import.meta.dirname, '../../fixtures/datasets/mmlu-canonical');

describe('prompt-set limits', () => {
  it(`a JSON Lines file of ${DATASET_LIMITS.maxRows + 1} prompts is refused before parsing, naming it`, async () => {
    const file = join(dir.path, 'many.jsonl');
    writeFileSync(file, Array.from({ length: DATASET_LIMITS.maxRows + 1 }, (_, i) => `{"prompt":"q${i}"}`).join('\n'));
    await expect(loadDataset(file)).rejects.toThrow(`${file}: holds ${DATASET_LIMITS.maxRows + 1} lines, above the limit of ${DATASET_LIMITS.maxRows} prompts`);
    writeFileSync(file, Array.from({ length: 3 }, (_, i) => `{"prompt":"q${i}"}`).join('\n'));
    expect((await loadJsonl(file)).items).toHaveLength(3);
  });

  it('a file above the byte limit is refused from its size, before it is read', async () => {
    const file = join(dir.path, 'disk-image.jsonl');
    writeFileSync(file, '');
    truncateSync(file, DATASET_LIMITS.maxBytes + 1); // sparse: costs no disk
    const err = (await loadDataset(file).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(file);
    expect(err.message).toMatch(`${DATASET_LIMITS.maxBytes + 1} bytes, above the ${DATASET_LIMITS.maxBytes}-byte limit`);
    const csv = join(dir.path, 'big_test.csv');
    writeFileSync(csv, '');
    truncateSync(csv, DATASET_LIMITS.maxBytes + 1);
    await expect(loadMmlu(csv)).rejects.toThrow(/-byte limit for a prompt set/);
  });

  it('CSV records are counted with quoted line breaks, and refused above the limit', async () => {
    const file = join(dir.path, 'quoted_test.csv');
    const row = (i: number) => `"Line one of ${i}\nline two, with ""quotes""",a,b,c,d,A`;
    writeFileSync(file, [row(1), row(2), row(3)].join('\n'));
    expect((await loadMmlu(file, { limits: { ...DATASET_LIMITS, maxRows: 3 } })).items).toHaveLength(3);
    writeFileSync(file, [row(1), row(2), row(3), row(4)].join('\n'));
    await expect(loadMmlu(file, { limits: { ...DATASET_LIMITS, maxRows: 3 } })).rejects.toThrow(`${file}: holds 4 CSV records, above the limit of 3`);
  });

  it('an MMLU folder is limited by the bytes of all its files together', async () => {
    const folder = join(dir.path, 'mmlu');
    cpSync(canonical, folder, { recursive: true });
    expect((await loadMmlu(folder)).items.length).toBeGreaterThan(0);
    await expect(loadMmlu(folder, { limits: { maxBytes: 100, maxRows: DATASET_LIMITS.maxRows } })).rejects.toThrow(
      new RegExp(`^${folder.replace(/[/.]/g, '\\$&')}: the 2 test files of this folder are \\d+ bytes, above the 100-byte limit`),
    );
  });

  it("a Parquet file is refused from its footer's row count, before any row is decoded", async () => {
    const file = join(dir.path, 'test-00000-of-00001.parquet');
    const rows = hfRows('anatomy', Array.from({ length: 5 }, (_, i) => [`Question ${i}?`, 'w', 'x', 'y', 'z', 'B'] as const));
    writeFileSync(file, mmluParquet(rows));
    expect(await readMmluParquet(file)).toHaveLength(5);
    await expect(readMmluParquet(file, 'https://huggingface.co/x.parquet', { ...DATASET_LIMITS, maxRows: 4 })).rejects.toThrow(
      'https://huggingface.co/x.parquet: holds 5 rows, above the limit of 4 prompts',
    );
  });
});
