/**
 * The adb bridge against the real adb server (port from ANDROID_ADB_SERVER_PORT, a private port per test worker) and virtual
 * phones: shell v2 exit codes and stderr, stdin, streaming processes, sync push/pull/stat, connect messages,
 * and the fuel gauge units each vendor uses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdbBridge } from '../../../src/main/devices/adb-bridge';
import { parseSysfsInt } from '../../../src/main/devices/parsers/sysfs';
import { and, sh } from '../../../src/main/devices/shell-command';
import { tempDir, virtualPhone, type PhoneHandle } from './helpers';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let bridge: AdbBridge;
let pixel: PhoneHandle;
let samsung: PhoneHandle;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  bridge = new AdbBridge();
  expect(bridge.serverPort).toBe(Number(process.env.ANDROID_ADB_SERVER_PORT));
  await bridge.ensureServer();
  pixel = await virtualPhone('pixel');
  samsung = await virtualPhone('samsung');
  expect(await bridge.connect(pixel.phone.address)).toBe(`connected to ${pixel.phone.address}`);
  expect(await bridge.connect(samsung.phone.address)).toBe(`connected to ${samsung.phone.address}`);
  tmp = tempDir('aurora-bridge-');
});

afterAll(async () => {
  for (const p of [pixel, samsung]) {
    if (!p) continue;
    await bridge.disconnect(p.phone.address).catch(() => {});
    await p.cleanup();
  }
  await bridge?.close();
  tmp?.cleanup();
});

describe('adb bridge', () => {
  it('lists connected virtual phones as tcp devices with model and transport id', async () => {
    const d = (await bridge.listDevices()).find((x) => x.serial === pixel.phone.address);
    expect(d).toMatchObject({ state: 'device', transport: 'tcp' });
    expect(d?.model).toBeTruthy();
    expect(d?.transportId).toMatch(/^\d+$/);
  });

  it("answers connect/disconnect with adb's own messages", async () => {
    expect(await bridge.connect(pixel.phone.address)).toBe(`already connected to ${pixel.phone.address}`);
    expect(await bridge.connect('127.0.0.1:1')).toMatch(/^failed to connect to '?127\.0\.0\.1:1'?/);
    expect(await bridge.disconnect('127.0.0.1:1')).toMatch(/no such device/);
    await expect(bridge.connect('127.0.0.1:1;reboot')).rejects.toThrow();
  });

  it('carries shell v2 exit codes and stderr', async () => {
    const ok = await bridge.shell(pixel.phone.address, sh('getprop', 'ro.product.model'));
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.toString().trim()).toBeTruthy();

    const missing = await bridge.shell(pixel.phone.address, sh('no-such-program-aurora'));
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr.toString()).toMatch(/not found/);
    expect(missing.stdout.length).toBe(0);

    const failing = await bridge.shell(pixel.phone.address, sh('cat', '/no/such/file'));
    expect(failing.exitCode).not.toBe(0);
    expect(failing.stderr.toString()).toMatch(/No such file/i);

    const chained = await bridge.shell(pixel.phone.address, and(sh('echo', "it's"), sh('echo', '$(reboot)')));
    expect(chained.stdout.toString()).toBe("it's\n$(reboot)\n");
  });

  it('feeds stdin and closes it', async () => {
    const r = await bridge.shell(pixel.phone.address, sh('cat'), { stdin: 'line one\nline two\n' });
    expect(r.stdout.toString()).toBe('line one\nline two\n');
    expect(r.exitCode).toBe(0);
  });

  it('runs a long-lived process that answers JSON lines on stdin', async () => {
    const proc = await bridge.spawn(pixel.phone.address, sh('cat'));
    const lines: string[] = [];
    const reading = (async () => {
      let buf = '';
      for await (const chunk of proc.stdout) {
        buf += chunk.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      }
    })();
    await proc.write(`${JSON.stringify({ id: 1, op: 'ping' })}\n`);
    await proc.write(`${JSON.stringify({ id: 2, op: 'ping' })}\n`);
    const start = Date.now();
    while (lines.length < 2 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(lines.map((l) => JSON.parse(l) as { id: number })).toEqual([
      { id: 1, op: 'ping' },
      { id: 2, op: 'ping' },
    ]);
    await proc.closeStdin();
    expect(await proc.exit).toBe(0);
    await reading;
  });

  it('kills a process', async () => {
    const proc = await bridge.spawn(pixel.phone.address, sh('sleep', 30));
    const t0 = Date.now();
    await proc.kill();
    expect(await proc.exit).toBeNull();
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('times out a command', async () => {
    await expect(bridge.shell(pixel.phone.address, sh('sleep', 30), { timeoutMs: 300 })).rejects.toThrow(/did not finish within 300 ms/);
  });

  it('pushes and pulls files with matching hashes and progress', async () => {
    const data = randomBytes(300 * 1024 + 17);
    const local = join(tmp.dir, 'model.bin');
    writeFileSync(local, data);
    const remote = '/data/local/tmp/aurora-test/model.bin';
    const progress: Array<[number, number]> = [];
    await bridge.push(pixel.phone.address, local, remote, { mode: 0o755, onProgress: (b, t) => progress.push([b, t]) });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([data.length, data.length]);
    expect(progress.every(([b], i) => i === 0 || b >= progress[i - 1]![0])).toBe(true);

    const st = await bridge.stat(pixel.phone.address, remote);
    expect(st).toMatchObject({ size: data.length, isFile: true, isDirectory: false });
    expect(st!.mode & 0o777).toBe(0o755);

    const back = join(tmp.dir, 'back.bin');
    const pulled: number[] = [];
    const n = await bridge.pull(pixel.phone.address, remote, back, { onProgress: (b) => pulled.push(b) });
    expect(n).toBe(data.length);
    expect(pulled.at(-1)).toBe(data.length);
    expect(sha256(readFileSync(back))).toBe(sha256(data));

    const shaOnPhone = await bridge.shell(pixel.phone.address, sh('sha256sum', remote));
    if (shaOnPhone.exitCode === 0) expect(shaOnPhone.stdout.toString().split(/\s/)[0]).toBe(sha256(data));
  });

  it('pushes bytes from memory and stats missing paths as null', async () => {
    const bytes = new TextEncoder().encode('{"hello":"phone"}\n');
    await bridge.push(samsung.phone.address, bytes, '/data/local/tmp/aurora-test/config.json');
    const r = await bridge.shell(samsung.phone.address, sh('cat', '/data/local/tmp/aurora-test/config.json'));
    expect(r.stdout.toString()).toBe('{"hello":"phone"}\n');
    expect(await bridge.stat(samsung.phone.address, '/data/local/tmp/aurora-test/nope')).toBeNull();
    expect((await bridge.stat(samsung.phone.address, '/data/local/tmp'))?.isDirectory).toBe(true);
    await expect(bridge.pull(samsung.phone.address, '/data/local/tmp/nope', join(tmp.dir, 'x'))).rejects.toThrow(/Pulling/);
  });

  it('fails clearly for an unknown serial', async () => {
    await expect(bridge.shell('127.0.0.1:2', sh('true'))).rejects.toThrow(/127\.0\.0\.1:2/);
  });
});

describe('fuel gauge units per vendor', () => {
  const read = async (serial: string, file: string) => {
    const r = await bridge.shell(serial, sh('cat', `/sys/class/power_supply/battery/${file}`));
    expect(r.exitCode).toBe(0);
    return parseSysfsInt(r.stdout.toString(), file);
  };

  it('pixel: current_now in uA, negative while discharging', async () => {
    const ua = await read(pixel.phone.address, 'current_now');
    const uv = await read(pixel.phone.address, 'voltage_now');
    expect(ua).toBeLessThan(0);
    const watts = (Math.abs(ua) / 1e6) * (uv / 1e6);
    // A phone draws roughly 0.3-12 W; the same number read as mA would be 1000x off.
    expect(watts).toBeGreaterThan(0.1);
    expect(watts).toBeLessThan(15);
  });

  it('samsung: current_now in mA, positive while discharging', async () => {
    const ma = await read(samsung.phone.address, 'current_now');
    const uv = await read(samsung.phone.address, 'voltage_now');
    expect(ma).toBeGreaterThan(0);
    const watts = (ma / 1e3) * (uv / 1e6);
    expect(watts).toBeGreaterThan(0.1);
    expect(watts).toBeLessThan(15);
  });
});
