import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualPhone } from '../../../src/main/virtual-phone';
import { adb, disconnectAndClose, shell, startConnectedPhone } from './adb-cli';

let pixel: VirtualPhone;
let samsung: VirtualPhone;

beforeAll(async () => {
  pixel = await startConnectedPhone({ vendor: 'pixel', serial: 'vp-shell-pixel' });
  samsung = await startConnectedPhone({ vendor: 'samsung' });
});

afterAll(async () => {
  await disconnectAndClose(pixel, samsung);
});

describe('virtual phone through the real adb client: connection and shell', () => {
  it('is listed by adb devices -l with product, model and device (two phones in one process)', async () => {
    const r = await adb(['devices', '-l']);
    const line = (p: VirtualPhone) => r.stdout.split('\n').find((l) => l.startsWith(p.address)) ?? '';
    expect(line(pixel), `pixel line in:\n${r.stdout}`).toMatch(/\sdevice product:husky model:Pixel_8_Pro device:husky\b/);
    expect(line(samsung), `samsung line in:\n${r.stdout}`).toMatch(/\sdevice product:pa3qxxx model:SM_S938B device:pa3q\b/);
  });

  it('carries shell v2 exit codes 0, 1 and 127', async () => {
    expect((await shell(pixel, 'true')).code, 'true').toBe(0);
    expect((await shell(pixel, 'false')).code, 'false').toBe(1);
    const missing = await shell(pixel, 'no-such-command');
    expect(missing.code, 'unknown command').toBe(127);
    expect(missing.stderr, 'not-found message on stderr').toContain('no-such-command: inaccessible or not found');
    expect(missing.stdout, 'nothing on stdout').toBe('');
  });

  it('keeps stdout and stderr apart', async () => {
    const r = await shell(pixel, 'echo to-out; ls /missing-dir; echo done');
    expect(r.stdout, 'stdout only').toBe('to-out\ndone\n');
    expect(r.stderr, 'stderr only').toBe('ls: /missing-dir: No such file or directory\n');
  });

  it('delivers stdin through shell v2 and ends it with close-stdin', async () => {
    const r = await adb(['-s', pixel.address, 'shell', 'cat'], { input: 'hello from stdin\nline 2\n' });
    expect(r.stdout, 'cat echoed stdin and exited at EOF').toBe('hello from stdin\nline 2\n');
    expect(r.code, 'cat exit code').toBe(0);
  });

  it('reports the persona and host ABI through getprop', async () => {
    const props = (await shell(samsung, 'getprop')).stdout;
    expect(props, 'all-properties format').toMatch(/^\[ro\.product\.model\]: \[SM-S938B\]$/m);
    expect(props, 'virtual flag').toMatch(/^\[ro\.aurora\.virtual\]: \[1\]$/m);
    expect((await shell(pixel, 'getprop ro.soc.model')).stdout, 'pixel soc').toBe('Tensor G3\n');
    expect((await shell(pixel, 'getprop ro.serialno')).stdout, 'serial option').toBe('vp-shell-pixel\n');
    const abi = (await shell(pixel, 'getprop ro.product.cpu.abi')).stdout.trim();
    expect(abi, 'ABI follows the host').toBe(process.arch === 'arm64' ? 'arm64-v8a' : 'x86_64');
  });

  it('runs a pushed executable with args, env prefix, stdin, stdout, stderr and its exit code', async () => {
    const local = join(pixel.stateDir, 'runner-src.sh');
    writeFileSync(local, '#!/bin/sh\nread a\necho "in=$a arg=$1 mode=$MODE"\necho warn >&2\nexit 42\n');
    chmodSync(local, 0o755);
    const push = await adb(['-s', pixel.address, 'push', local, '/data/local/tmp/aurora/runner']);
    expect(push.code, `push: ${push.stderr}`).toBe(0);
    const r = await adb(['-s', pixel.address, 'shell', 'cd /data/local/tmp/aurora && MODE=fast ./runner one'], { input: 'ping\n' });
    expect(r.stdout, 'program stdout').toBe('in=ping arg=one mode=fast\n');
    expect(r.stderr, 'program stderr').toBe('warn\n');
    expect(r.code, 'program exit code').toBe(42);
    await shell(pixel, 'chmod 644 /data/local/tmp/aurora/runner');
    const denied = await shell(pixel, '/data/local/tmp/aurora/runner');
    expect(denied.code, 'not executable -> 126').toBe(126);
    expect(denied.stderr, 'not executable message').toContain('Permission denied');
  });

  it('kills a spawned program when the adb client goes away', async () => {
    const marker = `/data/local/tmp/alive-${Date.now()}`;
    const script = join(pixel.stateDir, 'sleeper.sh');
    writeFileSync(script, `#!/bin/sh\nwhile true; do touch "$AURORA_DEVICE_ROOT${marker}"; sleep 0.1; done\n`);
    chmodSync(script, 0o755);
    await adb(['-s', pixel.address, 'push', script, '/data/local/tmp/sleeper']);
    const r = await adb(['-s', pixel.address, 'shell', '/data/local/tmp/sleeper'], { timeoutMs: 1500 }).catch((e: Error) => e);
    expect(r, 'the client was killed by our timeout').toBeInstanceOf(Error);
    expect(existsSync(join(pixel.fsRoot, marker)), 'the program was running before the client went away').toBe(true);
    await new Promise((res) => setTimeout(res, 500));
    await shell(pixel, `rm -f ${marker}`);
    await new Promise((res) => setTimeout(res, 500));
    expect((await shell(pixel, `ls ${marker}`)).code, 'the loop no longer recreates the marker').toBe(1);
  });

  it('answers plain shell: and exec: without exit codes', async () => {
    const r = await adb(['-s', pixel.address, 'exec-out', 'echo raw']);
    expect(r.stdout, 'exec-out bytes').toBe('raw\n');
    const legacy = await adb(['-s', pixel.address, 'shell', '-x', 'echo legacy; false']);
    expect(legacy.stdout, 'shell without the v2 protocol').toBe('legacy\n');
    expect(legacy.code, 'the legacy protocol carries no exit code').toBe(0);
  });
});
