import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/main/datasets/errors';
import { downloadFile, ensureRemoteDataset } from '../../../src/main/datasets/hf-download';
import type { DownloadProgress } from '../../../src/main/datasets/hf-download';
import { tempDir } from '../../helpers/temp-dir';
import { serveBytes, serveCut, startServer } from './http-fixture';
import type { TestServer } from './http-fixture';

const BODY = randomBytes(300_000);
const SHA = createHash('sha256').update(BODY).digest('hex');

describe('downloadFile against a local HTTP server', () => {
  let dir: { path: string; cleanup: () => void };
  let server: TestServer;

  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({
      '/data.bin': serveBytes(BODY),
      '/no-range.bin': serveBytes(BODY, { ignoreRange: true }),
      '/cut-once.bin': (req, res, n) => (n === 1 ? serveCut(BODY, 100_000) : serveBytes(BODY))(req, res, n),
    });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('downloads a whole file, checks its sha256, reports progress, leaves no .part', async () => {
    const dest = join(dir.path, 'sub', 'data.bin');
    const progress: DownloadProgress[] = [];
    const result = await downloadFile(`${server.url}/data.bin`, dest, { sha256: SHA, onProgress: (p) => progress.push(p) });
    expect(readFileSync(dest).equals(BODY)).toBe(true);
    expect(result).toEqual({ path: dest, bytes: BODY.length, sha256: SHA, resumedFrom: 0 });
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual({ file: 'data.bin', bytes: BODY.length, total: BODY.length });
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
  });

  it('reuses a finished file without a request', async () => {
    const dest = join(dir.path, 'data.bin');
    await downloadFile(`${server.url}/data.bin`, dest, { sha256: SHA });
    const before = server.requests.length;
    await downloadFile(`${server.url}/data.bin`, dest, { sha256: SHA });
    expect(server.requests.length).toBe(before);
  });

  it('resumes with an HTTP Range request after a cut connection (next call)', async () => {
    const dest = join(dir.path, 'data.bin');
    const err = await downloadFile(`${server.url}/cut-once.bin`, dest, { retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/cut after 100000 bytes.*run again to resume/);
    expect(existsSync(dest)).toBe(false);
    expect(readFileSync(`${dest}.part`).length).toBe(100_000);

    const result = await downloadFile(`${server.url}/cut-once.bin`, dest, { sha256: SHA, retries: 0 });
    expect(result.resumedFrom).toBe(100_000);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, 'bytes=100000-']);
    expect(readFileSync(dest).equals(BODY)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('resumes within one call when retries are allowed', async () => {
    const dest = join(dir.path, 'data.bin');
    const result = await downloadFile(`${server.url}/cut-once.bin`, dest, { sha256: SHA, retries: 2, retryDelayMs: 10 });
    expect(result.sha256).toBe(SHA);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, 'bytes=100000-']);
  });

  it('starts over when the server ignores Range', async () => {
    const dest = join(dir.path, 'data.bin');
    writeFileSync(`${dest}.part`, BODY.subarray(0, 5000));
    const result = await downloadFile(`${server.url}/no-range.bin`, dest, { sha256: SHA });
    expect(server.requests[0]!.range).toBe('bytes=5000-');
    expect(result.bytes).toBe(BODY.length);
    expect(readFileSync(dest).equals(BODY)).toBe(true);
  });

  it('finishes a .part that already holds every byte (HTTP 416)', async () => {
    const dest = join(dir.path, 'data.bin');
    writeFileSync(`${dest}.part`, BODY);
    const result = await downloadFile(`${server.url}/data.bin`, dest, { sha256: SHA });
    expect(result.bytes).toBe(BODY.length);
    expect(readFileSync(dest).equals(BODY)).toBe(true);
  });

  it('rejects a wrong checksum, deletes the partial file, keeps no dest', async () => {
    const dest = join(dir.path, 'data.bin');
    const wrong = 'ab'.repeat(32);
    const err = await downloadFile(`${server.url}/data.bin`, dest, { sha256: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('checksum-mismatch');
    expect((err as DatasetError).message).toContain(`sha256 ${SHA}, expected ${wrong}`);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('a 404 is a clear error, not retried', async () => {
    const dest = join(dir.path, 'x.bin');
    const err = await downloadFile(`${server.url}/missing.tar`, dest, { retries: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/missing\.tar failed: HTTP 404 Not Found: the file is not there/);
    expect(server.requests).toHaveLength(1);
    expect(existsSync(dest)).toBe(false);
  });

  it('a refused connection fails with a clear error after the retries', async () => {
    const url = server.url;
    await server.close();
    const err = await downloadFile(`${url}/data.bin`, join(dir.path, 'y.bin'), { retries: 1, retryDelayMs: 10 }).catch((e: unknown) => e);
    expect((err as DatasetError).message).toMatch(/failed after 2 attempt\(s\): could not connect/);
    server = await startServer({});
  });
});

describe('ensureRemoteDataset', () => {
  let dir: { path: string; cleanup: () => void };
  let server: TestServer;
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ '/a.txt': serveBytes(Buffer.from('hello')) });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('downloads once, converts into place with a marker, removes the downloads', async () => {
    const ds = {
      id: 'demo',
      files: [{ url: `${server.url}/a.txt`, name: 'a.txt' }],
      convert: async (downloads: Record<string, string>, out: string) => {
        writeFileSync(join(out, 'converted.txt'), readFileSync(downloads['a.txt']!, 'utf8').toUpperCase());
      },
    };
    const out = await ensureRemoteDataset(ds, dir.path);
    expect(out).toBe(join(dir.path, 'demo'));
    expect(readFileSync(join(out, 'converted.txt'), 'utf8')).toBe('HELLO');
    const marker = JSON.parse(readFileSync(join(out, '.source.json'), 'utf8')) as { files: Array<{ sha256: string }> };
    expect(marker.files[0]!.sha256).toBe(createHash('sha256').update('hello').digest('hex'));
    expect(existsSync(join(dir.path, 'downloads', 'demo'))).toBe(false);
    await ensureRemoteDataset(ds, dir.path);
    expect(server.requests).toHaveLength(1);
  });

  it('a failing converter leaves no half-made folder', async () => {
    const ds = {
      id: 'demo',
      files: [{ url: `${server.url}/a.txt`, name: 'a.txt' }],
      convert: async (): Promise<void> => {
        throw new Error('boom');
      },
    };
    await expect(ensureRemoteDataset(ds, dir.path)).rejects.toThrow('boom');
    expect(existsSync(join(dir.path, 'demo'))).toBe(false);
  });
});
