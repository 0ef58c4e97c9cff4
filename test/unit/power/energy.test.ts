import { describe, expect, it } from 'vitest';
import { calibrateGauge, CalibrationError, type RawGaugeSample } from '../../../src/main/power/calibration';
import { energyBetween, gaugeSteps, netOfBaseline } from '../../../src/main/power/energy';

/** A gauge that updates every `period` ms with the average of a known power curve over the interval that ended. */
function simulateGauge(opts: { watts: (t: number) => number; volts: number; period: number; sampleEvery: number; until: number; toRaw: (amps: number) => number; voltRaw: number }): RawGaugeSample[] {
  const samples: RawGaugeSample[] = [];
  let current = opts.toRaw(opts.watts(0) / opts.volts);
  let nextUpdate = opts.period;
  for (let t = 0; t <= opts.until; t += opts.sampleEvery) {
    while (t >= nextUpdate) {
      let e = 0;
      for (let x = nextUpdate - opts.period; x < nextUpdate; x += 1) e += opts.watts(x) / 1000;
      // Real gauges jitter a little from update to update; that is also how updates become visible.
      const jitter = 1 + 0.004 * Math.sin(nextUpdate / 7);
      current = opts.toRaw((jitter * e) / (opts.period / 1000) / opts.volts);
      nextUpdate += opts.period;
    }
    samples.push({ t, current, voltage: opts.voltRaw });
  }
  return samples;
}

const pixelRaw = (amps: number) => Math.round(-amps * 1e6);
const samsungRaw = (amps: number) => Math.round(amps * 1e3);

describe('calibrateGauge', () => {
  it('finds uA with negative discharge on a Pixel-style gauge', () => {
    const idle = simulateGauge({ watts: () => 0.8, volts: 4.0, period: 300, sampleEvery: 50, until: 3000, toRaw: pixelRaw, voltRaw: 4_000_000 });
    const load = simulateGauge({ watts: () => 4.5, volts: 4.0, period: 300, sampleEvery: 50, until: 3000, toRaw: pixelRaw, voltRaw: 4_000_000 });
    const cal = calibrateGauge(idle, load, 0);
    expect(cal).toMatchObject({ currentUnit: 'uA', dischargeSign: -1, voltageUnit: 'uV' });
    expect(cal.idleWatts).toBeCloseTo(0.8, 2);
    expect(cal.loadWatts).toBeCloseTo(4.5, 2);
  });

  it('finds mA with positive discharge on a Samsung-style gauge', () => {
    const idle = simulateGauge({ watts: () => 0.7, volts: 3.9, period: 300, sampleEvery: 50, until: 3000, toRaw: samsungRaw, voltRaw: 3_900_000 });
    const load = simulateGauge({ watts: () => 6, volts: 3.9, period: 300, sampleEvery: 50, until: 3000, toRaw: samsungRaw, voltRaw: 3_900_000 });
    const cal = calibrateGauge(idle, load, 0);
    expect(cal).toMatchObject({ currentUnit: 'mA', dischargeSign: 1 });
    expect(cal.loadWatts).toBeCloseTo(6, 1);
  });

  it('refuses when load does not move the current (charging) and says what to do', () => {
    const flat = simulateGauge({ watts: () => 1, volts: 4, period: 300, sampleEvery: 50, until: 2000, toRaw: pixelRaw, voltRaw: 4_000_000 });
    expect(() => calibrateGauge(flat, flat)).toThrow(CalibrationError);
    expect(() => calibrateGauge(flat, flat)).toThrow(/charging\?.*Unplug/);
  });

  it('refuses a voltage that is no battery voltage', () => {
    const s = [1, 2, 3, 4].map((t) => ({ t, current: 100_000, voltage: 12 }));
    expect(() => calibrateGauge(s, s)).toThrow(/voltage_now reads 12/);
  });
});

describe('energy from gauge samples', () => {
  it('integrates a stepped workload to the true energy over the whole run within 1%', () => {
    // 0.8 W idle, 5 W for 4 s, idle again.
    const watts = (t: number) => (t >= 2000 && t < 6000 ? 5 : 0.8);
    const samples = simulateGauge({ watts, volts: 4, period: 300, sampleEvery: 50, until: 9000, toRaw: pixelRaw, voltRaw: 4_000_000 });
    const cal = calibrateGauge(samples.slice(0, 30), samples.filter((s) => s.t > 2600 && s.t < 5900), 0);
    const steps = gaugeSteps(samples, cal);
    const truth = 0.8 * 8.7 + 4.2 * 4; // jitter averages out to well under 1% // from 300 ms (first update) to 9000 ms
    const e = energyBetween(steps, 300, 9000);
    expect(Math.abs(e.joules - truth) / truth).toBeLessThan(0.01);
  });

  it('attributes each update to the interval before it, so a prompt window gets its own energy', () => {
    const watts = (t: number) => (t >= 3000 && t < 6000 ? 5 : 0.8);
    const samples = simulateGauge({ watts, volts: 4, period: 300, sampleEvery: 50, until: 9000, toRaw: pixelRaw, voltRaw: 4_000_000 });
    const cal = calibrateGauge(samples.slice(0, 30), samples.filter((s) => s.t > 3600 && s.t < 5900), 0);
    const e = energyBetween(gaugeSteps(samples, cal), 3000, 6000);
    expect(e.joules).toBeGreaterThan(15 * 0.97);
    expect(e.joules).toBeLessThan(15 * 1.03);
    expect(e.updates).toBeGreaterThanOrEqual(10);
    expect(netOfBaseline(e, 0.8)).toBeCloseTo(15 - 0.8 * 3, 0);
  });

  it('counts only the covered part of a window and reports it', () => {
    const samples: RawGaugeSample[] = [
      { t: 1000, current: -500_000, voltage: 4_000_000 },
      { t: 1300, current: -600_000, voltage: 4_000_000 },
    ];
    const cal = { currentToAmps: 1e-6, currentUnit: 'uA', dischargeSign: -1, voltageToVolts: 1e-6, voltageUnit: 'uV', idleWatts: 0, loadWatts: 0, calibratedAt: 0 } as const;
    const e = energyBetween(gaugeSteps(samples, cal), 0, 5000);
    expect(e.coveredSeconds).toBeCloseTo(0.3);
    expect(e.joules).toBeCloseTo(2.4 * 0.3);
    expect(e.windowSeconds).toBe(5);
  });
});
