import { describe, expect, it } from 'vitest';
import type { StoredSample } from '../../../src/main/runs/sample-insert';
import { packSamples, SamplePackError, unpackSamples } from '../../../src/main/runs/sample-pack';
import { mulberry32 } from '../../../src/shared/kit/prng';

const FIELDS = ['rawCurrent', 'rawVoltage', 'chargeCounter', 'tempRaw', 'watts', 'energyJ'] as const;
const full = (s: StoredSample) => ({ source: s.source, tMs: s.tMs, ...Object.fromEntries(FIELDS.map((f) => [f, s[f] ?? null])) });

describe('packed power samples', () => {
  it('give back every value exactly: a fuel gauge at 20 Hz, ODPM reads, both mixed, missing values, fractions, extremes', () => {
    const rng = mulberry32(7);
    const gauge: StoredSample[] = Array.from({ length: 44 }, (_, k) => ({ source: 'fuel-gauge', tMs: 1_000_000 + k * 50, rawCurrent: -412_000 - k * 37, rawVoltage: 3_912_000 - k, chargeCounter: 3_100_000, tempRaw: 312, watts: 1.61 + k / 1000 }));
    const odpm: StoredSample[] = [0, 1, 2, 3].map((k) => ({ source: 'odpm', tMs: 5e6 + k * 250.5, energyJ: 12_345.678 + k * 0.1234 }));
    const mixed: StoredSample[] = Array.from({ length: 37 }, (_, k) => ({
      source: rng.next() < 0.5 ? 'odpm' : 'fuel-gauge',
      tMs: 2 ** 40 + k * 7,
      rawCurrent: rng.next() < 0.3 ? null : Math.round((rng.next() - 0.5) * 2e9),
      watts: rng.next() < 0.5 ? undefined : rng.next() * 10,
      energyJ: k === 3 ? -0 : k === 4 ? 2 ** 60 : k === 5 ? -(2 ** 51) : k === 6 ? Number.MIN_VALUE : null,
      tempRaw: k % 2 ? 2 ** 51 : -(2 ** 51),
    }));
    for (const samples of [gauge, odpm, mixed, [], [gauge[0]!]]) {
      const back = unpackSamples(packSamples(samples));
      expect(back).toEqual(samples.map(full));
      // toEqual does not tell -0 from 0.
      back.forEach((s, i) => expect(Object.is(s.energyJ, samples[i]!.energyJ ?? null)).toBe(true));
    }
  });

  it('keep a 20 Hz fuel gauge reading in ~15 bytes (a row of its own took ~100)', () => {
    const gauge: StoredSample[] = Array.from({ length: 24 }, (_, k) => ({ source: 'fuel-gauge', tMs: 1_000_000 + k * 50, rawCurrent: -412_000 - k * 37, rawVoltage: 3_912_000 - k, chargeCounter: 3_100_000, tempRaw: 312, watts: 1.61 + k / 1000 }));
    expect(packSamples(gauge).byteLength).toBeLessThan(24 * 15);
  });

  it('refuse a damaged value, saying so, rather than give wrong samples', () => {
    const blob = packSamples([{ source: 'odpm', tMs: 10, energyJ: 1.5 }, { source: 'odpm', tMs: 20, energyJ: 2.5 }]);
    expect(() => unpackSamples(blob.subarray(0, blob.length - 3))).toThrow(SamplePackError);
    expect(() => unpackSamples(blob.subarray(0, blob.length - 3))).toThrow(/end early.*damaged/);
    expect(() => unpackSamples(Buffer.concat([blob, Buffer.from([0])]))).toThrow(/left over/);
    const other = Buffer.from(blob);
    other[0] = 9;
    expect(() => unpackSamples(other)).toThrow(/version 9.*update Aurora Lab/);
  });
});
