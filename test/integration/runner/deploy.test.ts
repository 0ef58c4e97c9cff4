/**
 * Deployment to a real virtual phone over the real adb server: first push, unchanged files skipped (manifest AND
 * device-side sha256), a file changed on the device re-pushed, an interrupted push resumed, a complete `.part`
 * renamed without pushing, free space checked first.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePrivateAdbServer } from '../runs/helpers';
import { AdbBridge } from '../../../src/main/devices/adb-bridge';
import { findRunnerArtifacts } from '../../../src/main/runner/artifacts';
import { deploy, deploymentFiles } from '../../../src/main/runner/deploy';
import { MANIFEST_NAME, type DeployFile } from '../../../src/main/runner/manifest';
import { checkModelFolder } from '../../../src/main/runner/models';
import { tempDir, virtualPhone, type PhoneHandle } from '../devices/helpers';
import { probeDevice } from '../../../src/main/devices/probe';

let bridge: AdbBridge;
let ph: PhoneHandle;
let tmp: ReturnType<typeof tempDir>;
let files: DeployFile[];
const DIR = '/data/local/tmp/aurora';

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  bridge = new AdbBridge();
  await bridge.ensureServer();
  ph = await virtualPhone('pixel');
  await bridge.connect(ph.phone.address);
  tmp = tempDir('aurora-deploy-');
  // A model folder with a larger weights file, so a push can be cut halfway.
  const model = join(tmp.dir, 'big-model');
  mkdirSync(model);
  writeFileSync(join(model, 'config.txt'), 'model_id=big\nsize_mb=8\n');
  writeFileSync(join(model, 'a.weights'), randomBytes(200_000));
  writeFileSync(join(model, 'b.weights'), randomBytes(8 * 1024 * 1024));
  const facts = await probeDevice(bridge, ph.phone.address);
  const artifacts = await findRunnerArtifacts(facts);
  files = await deploymentFiles(artifacts, { id: 'big', dir: model, files: checkModelFolder('big', model), simulated: true, quant: null });
}, 60_000);

afterAll(async () => {
  await bridge?.disconnect(ph.phone.address).catch(() => {});
  await ph?.cleanup();
  await bridge?.close();
  tmp?.cleanup();
  adbServer?.stop();
});

const onPhone = (rel: string) => join(ph.phone.fsRoot, DIR, rel);

describe('deployment', () => {
  it('pushes everything the first time, with device-side hashes verified and a manifest', async () => {
    const progress: number[] = [];
    const r = await deploy(bridge, ph.phone.address, files, { onProgress: (p) => progress.push(p.bytesDone) });
    expect(r.pushed).toEqual(files.map((f) => f.remote));
    expect(r.skipped).toEqual([]);
    const total = files.reduce((n, f) => n + f.size, 0);
    expect(r.bytesPushed).toBe(total);
    expect(progress.at(-1)).toBe(total);
    expect(r.freeBytesBefore).toBeGreaterThan(total);
    const manifest = JSON.parse(readFileSync(onPhone(MANIFEST_NAME), 'utf8')) as { files: Record<string, { sha256: string }> };
    for (const f of files) {
      expect(manifest.files[f.remote]!.sha256).toBe(f.sha256);
      expect(readFileSync(onPhone(f.remote)).equals(readFileSync(f.local))).toBe(true);
    }
  });

  it('skips unchanged files, and re-pushes one whose device copy changed even though the manifest claims it', async () => {
    const again = await deploy(bridge, ph.phone.address, files);
    expect(again.pushed).toEqual([]);
    expect(again.skipped).toHaveLength(files.length);

    writeFileSync(onPhone('models/big/config.txt'), 'tampered\n');
    const fixed = await deploy(bridge, ph.phone.address, files);
    expect(fixed.pushed).toEqual(['models/big/config.txt']);
    expect(readFileSync(onPhone('models/big/config.txt'), 'utf8')).toBe('model_id=big\nsize_mb=8\n');
  });

  it('resumes an interrupted deploy: verified files are skipped, the cut file is pushed again', async () => {
    rmSync(join(ph.phone.fsRoot, DIR), { recursive: true, force: true });
    const controller = new AbortController();
    const cut = deploy(bridge, ph.phone.address, files, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === 'models/big/b.weights' && p.bytesDone > files.reduce((n, f) => n + f.size, 0) - 6 * 1024 * 1024) controller.abort();
        // (files are pushed in order; config.txt sorts after b.weights and is never reached)
      },
    });
    await expect(cut).rejects.toThrow();
    const resumed = await deploy(bridge, ph.phone.address, files);
    const cutAt = files.findIndex((f) => f.remote === 'models/big/b.weights');
    expect(resumed.skipped).toEqual(files.slice(0, cutAt).map((f) => f.remote));
    expect(resumed.pushed).toEqual(files.slice(cutAt).map((f) => f.remote));
    expect(readFileSync(onPhone('models/big/b.weights')).equals(readFileSync(files[cutAt]!.local))).toBe(true);
  });

  it('renames a complete .part left by a deploy cut before its rename, without pushing it again', async () => {
    const f = files.find((x) => x.remote === 'models/big/a.weights')!;
    copyFileSync(onPhone(f.remote), `${onPhone(f.remote)}.part`);
    rmSync(onPhone(f.remote));
    const r = await deploy(bridge, ph.phone.address, files);
    expect(r.resumed).toEqual([f.remote]);
    expect(r.pushed).toEqual([]);
    expect(readFileSync(onPhone(f.remote)).equals(readFileSync(f.local))).toBe(true);
  });

  it('checks free space first and says how much is needed and free', async () => {
    const err = await deploy(bridge, ph.phone.address, files, { remoteDir: '/data/local/tmp/aurora-elsewhere', marginBytes: 1e15 }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'insufficient-storage' });
    expect((err as Error).message).toMatch(/needs \d+\.\d MB .* but only \d+\.\d MB is free/);
  });
});
