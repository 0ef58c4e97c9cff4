/** Whether the real-engine phone is offered: the build `npm run build:engine` leaves where the lab deploys it from. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kindName, virtualPhoneKinds } from '../../../src/main/devices/virtual-phones/kinds';
import { realEngineBuild } from '../../../src/main/runner/artifacts';
import { tempDir } from '../../helpers/temp-dir';

const dirs: Array<{ cleanup: () => void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function fakeBuild(dir: string, files: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), '');
}

describe('realEngineBuild', () => {
  it('says what to run when the aarch64 runner or libcactus.so is missing', () => {
    const res = tempDir();
    dirs.push(res);
    fakeBuild(join(res.path, 'build', 'linux-aarch64'), ['aurora-runner']);
    const r = realEngineBuild({ resourcesDir: res.path });
    expect('missing' in r && r.missing).toMatch(/not built .*linux-aarch64.*npm run build:engine/);
  });

  it('finds the build in resources/runner/build or in the lab home\'s runner-build folder', () => {
    const res = tempDir();
    const cache = tempDir();
    dirs.push(res, cache);
    fakeBuild(join(cache.path, 'linux-aarch64'), ['aurora-runner', 'libcactus.so']);
    expect(realEngineBuild({ resourcesDir: res.path, buildCacheDir: cache.path })).toEqual({ dir: join(cache.path, 'linux-aarch64') });
    fakeBuild(join(res.path, 'build', 'linux-aarch64'), ['aurora-runner', 'libcactus.so']);
    expect(realEngineBuild({ resourcesDir: res.path, buildCacheDir: cache.path })).toEqual({ dir: join(res.path, 'build', 'linux-aarch64') });
  });
});

describe('virtualPhoneKinds', () => {
  it('offers Pixel and Samsung always, and the real-engine phone only without a problem', () => {
    expect(virtualPhoneKinds(null).map((k) => [k.vendor, k.engine, k.available])).toEqual([
      ['pixel', 'simulated', true],
      ['samsung', 'simulated', true],
      ['pixel', 'cactus', true],
    ]);
    const off = virtualPhoneKinds('not built').find((k) => k.engine === 'cactus')!;
    expect(off).toMatchObject({ available: false, reason: 'not built' });
    expect(kindName('samsung', 'cactus')).toBe('samsung-arm64');
  });
});
