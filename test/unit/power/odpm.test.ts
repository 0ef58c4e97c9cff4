/**
 * ODPM dumps as the Pixel HAL prints them (plain: no time at all; delta: Elapsed since the previous delta call,
 * 0 on the first) and how the lab places reads on the boot clock.
 */
import { describe, expect, it } from 'vitest';
import { parseEnergyMeter } from '../../../src/main/devices/parsers/powerstats';
import { EnergyAccountant } from '../../../src/main/power/accountant';
import { OdpmTimeline, odpmEnergy, odpmFrozen } from '../../../src/main/power/odpm';
import { fixture } from '../devices/fixtures';

function dump(elapsed: number | null, rails: Array<[string, number, number?]>): string {
  const lines = ['', '============= PowerStats HAL 2.0 energy meter =============='];
  if (elapsed !== null) lines.push(`Elapsed time: ${elapsed} ms`, '                           Channel    Cumulative Energy (         Delta   )');
  else lines.push('                           Channel    Cumulative Energy');
  for (const [label, mws, delta] of rails) lines.push(`  ${label.padStart(32)}   ${mws.toFixed(2).padStart(14)} mWs${elapsed !== null ? ` (${(delta ?? 0).toFixed(2).padStart(14)})` : ''}`);
  lines.push('========== End of PowerStats HAL 2.0 energy meter ==========');
  return lines.join('\n');
}

describe('ODPM dump kinds', () => {
  it('a plain dump has no Elapsed time: kind plain, no elapsed', () => {
    const d = parseEnergyMeter(fixture('pixel8pro.powerstats-hal.txt'));
    expect(d).toMatchObject({ kind: 'plain', elapsedMs: null });
    expect(d.channels).toHaveLength(11);
    expect(d.channels.every((c) => c.deltaMws === null)).toBe(true);
  });

  it('a delta dump carries the time since the previous delta call and the energy since then', () => {
    const d = parseEnergyMeter(fixture('pixel8pro.powerstats-hal-delta.txt'));
    expect(d).toMatchObject({ kind: 'delta', elapsedMs: 1003 });
    expect(d.channels[0]).toMatchObject({ channel: '[S2M_VDD_CPUCL2]:CPU(BIG)', energyMws: 30114.1, deltaMws: 1.4 });
  });

  it('the first delta dump (Elapsed 0, deltas 0) is still a delta dump', () => {
    expect(parseEnergyMeter(dump(0, [['[S2M_VDD_CPUCL2]:CPU(BIG)', 10]]))).toMatchObject({ kind: 'delta', elapsedMs: 0 });
  });

  it('sums the rails into joules; no section or no channel is no read', () => {
    expect(odpmEnergy(dump(null, [['[A]:X', 1500], ['[B]:Y', 500.5]]))?.joules).toBeCloseTo(2.0005, 9);
    expect(odpmEnergy("Can't find service: android.hardware.power.stats.IPowerStats/default")).toBeNull();
    expect(odpmEnergy(dump(null, []))).toBeNull();
  });
});

describe('placing ODPM reads on the boot clock', () => {
  it('never takes Elapsed time for a timestamp: plain reads sit at the host round trip mapped to the boot clock', () => {
    const tl = new OdpmTimeline();
    expect(tl.place(dump(null, [['[A]:X', 1]]), 5000)).toEqual({ t: 5000, joules: 0.001, channels: 1, clock: 'host-mapped' });
    expect(tl.place(dump(null, [['[A]:X', 2]]), 5210)).toMatchObject({ t: 5210, clock: 'host-mapped' });
    expect(tl.place(dump(null, [['[A]:X', 2]]), null)).toBeNull();
  });

  it('chains delta reads on the phone clock while the HAL and the host agree on the gap', () => {
    const tl = new OdpmTimeline();
    expect(tl.place(dump(0, [['[A]:X', 1]]), 5000)).toMatchObject({ t: 5000, clock: 'host-mapped' });
    expect(tl.place(dump(200, [['[A]:X', 2, 1]]), 5230)).toMatchObject({ t: 5200.5, clock: 'phone-elapsed' });
    expect(tl.place(dump(199, [['[A]:X', 3, 1]]), 5390)).toMatchObject({ t: 5400, clock: 'phone-elapsed' });
  });

  it('falls back to the host clock when another caller reset the HAL between two reads', () => {
    const tl = new OdpmTimeline();
    tl.place(dump(0, [['[A]:X', 1]]), 5000);
    // Someone else called `delta` 30 ms before this read: the HAL's gap is not this poller's.
    expect(tl.place(dump(30, [['[A]:X', 2, 0.1]]), 5200)).toMatchObject({ t: 5200, clock: 'host-mapped' });
  });
});

describe('ODPM rails that do not move', () => {
  const read = (t: number, joules: number) => ({ t, joules, channels: 14, clock: 'host-mapped' as const });

  it('are no meter after 3 s of the same total (a stale HAL, a replayed capture): no 0 J figure', () => {
    const frozen = Array.from({ length: 20 }, (_, i) => read(i * 200, 812.5));
    expect(odpmFrozen(frozen)).toMatch(/same energy for 3\.8 s: they are not measuring/);
    expect(odpmFrozen(frozen.slice(0, 10))).toBeNull();
    expect(odpmFrozen(frozen.map((r, i) => (i === 15 ? { ...r, joules: 812.6 } : r)))).toBeNull();
    const acct = new EnergyAccountant('odpm', 5);
    for (const r of frozen) acct.addOdpm(r);
    expect(acct.window(1000, 2000, [{ from: 1000, to: 2000 }])).toBeNull();
    expect(acct.meterProblem()).toMatch(/not measuring/);
  });
});
