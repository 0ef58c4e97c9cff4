import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/main/datasets/dataset-registry';
import { DatasetError } from '../../../src/main/datasets/errors';
import { ensureMmlu } from '../../../src/main/datasets/hf-download';
import type { DownloadProgress } from '../../../src/main/datasets/hf-download';
import { loadMmlu } from '../../../src/main/datasets/mmlu-loader';
import type { PromptItem } from '../../../src/main/datasets/types';
import { ARITHMETIC_TEST, ASTRONOMY_DEV, ASTRONOMY_TEST } from '../../fixtures/datasets/mmlu-fixture-rows';
import { hfRows, mmluParquet } from '../../fixtures/datasets/mmlu-parquet';
import { tempDir } from '../../helpers/temp-dir';
import { serveBytes, serveCut, startServer } from './http-fixture';
import type { Handler, TestServer } from './http-fixture';

/**
 * `--dataset mmlu` from a local stand-in for Hugging Face (127.0.0.1 only): like the real site, the resolve URL
 * `/datasets/cais/mmlu/resolve/<revision>/all/<split>-00000-of-00001.parquet` answers 302 to a CDN path that
 * serves the bytes with Range support. The Parquet files are made in the test (hyparquet-writer) with the
 * `cais/mmlu` schema, from the same rows as the canonical CSV fixtures.
 */

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/datasets');
const TEST = mmluParquet([...hfRows('arithmetic', ARITHMETIC_TEST), ...hfRows('astronomy', ASTRONOMY_TEST)]);
const DEV = mmluParquet(hfRows('astronomy', ASTRONOMY_DEV));
const VAL = mmluParquet(hfRows('astronomy', [['Which planet has the Great Red Spot?', 'Mars', 'Jupiter', 'Venus', 'Earth', 'B']]));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const withoutSource = (items: PromptItem[]): Array<Omit<PromptItem, 'source'>> => items.map(({ source: _s, ...rest }) => rest);

const redirect = (location: string): Handler => (_req, res) => {
  res.writeHead(302, { location });
  res.end();
};

/** Routes for one revision of the data set: resolve URLs redirecting to CDN paths. */
function hfRoutes(revision: string, files: { test: Handler; dev: Handler; val: Handler }): Record<string, Handler> {
  const base = `/datasets/cais/mmlu/resolve/${revision}/all`;
  return {
    [`${base}/test-00000-of-00001.parquet`]: redirect(`/cdn/${revision}/test.parquet`),
    [`${base}/dev-00000-of-00001.parquet`]: redirect(`/cdn/${revision}/dev.parquet`),
    [`${base}/validation-00000-of-00001.parquet`]: redirect(`/cdn/${revision}/validation.parquet`),
    [`/cdn/${revision}/test.parquet`]: files.test,
    [`/cdn/${revision}/dev.parquet`]: files.dev,
    [`/cdn/${revision}/validation.parquet`]: files.val,
  };
}

