/** The charge counter as an energy source: "not reported", the unit, and a counter that never moves. */
import { describe, expect, it } from 'vitest';
import { EnergyAccountant } from '../../../src/main/power/accountant';
import { assessChargeCounter, chargeCounterStuck } from '../../../src/main/power/charge-counter';
import type { SampleMessage } from '../../../src/main/runner/protocol';

const both = (raw: number, levelPercent: number | null, designUah: number | null = null) => assessChargeCounter({ sysfsRaw: raw, dumpsysRaw: raw, levelPercent, designUah });

describe('charge counter probe', () => {
  it('reads 0 as "not reported" (Pixel C, old Samsung), from either source', () => {
    expect(both(0, 19)).toMatchObject({ usable: false, calibration: null });
    expect(assessChargeCounter({ sysfsRaw: 0, dumpsysRaw: null, levelPercent: 50, designUah: null }).note).toMatch(/reads 0.*"not reported"/);
    expect(assessChargeCounter({ sysfsRaw: null, dumpsysRaw: null, levelPercent: 50, designUah: null })).toEqual({ usable: false, calibration: null, note: null });
  });

  it('calibrates the unit against the design capacity when the phone reports one (Galaxy Tab S5e: 10 uAh)', () => {
    const v = both(471_680, 67, 7_040_000);
    expect(v.calibration).toEqual({ uahPerUnit: 10, raw: 471_680, levelPercent: 67, impliedCapacityMah: 7040, designCapacityMah: 7040, basis: 'design-capacity' });
    expect(v.note).toMatch(/counts in 10 uAh \(471680 at 67% = a 7040 mAh battery\)/);
  });

  it('falls back to a plausible capacity, preferring the documented uAh when two fit', () => {
    expect(both(2_845_000, 100).calibration).toMatchObject({ uahPerUnit: 1, basis: 'plausible-capacity', impliedCapacityMah: 2845 });
    expect(both(4_019, 96).calibration).toMatchObject({ uahPerUnit: 1000, impliedCapacityMah: 4186 });
  });

  it('rejects a counter no unit makes a battery of, saying what it implies', () => {
    const v = both(5, 50);
    expect(v.usable).toBe(false);
    expect(v.note).toMatch(/reads 5 at 50%, a full battery of 0 mAh in uAh, 0 mAh in 10 uAh, 10 mAh in mAh: none is a plausible phone battery/);
    expect(both(-20, 50).usable).toBe(false);
  });

  it('needs the sysfs node the runner samples, and says when the two sources disagree', () => {
    expect(assessChargeCounter({ sysfsRaw: null, dumpsysRaw: 3_000_000, levelPercent: 70, designUah: null }).note).toMatch(/charge_counter is not readable, so the runner cannot sample it/);
    const v = assessChargeCounter({ sysfsRaw: 4_100_000, dumpsysRaw: 471_680, levelPercent: 67, designUah: null });
    expect(v.calibration?.uahPerUnit).toBe(10);
    expect(v.note).toMatch(/disagree; the unit was decided from dumpsys battery/);
    expect(both(3_000_000, null).calibration).toMatchObject({ basis: 'assumed', uahPerUnit: 1 });
  });
});

describe('a counter that never moves', () => {
  it('is no source once it stayed constant for 30 s; a short or moving one is fine', () => {
    const flat = Array.from({ length: 41 }, (_, i) => ({ t: i * 1000, counter: 3_270_000 }));
    expect(chargeCounterStuck(flat)).toMatch(/stayed at 3270000 for 40 s on battery: it does not move/);
    expect(chargeCounterStuck(flat.slice(0, 20))).toBeNull();
    expect(chargeCounterStuck(flat.map((r, i) => (i === 30 ? { ...r, counter: 3_269_000 } : r)))).toBeNull();
    expect(chargeCounterStuck([{ t: 0, counter: null }, { t: 60_000, counter: null }])).toBeNull();
  });

  it('the accountant applies the unit and reports a stuck counter', () => {
    const s = (t: number, cc: number): SampleMessage => ({ type: 'sample', t_ms: t, current: null, voltage: 3_900_000, charge_counter: cc, temp: 300 });
    const acct = new EnergyAccountant('charge-counter', 20, 10);
    acct.addSample(s(0, 400_000));
    acct.addSample(s(10_000, 399_900));
    // 100 units of 10 uAh = 1000 uAh at 3.9 V.
    expect(acct.intervals()).toEqual([{ from: 0, to: 10_000, joules: expect.closeTo(1000 * 3.6e-3 * 3.9, 9) as unknown as number }]);
    expect(acct.meterProblem()).toBeNull();
    const stuck = new EnergyAccountant('charge-counter', 20);
    for (let t = 0; t <= 40_000; t += 1000) stuck.addSample(s(t, 400_000));
    expect(stuck.meterProblem()).toMatch(/does not move/);
    expect(new EnergyAccountant('fuel-gauge', 20).meterProblem()).toBeNull();
  });
});
