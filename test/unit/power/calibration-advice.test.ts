/**
 * A failed fuel-gauge calibration says what the lab saw (issue 11: "Is the phone charging? Unplug it" was said of a
 * Samsung that reported discharging the whole time), and the load window is long enough for the gauge to see it.
 */
import { describe, expect, it } from 'vitest';
import { calibrateGauge, gaugeUpdates, type RawGaugeSample } from '../../../src/main/power/calibration';
import { loadPlan, LOAD_MIN_MS } from '../../../src/main/runs/measure/calibration-load';

/** Samsung-style raw readings (mA, positive discharge): the reading changes every 300 ms, sampled at 20 Hz. */
function flat(ma: number, fromMs: number, ms: number): RawGaugeSample[] {
  return Array.from({ length: ms / 50 }, (_, i) => ({ t: fromMs + i * 50, current: ma + (Math.floor(i / 6) % 2), voltage: 4300 }));
}

describe('calibration advice', () => {
  const idle = flat(154, 0, 1500);
  const load = flat(153, 2000, 3000);

  it('does not tell a discharging phone to unplug: it says the gauge did not see the load, with the window it had', () => {
    let msg = '';
    try {
      calibrateGauge(idle, load, 0, { charging: false, loadBusyShare: 0.93, loadMs: 3000 });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/idle \(15[\d.]+\) and load \(15[\d.]+\)/);
    expect(msg).toMatch(/reported discharging the whole time, so the charger is not the cause/);
    expect(msg).toMatch(/lasted 3\.0 s \(10 gauge updates\) with the engine working 93% of it/);
    expect(msg).not.toMatch(/Unplug/);
  });

  it('tells a phone seen charging to unplug, and a phone of unknown state both', () => {
    expect(() => calibrateGauge(idle, load, 0, { charging: true })).toThrow(/reported charging: the charger supplied the load\. Unplug it/);
    expect(() => calibrateGauge(idle, load, 0, { charging: null })).toThrow(/Is the phone charging\? Unplug it .* if it was on battery/);
  });

  it('counts gauge updates, not samples', () => {
    expect(load).toHaveLength(60);
    expect(gaugeUpdates(load)).toBe(10);
  });

  it('loads for many gauge periods after the gauge settled, never less than the floor', () => {
    expect(loadPlan(300)).toEqual({ settleMs: 600, loadMs: 600 + Math.max(12 * 300, LOAD_MIN_MS) });
    expect(loadPlan(1000)).toEqual({ settleMs: 2000, loadMs: 2000 + 12_000 });
    expect(loadPlan(100).loadMs).toBe(200 + LOAD_MIN_MS);
  });
});