describe('loadDataset("mmlu") from cais/mmlu Parquet files (local HTTP server)', () => {
  let dir: { path: string; cleanup: () => void };
  let server: TestServer;
  let hf: string;

  beforeEach(async () => {
    dir = tempDir();
    const cutOnce = (body: Buffer, at: number): Handler => (req, res, n) => (n === 1 ? serveCut(body, at) : serveBytes(body))(req, res, n);
    server = await startServer({
      ...hfRoutes('main', { test: serveBytes(TEST), dev: serveBytes(DEV), val: serveBytes(VAL) }),
      ...hfRoutes('0123abcd', { test: serveBytes(TEST), dev: serveBytes(DEV), val: serveBytes(VAL) }),
      ...hfRoutes('cut', { test: cutOnce(TEST, Math.floor(TEST.length / 2)), dev: serveBytes(DEV), val: serveBytes(VAL) }),
      ...hfRoutes('junk', { test: serveBytes(Buffer.from('<html>not parquet</html>')), dev: serveBytes(DEV), val: serveBytes(VAL) }),
    });
    hf = `${server.url}/datasets/cais/mmlu`;
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('downloads test/dev/validation once, converts them, and loads the same items as the CSV layouts', async () => {
    const progress: DownloadProgress[] = [];
    const opts = { cacheDir: dir.path, mmluSource: { url: hf }, onProgress: (p: DownloadProgress) => progress.push(p) };
    const test = await loadDataset('mmlu', opts);
    expect(test.name).toBe('mmlu/test');
    const canonical = await loadMmlu(join(FIXTURES, 'mmlu-canonical'));
    expect(withoutSource(test.items)).toEqual(withoutSource(canonical.items));
    expect(test.fingerprint).toBe(canonical.fingerprint);
    expect(test.items.map((i) => i.id)).toEqual([
      ...ARITHMETIC_TEST.map((_, r) => `mmlu/arithmetic/test/${r}`),
      ...ASTRONOMY_TEST.map((_, r) => `mmlu/astronomy/test/${r}`),
    ]);

    expect(server.requests.map((r) => r.path)).toEqual([
      '/datasets/cais/mmlu/resolve/main/all/test-00000-of-00001.parquet', '/cdn/main/test.parquet',
      '/datasets/cais/mmlu/resolve/main/all/dev-00000-of-00001.parquet', '/cdn/main/dev.parquet',
      '/datasets/cais/mmlu/resolve/main/all/validation-00000-of-00001.parquet', '/cdn/main/validation.parquet',
    ]);
    expect(progress.filter((p) => p.bytes === p.total).map((p) => [p.file, p.bytes])).toEqual([
      ['test-00000-of-00001.parquet', TEST.length],
      ['dev-00000-of-00001.parquet', DEV.length],
      ['validation-00000-of-00001.parquet', VAL.length],
    ]);
    const mmluDir = join(dir.path, 'mmlu');
    expect(readdirSync(mmluDir).sort()).toEqual(['.source.json', 'dev', 'test', 'val']);
    expect(readdirSync(join(mmluDir, 'test')).sort()).toEqual(['arithmetic_test.csv', 'astronomy_test.csv']);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu'))).toBe(false);
    const marker = JSON.parse(readFileSync(join(mmluDir, '.source.json'), 'utf8')) as {
      meta: unknown; files: Array<{ url: string; sha256: string }>;
    };
    expect(marker.meta).toEqual({ source: 'hf-parquet', repo: hf, revision: 'main' });
    expect(marker.files.map((f) => f.sha256)).toEqual([sha(TEST), sha(DEV), sha(VAL)]);
    expect(marker.files[0]!.url).toBe(`${hf}/resolve/main/all/test-00000-of-00001.parquet`);

    // Cached: dev and val come from disk, with no request.
    const requests = server.requests.length;
    const dev = await loadDataset('mmlu', { ...opts, split: 'dev', download: false });
    expect(withoutSource(dev.items)).toEqual(withoutSource((await loadMmlu(join(FIXTURES, 'mmlu-canonical'), { split: 'dev' })).items));
    const val = await loadDataset('mmlu', { ...opts, split: 'val' });
    expect(val.items.map((i) => [i.id, i.answer])).toEqual([['mmlu/astronomy/val/0', 'B']]);
    expect(server.requests.length).toBe(requests);
  });

  it('downloads a pinned revision, with pinned checksums', async () => {
    const source = { kind: 'hf-parquet' as const, url: hf, revision: '0123abcd', sha256: { test: sha(TEST), dev: sha(DEV), val: sha(VAL) } };
    const set = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: source });
    expect(set.items).toHaveLength(ARITHMETIC_TEST.length + ASTRONOMY_TEST.length);
    expect(server.requests[0]!.path).toBe('/datasets/cais/mmlu/resolve/0123abcd/all/test-00000-of-00001.parquet');
  });

  it('resumes a cut download with a Range request (through the redirect) on the next run', async () => {
    const source = { url: hf, revision: 'cut' };
    const err = await ensureMmlu(dir.path, { source, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/connection was cut after \d+ bytes.*run again to resume/);
    const part = join(dir.path, 'downloads', 'mmlu', 'test-00000-of-00001.parquet.part');
    expect(readFileSync(part).length).toBe(Math.floor(TEST.length / 2));
    expect(existsSync(join(dir.path, 'mmlu'))).toBe(false);

    await ensureMmlu(dir.path, { source, retries: 0 });
    const cdn = server.requests.filter((r) => r.path === '/cdn/cut/test.parquet');
    expect(cdn.map((r) => r.range)).toEqual([undefined, `bytes=${Math.floor(TEST.length / 2)}-`]);
    const set = await loadDataset('mmlu', { cacheDir: dir.path, download: false });
    expect(set.fingerprint).toBe((await loadMmlu(join(FIXTURES, 'mmlu-canonical'))).fingerprint);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu'))).toBe(false);
  });

  it('rejects a wrong checksum and keeps nothing', async () => {
    const source = { url: hf, sha256: { dev: '0'.repeat(64) } };
    const err = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: source }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('checksum-mismatch');
    expect((err as DatasetError).message).toContain(`dev-00000-of-00001.parquet is corrupt or not the expected file: sha256 ${sha(DEV)}`);
    expect(existsSync(join(dir.path, 'mmlu'))).toBe(false);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu', 'dev-00000-of-00001.parquet.part'))).toBe(false);
  });

  it('a 404 (unknown revision) is a clear error, not retried', async () => {
    const err = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: { url: hf, revision: 'no-such-branch' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('download-failed');
    expect((err as DatasetError).message).toMatch(
      /resolve\/no-such-branch\/all\/test-00000-of-00001\.parquet failed: HTTP 404 Not Found: the file is not there/);
    expect((err as DatasetError).message).toMatch(/has no all\/test-00000-of-00001\.parquet at revision "no-such-branch".*"data-tar"/);
    expect(server.requests).toHaveLength(1);
    expect(existsSync(join(dir.path, 'mmlu'))).toBe(false);
  });

  it('a download that is not Parquet fails the conversion and leaves no dataset folder', async () => {
    const err = await loadDataset('mmlu', { cacheDir: dir.path, mmluSource: { url: hf, revision: 'junk' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/resolve\/junk\/all\/test-00000-of-00001\.parquet is not a readable Parquet file/);
    expect((err as DatasetError).message).toMatch(/The downloaded file was deleted; run again/);
    expect(existsSync(join(dir.path, 'mmlu'))).toBe(false);
    expect(readdirSync(dir.path).filter((n) => n.startsWith('mmlu'))).toEqual([]);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu', 'test-00000-of-00001.parquet'))).toBe(false);
    expect(existsSync(join(dir.path, 'downloads', 'mmlu', 'dev-00000-of-00001.parquet'))).toBe(true);
  });
});
