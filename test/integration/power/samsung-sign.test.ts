/**
 * Samsung's sign conventions, from a replayed time series. Real Samsung dumps show the `current now` extra
 * negative while charging on one phone (Galaxy S20+) and positive on another (Galaxy Tab S5e), so their fuel
 * gauges report discharge with opposite signs. For each, a capture folder holds the real dump and a series with
 * an idle and a load window in that phone's convention (mA); a virtual phone replays it, the lab reads it back
 * through the real adb server with the capture sampler, and the calibration decides the sign from the load window.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSeries } from '../../../src/main/devices/capture/series';
import type { SeriesRow } from '../../../src/main/devices/capture/layout';
import { calibrateGauge } from '../../../src/main/power/calibration';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import { tempDir } from '../../helpers/temp-dir';
import { rawBattery, realFixture } from '../../unit/devices/real-fixtures';
import { disconnectAndClose } from '../virtual-phone/adb-cli';
import { probed, testLab, type TestLab } from '../virtual-phone/replay-helpers';

const T0 = 812_000;
const IDLE_MA = 180;
const LOAD_MA = 1400;

/** 4 s at 20 Hz: 2 s idle then 2 s of load, discharge signed as the phone signs it, a little gauge noise. */
function series(dischargeSign: 1 | -1): SeriesRow[] {
  return Array.from({ length: 80 }, (_, i) => {
    const load = i >= 40;
    const ma = (load ? LOAD_MA : IDLE_MA) + ((i * 7) % 5) - 2;
    return {
      host_ms: 1_700_000_000_000 + i * 50,
      t_ms: T0 + i * 50,
      current_now: dischargeSign * ma,
      voltage_now: load ? 3_902_000 : 3_961_000,
      charge_counter: 3_100_000 - i * 3,
      capacity: 62,
      temp: 301,
      status: 'Discharging',
    };
  });
}

const dirs = tempDir('aurora-samsung-sign-');
let t: TestLab;
const phones: VirtualPhone[] = [];

beforeAll(async () => {
  t = await testLab();
});

afterAll(async () => {
  await disconnectAndClose(...phones);
  await t?.close();
  dirs.cleanup();
});

describe('Samsung current sign conventions', () => {
  for (const fixture of ['devicelog-samsung-s20plus-usb-negative-current.txt', 'kdoc-galaxy-tab-s5e-usb-reconstructed.txt']) {
    it(`${fixture}: the calibration finds the sign the real dump implies`, async () => {
      const dump = realFixture('battery', fixture).text;
      // The dump was taken while charging (status 2); discharge runs the other way.
      expect(rawBattery(dump, 'status')).toBe('2');
      const whileCharging = Number(rawBattery(dump, 'current now'));
      const expected: 1 | -1 = whileCharging < 0 ? 1 : -1;

      const dir = join(dirs.path, fixture);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'dumpsys-battery.txt'), dump);
      writeFileSync(join(dir, 'series.jsonl'), series(expected).map((r) => JSON.stringify(r)).join('\n') + '\n');
      const phone = await startVirtualPhone({ port: 0, vendor: 'samsung', stateDir: join(dirs.path, `state-${fixture}`), replay: dir });
      phones.push(phone);
      await probed(t.lab, phone.address);

      const rows = await sampleSeries(t.lab.services.devices.bridge, phone.address, { durationMs: 5000, hz: 20 });
      const window = (from: number, to: number) =>
        rows.filter((r) => r.t_ms !== null && r.t_ms >= T0 + from && r.t_ms <= T0 + to).map((r) => ({ t: r.t_ms!, current: r.current_now, voltage: r.voltage_now }));
      const idle = window(200, 1800);
      const load = window(2200, 3800);
      expect(idle.length, `idle rows of ${rows.length}`).toBeGreaterThanOrEqual(5);
      expect(load.length, `load rows of ${rows.length}`).toBeGreaterThanOrEqual(5);
      // What the replay served is the series, in the phone's own sign.
      expect(Math.sign(load[0]!.current!)).toBe(expected);

      const cal = calibrateGauge(idle, load);
      expect(cal).toMatchObject({ dischargeSign: expected, currentUnit: 'mA', voltageUnit: 'uV' });
      expect(cal.loadWatts).toBeGreaterThan(1.35 * 3.9 * 0.95);
      expect(cal.loadWatts).toBeLessThan(1.4 * 3.96 * 1.05);
      expect(cal.idleWatts).toBeLessThan(1);
    });
  }
});
