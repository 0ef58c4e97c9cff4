/** Reading capture folders for a replay, and the pure parts of the replay (which file answers, series timing). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SeriesRow } from '../../../src/main/devices/capture/layout';
import { devicePathOf } from '../../../src/main/devices/capture/layout';
import { loadCapture, ReplayError } from '../../../src/main/virtual-phone/replay/capture-folder';
import { dumpsysFile, fallbackVendor } from '../../../src/main/virtual-phone/replay/replay';
import { rowAt, rowFiles, seriesPaths } from '../../../src/main/virtual-phone/replay/series-driver';
import { tempDir } from '../../helpers/temp-dir';

const tmp = tempDir('aurora-replay-unit-');
afterAll(() => tmp.cleanup());
let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(tmp.path, `c${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const row = (host_ms: number, over: Partial<SeriesRow> = {}): SeriesRow => ({ host_ms, t_ms: null, current_now: null, voltage_now: null, charge_counter: null, capacity: null, temp: null, status: null, ...over });

describe('capture folders', () => {
  it('loads a partial folder: what is there, nothing else', () => {
    const c = loadCapture(folder({ 'getprop.txt': '[ro.product.model]: [SM-A5560]\r\n[ro.product.manufacturer]: [samsung]\r\n', 'power-supply/battery/current_now': '-412\n', 'notes.txt': 'mine' }));
    expect([...c.files.keys()].sort()).toEqual(['getprop.txt', 'power-supply/battery/current_now']);
    expect(c.props?.get('ro.product.model')).toBe('SM-A5560');
    expect(c.manifest).toBeNull();
    expect(c.series).toEqual([]);
    expect(fallbackVendor(c)).toBe('samsung');
  });

  it('says what is wrong with a folder that is not a capture, naming the file', () => {
    expect(() => loadCapture(join(tmp.path, 'nope'))).toThrow(/nope is not a folder; give --replay a folder made by `aurora-lab capture`/);
    expect(() => loadCapture(folder({ 'readme.md': 'x' }))).toThrow(/holds none of the files of a capture \(getprop\.txt/);
    expect(() => loadCapture(folder({ 'manifest.json': '{ not json' }))).toThrow(ReplayError);
    expect(() => loadCapture(folder({ 'manifest.json': '{ not json' }))).toThrow(/manifest\.json is not JSON .*remove it to replay the files without it/);
    expect(() => loadCapture(folder({ 'manifest.json': '{"format":"other/9"}' }))).toThrow(/manifest\.json is not an Aurora capture manifest \(format: /);
    expect(() => loadCapture(folder({ 'series.jsonl': '{"host_ms":1}\n{"host_ms":"x"}\n' }))).toThrow(/series\.jsonl line 2: host_ms: /);
    expect(() => loadCapture(folder({ 'series.jsonl': '{"host_ms":1}\nnot json\n' }))).toThrow(/series\.jsonl line 2 is not JSON/);
    expect(() => loadCapture(folder({ 'getprop.txt': 'sh: getprop: not found\n' }))).toThrow(/getprop\.txt: Could not parse getprop: no "\[key\]: \[value\]" lines/);
  });

  it('keeps sources the manifest records as failed, so the replay fails them too', () => {
    const manifest = {
      format: 'aurora-capture/1', capturedAt: '2025-01-01T00:00:00.000Z', labVersion: '0.1.0',
      device: { serial: 's', manufacturer: 'Google', model: 'Pixel 6', fingerprint: null, androidRelease: '15', sdk: 35, virtual: false },
      files: { 'power-supply/battery/charge_full': { command: 'cat /sys/class/power_supply/battery/charge_full', exitCode: 1, stderr: 'No such file', written: false } },
      series: null, warnings: [],
    };
    const c = loadCapture(folder({ 'manifest.json': JSON.stringify(manifest) }));
    expect([...c.failed.keys()]).toEqual(['power-supply/battery/charge_full']);
    expect(fallbackVendor(c)).toBe('pixel');
  });
});

describe('what a replay answers', () => {
  it('maps dumpsys arguments to the capture file, and leaves other services to the persona', () => {
    expect(dumpsysFile(['battery'])).toBe('dumpsys-battery.txt');
    expect(dumpsysFile(['battery', 'unplug'])).toBeNull();
    expect(dumpsysFile(['thermalservice'])).toBe('dumpsys-thermalservice.txt');
    expect(dumpsysFile(['powerstats'])).toBe('dumpsys-powerstats.txt');
    expect(dumpsysFile(['android.hardware.power.stats.IPowerStats/default'])).toBe('odpm.txt');
    expect(dumpsysFile(['android.hardware.power.stats.IPowerStats/default', 'delta'])).toBe('odpm-delta.txt');
    expect(dumpsysFile(['activity'])).toBeNull();
  });

  it('maps capture files to device paths', () => {
    expect(devicePathOf('power-supply/battery/current_now')).toBe('/sys/class/power_supply/battery/current_now');
    expect(devicePathOf('thermal-zones/thermal_zone12/temp')).toBe('/sys/class/thermal/thermal_zone12/temp');
    expect(devicePathOf('proc-cpuinfo.txt')).toBe('/proc/cpuinfo');
    expect(devicePathOf('getprop.txt')).toBeNull();
    expect(devicePathOf('thermal-zones/../../etc/passwd')).toBeNull();
  });

  it('replays rows at their captured spacing and loops', () => {
    const rows = [row(1000), row(1050), row(1100), row(1200)];
    // The span is the capture's length plus one typical gap (50 ms): 250 ms.
    expect([0, 49, 50, 149, 150, 199, 200, 249, 250, 300].map((e) => rowAt(rows, e))).toEqual([0, 0, 1, 2, 2, 2, 3, 3, 0, 1]);
    expect(rowAt([row(5)], 1e6)).toBe(0);
  });

  it('writes only what a row read, and the boot clock when it has one', () => {
    const r = row(1, { t_ms: 812_345, current_now: -1469687, status: 'Discharging' });
    expect(rowFiles(r)).toEqual({
      '/sys/class/power_supply/battery/current_now': '-1469687\n',
      '/sys/class/power_supply/battery/status': 'Discharging\n',
      '/proc/uptime': '812.35 5036.54\n',
    });
    expect(seriesPaths([r, row(2, { voltage_now: 4000000 })])).toEqual([
      '/sys/class/power_supply/battery/current_now',
      '/sys/class/power_supply/battery/voltage_now',
      '/sys/class/power_supply/battery/status',
      '/proc/uptime',
    ]);
  });
});
