/** What the lab flags as throttled, and why (power/throttling.ts). */
import { describe, expect, it } from 'vitest';
import type { ThermalReading } from '../../../src/main/power/conditions';
import { throttlingIn } from '../../../src/main/power/throttling';

/** A reading read between startedAt and at (host ms = boot ms here). */
function reading(startedAt: number, over: Partial<ThermalReading> = {}): ThermalReading {
  return { startedAt, at: startedAt + 40, batteryTempC: 25.9, skinTempC: 25.9, thermalStatus: 0, cpuFreqRatio: 1, cpuCapRatio: 1, charging: false, ...over };
}
const id = (at: number) => at;

describe('throttling', () => {
  it('does not flag a cool phone whose CPUs idle at their minimum frequency around a short prompt (the false positive)', () => {
    // A one-prompt quick run on a virtual Pixel at 25.9 C, thermal status 0: the only readings are idle ones.
    const idle = [reading(1000, { cpuFreqRatio: 0.19 }), reading(3000, { cpuFreqRatio: 0.19 })];
    expect(throttlingIn(idle, id, 3200, 4100)).toEqual({ status: 0, throttled: false, reason: null });
    // A reading in the prompt's first moments may still see the idle frequency: not evidence either.
    expect(throttlingIn([reading(3300, { cpuFreqRatio: 0.19 })], id, 3200, 6000).throttled).toBe(false);
  });

  it('flags CPUs well under their policy maximum in a reading taken while the prompt ran', () => {
    const v = throttlingIn([reading(1000, { cpuFreqRatio: 0.19 }), reading(4000, { cpuFreqRatio: 0.52 })], id, 3000, 6000);
    expect(v.throttled).toBe(true);
    expect(v.reason).toBe('the fastest CPU ran at 52% of its maximum frequency while the prompt ran');
  });

  it('flags a policy maximum capped below the hardware maximum while busy', () => {
    const v = throttlingIn([reading(4000, { cpuCapRatio: 0.8 })], id, 3000, 6000);
    expect(v).toMatchObject({ throttled: true, reason: "a CPU's frequency limit was capped at 80% of its hardware maximum while the prompt ran" });
  });

  it('flags thermal status moderate or worse around the prompt (light is recorded, not flagged), with both reasons', () => {
    expect(throttlingIn([reading(2000, { thermalStatus: 1 })], id, 3000, 6000)).toEqual({ status: 1, throttled: false, reason: null });
    const v = throttlingIn([reading(2000, { thermalStatus: 3 }), reading(4000, { thermalStatus: 3, cpuFreqRatio: 0.6 })], id, 3000, 6000);
    expect(v.status).toBe(3);
    expect(v.reason).toBe('thermal status 3 (severe) during the prompt; the fastest CPU ran at 60% of its maximum frequency while the prompt ran');
  });

  it('reports the latest status when no reading is close, but does not flag on it', () => {
    const v = throttlingIn([reading(0, { thermalStatus: 4 })], id, 60_000, 61_000);
    expect(v).toEqual({ status: 4, throttled: false, reason: null });
    expect(throttlingIn([], id, 0, 1000)).toEqual({ status: null, throttled: false, reason: null });
  });

  it('ignores readings it cannot place on the boot clock', () => {
    expect(throttlingIn([reading(4000, { cpuFreqRatio: 0.3 })], () => null, 3000, 6000).throttled).toBe(false);
  });
});
