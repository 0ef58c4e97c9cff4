/** Real Cactus weights into the lab's cache from a local HTTP server (no internet): progress, resume, checksum, unzip. */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueEntry, ensureModelWeights, listModels, resolveModel, weightsDir } from '../../../src/main/runner/models';
import { tempDir } from '../../helpers/temp-dir';
import { serveBytes, serveCut, startServer, type TestServer } from '../datasets/http-fixture';
import { makeZip } from '../../unit/runner/zip-writer';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const weights = randomBytes(400_000);
const zip = makeZip([
  { name: 'qwen3-0.6b/config.txt', data: Buffer.from('model_type=qwen\n'), method: 8 },
  { name: 'qwen3-0.6b/layer_0.weights', data: weights, method: 0 },
]);
const sha = createHash('sha256').update(zip).digest('hex');
const PATH = '/Cactus-Compute/Qwen3-0.6B/resolve/main/weights/qwen3-0.6b-int8.zip';

async function setup(handler: Parameters<typeof startServer>[0][string]): Promise<{ server: TestServer; home: string }> {
  const server = await startServer({ [PATH]: handler });
  const home = tempDir('aurora-weights-');
  cleanups.push(() => server.close(), home.cleanup);
  return { server, home: home.path };
}

describe('model weights cache', () => {
  it('downloads with progress, resumes a cut transfer, verifies the checksum and unpacks into <home>/models/<id>/<quant>', async () => {
    let calls = 0;
    const cutThenServe = (req: Parameters<ReturnType<typeof serveBytes>>[0], res: Parameters<ReturnType<typeof serveBytes>>[1], n: number) => {
      calls = n;
      if (n === 1) serveCut(zip, 150_000)(req, res, n);
      else serveBytes(zip)(req, res, n);
    };
    const { server, home } = await setup(cutThenServe);
    const phases = new Set<string>();
    const m = await ensureModelWeights(home, 'qwen-600m', { baseUrl: server.url, sha256: sha, retryDelayMs: 10, onProgress: (p) => phases.add(p.phase) });
    expect(calls).toBe(2);
    expect(server.requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(phases).toEqual(new Set(['download', 'extract']));
    expect(m.dir).toBe(weightsDir(home, 'qwen-600m', 'int8'));
    expect(m.files).toEqual(['config.txt', 'layer_0.weights']);
    expect(readFileSync(join(m.dir, 'layer_0.weights')).equals(weights)).toBe(true);
    expect(JSON.parse(readFileSync(join(m.dir, '.source.json'), 'utf8'))).toMatchObject({ sha256: sha, quant: 'int8' });
    expect(resolveModel('qwen-600m', { home, simulated: false }).dir).toBe(m.dir);
    expect(listModels(home).find((x) => x.id === 'qwen-600m')).toMatchObject({ simulated: true, cachedQuants: ['int8'], huggingFace: { repo: catalogueEntry('qwen-600m')!.repo } });
    // Cached: no new request.
    await ensureModelWeights(home, 'qwen-600m', { baseUrl: server.url });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a download whose checksum does not match, keeping nothing', async () => {
    const { server, home } = await setup(serveBytes(zip));
    await expect(ensureModelWeights(home, 'qwen-600m', { baseUrl: server.url, sha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'download-failed', message: expect.stringMatching(/sha256/) });
    expect(existsSync(weightsDir(home, 'qwen-600m', 'int8'))).toBe(false);
  });

  it('refuses an archive that is not a zip or holds no Cactus model folder', async () => {
    const { server, home } = await setup(serveBytes(Buffer.from('<html>not a zip</html>')));
    await expect(ensureModelWeights(home, 'qwen-600m', { baseUrl: server.url })).rejects.toMatchObject({ code: 'model-corrupt' });
    const s2 = await setup(serveBytes(makeZip([{ name: 'readme.txt', data: Buffer.from('hi') }])));
    await expect(ensureModelWeights(s2.home, 'qwen-600m', { baseUrl: s2.server.url })).rejects.toMatchObject({ code: 'model-corrupt', message: expect.stringMatching(/config\.txt/) });
    expect(() => resolveModel('qwen-600m', { home, simulated: false })).toThrow(/Download them from Hugging Face/);
  });
});
