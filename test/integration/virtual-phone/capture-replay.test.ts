/**
 * Capture a virtual phone through the real adb server, replay the capture on another virtual phone, and the lab
 * sees the same device: facts and status. Once in-process (devices.capture through dispatch), once as a user runs
 * it (`aurora-lab capture`, `aurora-lab virtual-phone --replay`, `aurora-lab devices --json`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import type { CaptureResult, DeviceSummary } from '../../../src/shared/devices';
import { runCli, startCli, type LabProcess } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { adb, disconnectAndClose, shell, startConnectedPhone } from './adb-cli';
import { probed, stableFacts, testLab, type TestLab } from './replay-helpers';

let t: TestLab;
let pixel: VirtualPhone;
let samsung: VirtualPhone;
const dirs = tempDir('aurora-captures-');
const replays: VirtualPhone[] = [];
let cliReplay: LabProcess | null = null;

beforeAll(async () => {
  t = await testLab();
  pixel = await startConnectedPhone({ vendor: 'pixel', serial: 'cap-pixel' });
  samsung = await startConnectedPhone({ vendor: 'samsung', serial: 'cap-samsung' });
});

afterAll(async () => {
  if (cliReplay) {
    await adb(['disconnect', /listening on (\S+)/.exec(cliReplay.firstLine)?.[1] ?? '']).catch(() => {});
    await cliReplay.stop();
  }
  await disconnectAndClose(pixel, samsung, ...replays);
  await t?.close();
  dirs.cleanup();
});

describe('capture and replay of a virtual phone', () => {
  it('captures every source into its own file, with a manifest and a time series', async () => {
    const original = await probed(t.lab, pixel.address);
    const out = join(dirs.path, 'pixel');
    const r = (await dispatch(t.lab.handlers, 'devices', 'capture', { serial: pixel.address, outDir: out, seconds: 2 }, { caller: 'cli' })) as CaptureResult;
    expect(r.dir).toBe(out);
    for (const f of ['getprop.txt', 'proc-cpuinfo.txt', 'proc-meminfo.txt', 'dumpsys-battery.txt', 'dumpsys-thermalservice.txt', 'dumpsys-powerstats.txt', 'odpm.txt', 'odpm-delta.txt', 'power-supply/battery/current_now', 'power-supply/battery/charge_counter', 'thermal-zones/thermal_zone0/type', 'thermal-zones/thermal_zone0/temp', 'series.jsonl', 'manifest.json']) {
      expect(r.files, f).toContain(f);
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // The bytes are what the phone printed.
    expect(readFileSync(join(out, 'getprop.txt'), 'utf8')).toBe((await shell(pixel, 'getprop')).stdout);
    expect(readFileSync(join(out, 'odpm.txt'), 'utf8')).not.toContain('Elapsed time');
    expect(readFileSync(join(out, 'odpm-delta.txt'), 'utf8')).toMatch(/Elapsed time: (\d+) ms/);
    expect(Number(/energy meter ==============\nElapsed time: (\d+) ms/.exec(readFileSync(join(out, 'odpm-delta.txt'), 'utf8'))![1])).toBeGreaterThanOrEqual(1000);
    // A node the phone does not have is recorded as missing, with no file.
    expect(r.manifest.files['power-supply/battery/charge_full']).toMatchObject({ written: false });
    expect(r.manifest).toMatchObject({
      format: 'aurora-capture/1',
      device: { serial: pixel.address, manufacturer: original.facts.manufacturer, model: original.facts.model, androidRelease: original.facts.androidRelease, sdk: original.facts.sdk, virtual: true },
    });
    const rows = readFileSync(join(out, 'series.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { host_ms: number; current_now: number | null; voltage_now: number | null });
    expect(rows.length).toBe(r.seriesRows);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.every((x) => x.current_now !== null && x.voltage_now !== null)).toBe(true);
    expect(rows.at(-1)!.host_ms - rows[0]!.host_ms).toBeGreaterThan(1000);
  });

  it('replays it as the same device: facts and status (on the other persona, so only the capture can say so)', async () => {
    const original = await probed(t.lab, pixel.address);
    const before = original.status;
    const replay = await startVirtualPhone({ port: 0, vendor: 'samsung', stateDir: join(dirs.path, 'state-pixel'), replay: join(dirs.path, 'pixel') });
    replays.push(replay);
    const d = await probed(t.lab, replay.address);
    expect(d.virtual).toBe(true);
    expect(stableFacts(d.facts)).toEqual(stableFacts(original.facts));
    expect(d.status).toMatchObject({ batteryStatus: before.batteryStatus, chargingSource: before.chargingSource, thermalStatus: before.thermalStatus });
    expect(Math.abs(d.status.batteryLevel! - before.batteryLevel!)).toBeLessThanOrEqual(1);
    expect(Math.abs(d.status.batteryTempC! - before.batteryTempC!)).toBeLessThanOrEqual(0.5);
    // adb lists it under the captured model.
    expect((await adb(['devices', '-l'])).stdout).toMatch(new RegExp(`${replay.address.replace(/\./g, '\\.')}\\s+device product:husky model:Pixel_8_Pro`));
    // Its ODPM answers with the captured text, both kinds.
    expect((await shell(replay, 'dumpsys android.hardware.power.stats.IPowerStats/default')).stdout).toBe(readFileSync(join(dirs.path, 'pixel', 'odpm.txt'), 'utf8'));
    expect((await shell(replay, 'dumpsys android.hardware.power.stats.IPowerStats/default delta')).stdout).toBe(readFileSync(join(dirs.path, 'pixel', 'odpm-delta.txt'), 'utf8'));
  });

  it('as a user runs it: aurora-lab capture, virtual-phone --replay, devices --json', async () => {
    const home = join(dirs.path, 'cli-home');
    const original = await probed(t.lab, samsung.address);
    const out = join(dirs.path, 'samsung');
    const c = await runCli(['--home', home, 'capture', '--device', samsung.address, '--out', out, '--seconds', '1']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^Captured samsung SM-S938B \(Android 15\): \d+ files and \d+ power readings in /m);
    expect(c.stdout).toContain(`Replay it with: aurora-lab virtual-phone --replay ${out}`);
    // A capture never overwrites.
    const again = await runCli(['--home', home, 'capture', '--device', samsung.address, '--out', out]);
    expect(again.code).toBe(2); // --out names a folder that is not empty: bad input
    expect(again.stderr).toMatch(/is not empty; a capture never overwrites/);

    cliReplay = await startCli(['--home', home, 'virtual-phone', '--port', '0', '--vendor', 'pixel', '--replay', out]);
    expect(cliReplay.firstLine).toMatch(/^virtual phone replaying .* \(the pixel persona answers the rest\) listening on 127\.0\.0\.1:\d+ /);
    const address = /listening on (\S+)/.exec(cliReplay.firstLine)![1]!;
    expect((await adb(['connect', address])).stdout).toContain('connected to');
    const r = await runCli(['--home', home, 'devices', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = (JSON.parse(r.stdout) as DeviceSummary[]).find((x) => x.serial === address)!;
    expect(d.facts).not.toBeNull();
    expect(stableFacts(d.facts!)).toEqual(stableFacts(original.facts));
    expect(d.status).toMatchObject({ batteryStatus: original.status.batteryStatus, thermalStatus: original.status.thermalStatus });
    // No PowerStats HAL on the captured phone: the replay fails the same way.
    const hal = await adb(['-s', address, 'shell', 'dumpsys android.hardware.power.stats.IPowerStats/default']);
    expect(hal.stderr).toContain("Can't find service: android.hardware.power.stats.IPowerStats/default");
  });

  it('refuses a folder that is not a capture with exit code 1, naming it', async () => {
    const r = await runCli(['virtual-phone', '--port', '0', '--replay', join(dirs.path, 'no-such-capture')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-capture is not a folder; give --replay a folder made by `aurora-lab capture`/);
  });
});
