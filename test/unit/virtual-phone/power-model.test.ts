import { describe, expect, it } from 'vitest';
import { PERSONAS } from '../../../src/main/virtual-phone/personas';
import { batteryNetWatts, openCircuitVolts, terminalVolts } from '../../../src/main/virtual-phone/power/battery-model';
import { parseProcStat } from '../../../src/main/virtual-phone/power/cpu-usage';
import { EnergyLedger } from '../../../src/main/virtual-phone/power/energy-ledger';
import { PowerModel } from '../../../src/main/virtual-phone/power/power-model';
import type { GaugeReading } from '../../../src/main/virtual-phone/power/power-model';
import { THERMAL_NODES, stepNode, thermalStatus } from '../../../src/main/virtual-phone/power/thermal-model';
import { vendorCurrentNow } from '../../../src/main/virtual-phone/sysfs-writer';

/** A model on a fake clock whose "processes" burn `busyCores` cores. */
function fakePhone(vendor: 'pixel' | 'samsung', charging: null | 'usb' | 'ac' = null) {
  let now = 0;
  let cpuS = 0;
  let busyCores = 0;
  const model = new PowerModel({
    persona: PERSONAS[vendor],
    charging,
    clock: () => now,
    random: () => 0.5,
    cpu: { sampleSeconds: () => cpuS },
  });
  const advance = (ms: number, stepMs = 50) => {
    for (let t = 0; t < ms; t += stepMs) {
      now += stepMs;
      cpuS += (busyCores * stepMs) / 1000;
      model.sample();
    }
  };
  return { model, advance, setBusy: (n: number) => (busyCores = n), now: () => now };
}

describe('energy ledger', () => {
  it('integrates piecewise-constant power exactly, including partial segments', () => {
    const l = new EnergyLedger();
    l.append(1000, 2); // 0..1000 ms at 2 W
    l.append(3000, 5); // 1000..3000 ms at 5 W
    expect(l.energyBetween(0, 3000), 'whole range: 2 J + 10 J').toBeCloseTo(12, 9);
    expect(l.energyBetween(500, 2000), 'partial: 1 J + 5 J').toBeCloseTo(6, 9);
    expect(l.energyBetween(3000, 4000), 'past the last sample the last power continues').toBeCloseTo(5, 9);
  });
});

