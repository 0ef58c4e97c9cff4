/**
 * The power clock: a virtual phone's power model on its own worker thread, reached by synchronous calls. It must
 * keep publishing gauge readings while the thread that created it is busy (the lab, ADB, shells), and keep the
 * boot clock the phone's programs use.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFs } from '../../../src/main/virtual-phone/device-fs';
import { PowerClock } from '../../../src/main/virtual-phone/power/power-clock';

let dir: string;
let clock: PowerClock;
let fs: DeviceFs;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vp-power-clock-'));
  fs = new DeviceFs(dir);
  clock = new PowerClock({ vendor: 'pixel', stateDir: dir, charging: null });
  await clock.start();
});

afterAll(async () => {
  await clock.stop();
  rmSync(dir, { recursive: true, force: true });
});

const currentFile = () => fs.hostPath('/sys/class/power_supply/battery/current_now');

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('power clock', () => {
  it("keeps the phone's boot clock: Date.now() - bootEpochMs, on this thread as on the model's", () => {
    const before = Date.now() - clock.bootEpochMs;
    const now = clock.nowBootMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(clock.gauge.bootMs, 'the latest reading is in the past of the same clock').toBeLessThanOrEqual(clock.nowBootMs());
  });

  it('answers reads and commands synchronously', async () => {
    await until(() => clock.gauge.bootMs > 0, 'a first gauge reading');
    // The idle window below is the last 500 ms: it must lie after boot (the first reading comes at ~300 ms, and a
    // window reaching before boot holds only part of 500 ms of energy: CI once measured 0.49 W = 0.78 W x 312/500).
    await until(() => clock.nowBootMs() >= 600, '600 ms of boot time');
    const g = clock.gauge;
    expect(g.status).toBe('Discharging');
    expect(Number(readFileSync(currentFile(), 'utf8')), 'current_now is the reading (pixel: negative uA)').toBe(-g.currentUa);
    const to = clock.nowBootMs();
    const idle = clock.energyJoules(to - 500, to) / 0.5;
    expect(idle, 'idle power of a pixel').toBeGreaterThan(0.5);
    expect(idle).toBeLessThan(1);
    clock.setCharging('ac');
    expect(clock.chargerType, 'the command took effect before the call returned').toBe('ac');
    clock.setCharging(null);
    expect(clock.chargerType).toBeNull();
  });

  it('publishes gauge readings while this thread is blocked', () => {
    const start = Date.now();
    // Block this thread's event loop for 1.5 s: the readings are published by the model's own thread anyway.
    while (Date.now() - start < 1500) {
      /* busy */
    }
    const written = statSync(currentFile()).mtimeMs;
    expect(written, `current_now last written ${(written - start).toFixed(0)} ms into the 1.5 s block`).toBeGreaterThan(start + 300);
  });
});
