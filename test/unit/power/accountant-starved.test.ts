/** A starved sampler (no sample for longer than the gauge's period) is named on the window it starved. */
import { describe, expect, it } from 'vitest';
import { EnergyAccountant } from '../../../src/main/power/accountant';
import type { GaugeCalibration } from '../../../src/main/power/calibration';

const CAL: GaugeCalibration = { currentToAmps: 1e-6, currentUnit: 'uA', dischargeSign: -1, voltageToVolts: 1e-6, voltageUnit: 'uV', idleWatts: 0.5, loadWatts: 2, calibratedAt: 0 };

/** A 300 ms gauge sampled at 20 Hz from 0 to 10 s, its reading changing each period; no samples inside `skip`. */
function accountant(skip: [number, number] | null): EnergyAccountant {
  const a = new EnergyAccountant('fuel-gauge', 20);
  a.calibration = CAL;
  for (let t = 0; t <= 10_000; t += 50) {
    if (skip && t > skip[0] && t < skip[1]) continue;
    a.addSample({ type: 'sample', t_ms: t, current: -500_000 - 1000 * Math.floor(t / 300), voltage: 4_000_000, charge_counter: null, temp: 250 });
  }
  return a;
}

describe('EnergyAccountant sample gaps', () => {
  it('leaves a window a steady sampler covered unflagged', () => {
    expect(accountant(null).window(2000, 8000, [])!.provenance.resolutionNote).toBeNull();
  });

  it('names a gap longer than 1.5 gauge periods inside the window, and only there', () => {
    const a = accountant([4000, 4800]);
    expect(a.window(2000, 8000, [])!.provenance.resolutionNote).toMatch(/no sample for 800 ms \(a starved sampler\)/);
    expect(a.window(5000, 8000, [])!.provenance.resolutionNote ?? '').not.toMatch(/starved/);
    expect(a.window(4400, 6000, [])!.provenance.resolutionNote ?? '', 'a gap cut by the window start counts from the start').not.toMatch(/starved/);
    expect(a.window(4500, 6000, [])!.provenance.resolutionNote ?? '').not.toMatch(/starved/);
    expect(a.window(3000, 4700, [])!.provenance.resolutionNote, 'a gap cut by the window end counts to the end').toMatch(/no sample for 700 ms/);
    expect(accountant([4000, 4400]).window(2000, 8000, [])!.provenance.resolutionNote, '400 ms is within 1.5 periods').toBeNull();
  });
});