describe('power model', () => {
  it('draws idle power at rest and idle + k x cores under load (pixel ~0.78 W + 1.9 W/core)', () => {
    const p = fakePhone('pixel');
    p.advance(2000);
    const idle = p.model.energyJoules(0, 2000) / 2;
    expect(idle, 'idle power within the documented 0.6-0.9 W').toBeGreaterThan(0.6);
    expect(idle, 'idle power within the documented 0.6-0.9 W').toBeLessThan(0.9);
    p.setBusy(2);
    p.advance(2000);
    const loaded = p.model.energyJoules(2000, 4000) / 2;
    expect(loaded - idle, 'two busy cores add 2 x 1.9 W').toBeCloseTo(3.8, 1);
  });

  it('publishes gauge readings whose current x voltage equals the average battery power of the window', () => {
    const p = fakePhone('samsung');
    p.setBusy(1.5);
    p.advance(1000);
    p.model.updateGauge();
    const t0 = p.now();
    p.advance(300);
    const r = p.model.updateGauge();
    const watts = (r.currentUa / 1e6) * (r.voltageUv / 1e6);
    const truth = p.model.energyJoules(t0, p.now()) / 0.3;
    expect(r.intervalMs, 'window length').toBeCloseTo(300, 6);
    expect(Math.abs(watts - truth) / truth, `gauge power ${watts} W vs ledger ${truth} W`).toBeLessThan(1e-3);
    expect(r.status, 'on battery').toBe('Discharging');
  });

  it('drains charge_counter by the integrated current and sags voltage under load', () => {
    const p = fakePhone('pixel');
    p.model.updateGauge();
    const before = p.model.updateGauge();
    p.setBusy(4);
    p.advance(60_000);
    const after = p.model.updateGauge();
    const usedUah = before.chargeCounterUah - after.chargeCounterUah;
    // ~8.4 W at ~4.1 V for a minute is ~34 mAh.
    expect(usedUah, 'a minute at ~8 W uses tens of mAh').toBeGreaterThan(25_000);
    expect(usedUah, 'a minute at ~8 W uses tens of mAh').toBeLessThan(45_000);
    expect(after.voltageUv, 'voltage sags under load').toBeLessThan(before.voltageUv);
  });

  it('charges when plugged in: current flows into the battery, capacity rises, status Charging', () => {
    const p = fakePhone('pixel', 'ac');
    p.model.updateGauge();
    const start = p.model.soc;
    p.advance(120_000, 200);
    const r = p.model.updateGauge();
    expect(r.currentUa, 'battery current is negative (into the cell)').toBeLessThan(0);
    expect(p.model.soc, 'state of charge rises').toBeGreaterThan(start);
    expect(r.status, 'status').toBe('Charging');
    expect(vendorCurrentNow(PERSONAS.pixel, r.currentUa), 'pixel current_now is positive while charging').toBeGreaterThan(0);
    expect(vendorCurrentNow(PERSONAS.samsung, r.currentUa), 'samsung current_now is negative while charging').toBeLessThan(0);
  });

  it('heats under load, cools at rest, and raises thermal status past 39 C', () => {
    const p = fakePhone('samsung');
    const t0 = p.model.temperatures.skin;
    expect(p.model.thermalStatus, 'a resting phone is nominal').toBe(0);
    p.setBusy(8);
    p.advance(300_000, 500);
    const hot = p.model.temperatures;
    expect(hot.skin, 'skin heats').toBeGreaterThan(t0 + 10);
    expect(hot.cpu, 'the CPU runs hotter than the skin').toBeGreaterThan(hot.skin);
    expect(p.model.thermalStatus, 'throttling status engaged').toBeGreaterThanOrEqual(1);
    p.setBusy(0);
    p.advance(300_000, 500);
    expect(p.model.temperatures.skin, 'cools back at rest').toBeLessThan(hot.skin - 10);
  });

  it('updates the gauge on its own grid: a late sample delays a reading, never the interval it covers', () => {
    const p = fakePhone('pixel');
    const readings: GaugeReading[] = [];
    p.model.onGauge((r) => readings.push(r));
    p.model.start();
    try {
      p.setBusy(1);
      p.advance(1000);
      // One 1.5 s stall (a starved thread): the grid instants inside it are still the ones published.
      p.setBusy(3);
      p.advance(1500, 1500);
      p.setBusy(0);
      p.advance(600);
    } finally {
      p.model.stop();
    }
    // random() = 0.5: every period is 300 + 0.1 x 40 = 304 ms.
    expect(readings.map((r) => r.bootMs), 'grid instants').toEqual(Array.from({ length: 10 }, (_, i) => 304 * (i + 1)));
    for (const r of readings) {
      expect(r.intervalMs, 'each reading covers one period').toBe(304);
      const watts = (r.currentUa / 1e6) * (r.voltageUv / 1e6);
      const truth = p.model.energyJoules(r.bootMs - r.intervalMs, r.bootMs) / (r.intervalMs / 1000);
      expect(Math.abs(watts / truth - 1), `reading at ${r.bootMs} ms: ${watts.toFixed(4)} W vs ledger ${truth.toFixed(4)} W`).toBeLessThan(2e-4);
    }
  });

  it('keeps its boot clock on Date.now() - bootEpochMs, the clock the phone\'s programs stamp with', () => {
    const model = new PowerModel({ persona: PERSONAS.samsung, cpu: { sampleSeconds: () => 0 } });
    const a = Date.now() - model.bootEpochMs;
    const b = model.nowBootMs();
    const c = Date.now() - model.bootEpochMs;
    expect(b).toBeGreaterThanOrEqual(a);
    expect(b).toBeLessThanOrEqual(c);
  });

  it('splits energy into ODPM rails that always add up to the ledger', () => {
    const p = fakePhone('pixel');
    p.setBusy(1);
    p.advance(3000);
    p.setBusy(0);
    p.advance(2000);
    const rails = p.model.railEnergies();
    const sum = rails.reduce((n, r) => n + r.joules, 0);
    expect(rails.length, 'pixel has ODPM channels').toBeGreaterThan(5);
    expect(sum, 'rails sum to the ledger').toBeCloseTo(p.model.energyJoules(0, p.now()), 6);
    const big = rails.find((r) => r.subsystem === 'CPU(BIG)')!;
    const display = rails.find((r) => r.subsystem === 'Display')!;
    expect(big.joules, 'CPU load lands mostly on the CPU rails').toBeGreaterThan(display.joules);
  });
});

describe('battery and thermal physics', () => {
  it('has a monotonic open-circuit voltage curve in the Li-ion range', () => {
    let prev = 0;
    for (let s = 0; s <= 1.0001; s += 0.05) {
      const v = openCircuitVolts(s);
      expect(v, `OCV rises with charge at ${s.toFixed(2)}`).toBeGreaterThan(prev);
      prev = v;
    }
    expect(openCircuitVolts(0), 'empty cell').toBeGreaterThan(3.3);
    expect(openCircuitVolts(1), 'full cell').toBeLessThan(4.5);
    expect(terminalVolts(0.5, 8), 'load sags the terminal voltage').toBeLessThan(openCircuitVolts(0.5));
  });

  it('feeds the system from the charger first', () => {
    expect(batteryNetWatts(3, null, 0.5), 'on battery the cell supplies all').toBe(3);
    expect(batteryNetWatts(3, 'usb', 0.5), 'weak USB charger: the cell covers the shortfall').toBeCloseTo(0.6, 9);
    expect(batteryNetWatts(3, 'ac', 0.5), 'fast charger: the cell is charged').toBeLessThan(0);
    expect(batteryNetWatts(3, 'ac', 0.5, true), 'input suspended: back on battery').toBe(3);
  });

  it('relaxes first-order with the node time constant', () => {
    const node = THERMAL_NODES.skin;
    const after = stepNode(24, node, 5, node.tauS);
    const target = 24 + node.kPerWatt * 5;
    expect((after - 24) / (target - 24), 'one tau reaches 1 - 1/e').toBeCloseTo(1 - Math.exp(-1), 6);
    expect([thermalStatus(30), thermalStatus(39), thermalStatus(44), thermalStatus(70)], 'status thresholds').toEqual([0, 1, 2, 6]);
  });

  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    const line = '1234 (my (weird) prog) R 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 7 3 20 0 1 0 100 0 0';
    expect(parseProcStat(line), 'pgrp, utime+stime, cutime+cstime').toEqual({ pgrp: 1234, own: 300, reaped: 10 });
  });
});
