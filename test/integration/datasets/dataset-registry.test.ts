import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/main/datasets/dataset-registry';
import { DatasetError } from '../../../src/main/datasets/errors';
import type { DownloadProgress } from '../../../src/main/datasets/hf-download';
import { tempDir } from '../../helpers/temp-dir';
import { makeTar, serveBytes, startServer } from './http-fixture';
import type { TestServer } from './http-fixture';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/datasets');

describe('loadDataset("starter")', () => {
  it('loads the built-in set: ~40 answered four-choice questions over 6 subjects', async () => {
    const set = await loadDataset('starter');
    expect(set.name).toBe('starter');
    expect(set.items.length).toBeGreaterThanOrEqual(36);
    expect(new Set(set.items.map((i) => i.subject)).size).toBe(6);
    expect(set.items.every((i) => i.choices?.length === 4 && i.answer !== null)).toBe(true);
    expect(new Set(set.items.map((i) => i.question)).size).toBe(set.items.length);
    for (const item of set.items) expect(new Set(item.choices).size).toBe(4);
    // Answers spread over all four letters, none dominating.
    const letters = new Map<string, number>();
    for (const i of set.items) letters.set(i.answer!, (letters.get(i.answer!) ?? 0) + 1);
    expect(letters.size).toBe(4);
    expect(Math.max(...letters.values())).toBeLessThanOrEqual(set.items.length * 0.35);
  });

  it('has no dev split', async () => {
    await expect(loadDataset('starter', { split: 'dev' })).rejects.toThrow(/only a test split/);
  });
});

describe('loadDataset(path)', () => {
  it('dispatches folders and CSV files to the MMLU loader, .jsonl to the JSONL loader', async () => {
    expect((await loadDataset(join(FIXTURES, 'mmlu-canonical'))).items).toHaveLength(8);
    expect((await loadDataset(join(FIXTURES, 'mmlu-canonical'), { split: 'dev' })).items).toHaveLength(2);
    expect((await loadDataset(join(FIXTURES, 'mmlu-letter-header/arithmetic_test.csv'))).items).toHaveLength(3);
    const dir = tempDir();
    try {
      const file = join(dir.path, 'p.jsonl');
      writeFileSync(file, '{"prompt":"hi"}\n');
      expect((await loadDataset(file)).items[0]!.question).toBe('hi');
      writeFileSync(join(dir.path, 'p.txt'), 'x');
      await expect(loadDataset(join(dir.path, 'p.txt'))).rejects.toThrow(/expected a \.csv .* or \.jsonl file/);
    } finally {
      dir.cleanup();
    }
  });

  it('an unknown name says what is accepted', async () => {
    await expect(loadDataset('mmlu-pro')).rejects.toThrow(/Unknown data set "mmlu-pro": use starter or mmlu, or a path/);
  });
});

describe('loadDataset("mmlu") from the canonical data.tar (mmluSource kind data-tar)', () => {
  let dir: { path: string; cleanup: () => void };
  let server: TestServer;
  const tar = makeTar([
    { name: 'data/test/astronomy_test.csv', content: 'Closest star?,Proxima,The Sun,Sirius,Vega,B\n"A, B",x,y,z,w,A\n' },
    { name: 'data/test/._astronomy_test.csv', content: 'mac resource fork junk \u0000' },
    { name: 'data/dev/astronomy_dev.csv', content: 'What orbits Earth?,Sun,Moon,Mars,Venus,B\n' },
    { name: 'data/val/astronomy_val.csv', content: 'Q?,a,b,c,d,C\n' },
    { name: 'data/auxiliary_train/race.csv', content: 'skipped,a,b,c,d,A\n' },
    { name: 'data/README.txt', content: 'ignored' },
  ]);

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ '/data.tar': serveBytes(tar), '/bogus.tar': serveBytes(Buffer.alloc(2048, 7)) });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('without permission to download, says it is not downloaded', async () => {
    const err = await loadDataset('mmlu', { cacheDir: dir.path, download: false }).catch((e: unknown) => e);
    expect((err as DatasetError).code).toBe('not-downloaded');
    await expect(loadDataset('mmlu')).rejects.toThrow(/needs the lab's cache folder/);
  });

  it('downloads data.tar, extracts test/dev/val, then loads from the cache with no network', async () => {
    const progress: DownloadProgress[] = [];
    const opts = { cacheDir: dir.path, mmluSource: { kind: 'data-tar' as const, url: `${server.url}/data.tar` }, onProgress: (p: DownloadProgress) => progress.push(p) };
    const test = await loadDataset('mmlu', opts);
    expect(test.name).toBe('mmlu/test');
    expect(test.items.map((i) => [i.id, i.answer])).toEqual([
      ['mmlu/astronomy/test/0', 'B'],
      ['mmlu/astronomy/test/1', 'A'],
    ]);
    expect(progress.at(-1)).toMatchObject({ file: 'data.tar', bytes: tar.length, total: tar.length });
    expect(readdirSync(join(dir.path, 'mmlu')).sort()).toEqual(['.source.json', 'dev', 'test', 'val']);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu'))).toBe(false);

    const requests = server.requests.length;
    const dev = await loadDataset('mmlu', { ...opts, split: 'dev', download: false });
    expect(dev.items[0]!.question).toBe('What orbits Earth?');
    expect((await loadDataset('mmlu', { ...opts, split: 'val' })).items[0]!.answer).toBe('C');
    expect(server.requests.length).toBe(requests);
  });

  it('refuses an archive that is not a tar, leaving no dataset folder', async () => {
    const err = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: { kind: 'data-tar', url: `${server.url}/bogus.tar` } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/not a valid tar archive/);
    expect(existsSync(join(dir.path, 'mmlu'))).toBe(false);
  });

  it('checks a pinned sha256', async () => {
    const err = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: { kind: 'data-tar', url: `${server.url}/data.tar`, sha256: '0'.repeat(64) } }).catch((e: unknown) => e);
    expect((err as DatasetError).code).toBe('checksum-mismatch');
  });
});
