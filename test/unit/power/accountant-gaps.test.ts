/** The accountant reports the meter gap inside a window, from the meter's own reads and period. */
import { describe, expect, it } from 'vitest';
import { EnergyAccountant } from '../../../src/main/power/accountant';

function odpm(acct: EnergyAccountant, from: number, to: number, startJ: number): void {
  for (let t = from; t <= to; t += 200) acct.addOdpm({ t, joules: startJ + ((t - from) / 1000) * 2, channels: 4, clock: 'host-mapped' });
}

describe('EnergyAccountant meter gaps', () => {
  it('a window across 20 s without an ODPM read carries the gap; windows beside it do not', () => {
    const acct = new EnergyAccountant('odpm', 5);
    odpm(acct, 0, 4000, 0);
    odpm(acct, 24_000, 30_000, 8 + 20 * 0.8);
    expect(acct.meterPeriodMs()).toBe(200);
    expect(acct.gaps()).toEqual([{ from: 4000, to: 24_000 }]);
    expect(acct.window(3000, 25_000, [])?.gap).toEqual({ from: 4000, to: 24_000 });
    expect(acct.window(1000, 3000, [])?.gap).toBeNull();
    expect(acct.window(25_000, 29_000, [])?.gap).toBeNull();
  });
});
