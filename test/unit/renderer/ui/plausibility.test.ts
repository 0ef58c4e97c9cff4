import { describe, expect, it } from 'vitest';
import { CHANCE_ACCURACY, chanceWarning, decodeSpeedFlag, netEnergyFlag, rssFlag } from '../../../../src/renderer/src/ui/plausibility';

describe('figures that cannot be measurements', () => {
  it('flags a decode speed of 0 tok/s (a one-token reply: no decode step) and negative speeds; real speeds pass', () => {
    expect(decodeSpeedFlag(0)).toMatchObject({ label: 'no decode' });
    expect(decodeSpeedFlag(0)!.reason).toMatch(/at most one token/);
    expect(decodeSpeedFlag(-3)).toMatchObject({ label: 'impossible' });
    expect(decodeSpeedFlag(0.4)).toBeNull();
    expect(decodeSpeedFlag(73.9)).toBeNull();
    expect(decodeSpeedFlag(null)).toBeNull();
    expect(decodeSpeedFlag(Number.NaN)).toBeNull();
  });

  it('flags net energy below the idle baseline with the raw value and why', () => {
    const f = netEnergyFlag(-0.211)!;
    expect(f.label).toBe('below idle');
    expect(f.reason).toMatch(/^The prompt measured -0\.211 J net: less than the idle baseline/);
    expect(f.reason).toMatch(/noise/);
    expect(netEnergyFlag(-0.5, 'The sum over the prompts')!.reason).toMatch(/^The sum over the prompts measured -0\.500 J/);
    expect(netEnergyFlag(0)).toBeNull();
    expect(netEnergyFlag(0.012)).toBeNull();
    expect(netEnergyFlag(null)).toBeNull();
  });

  it('flags an RSS too small to hold the model next to the engine’s own peak RAM (the 1.9 MB beside 70-125 MB case)', () => {
    const f = rssFlag(1.9, [70.4, 125.2, 98, null])!;
    expect(f.label).toBe('implausible');
    expect(f.reason).toMatch(/^1\.9 MB after loading is under half the engine’s own peak RAM on this model’s prompts \(70–125 MB, 3 prompts\)/);
    expect(rssFlag(0, [70])).toMatchObject({ label: 'impossible' });
    expect(rssFlag(60, [70, 125])).toBeNull();
    expect(rssFlag(1.9, [])).toBeNull();
    expect(rssFlag(1.9, [null])).toBeNull();
    expect(rssFlag(null, [70])).toBeNull();
    expect(rssFlag(30, [70])!.reason).toMatch(/\(70 MB, 1 prompt\)/);
  });
});

describe('accuracy below chance', () => {
  it('warns a router below 25% at n = 40 with its interval, which includes chance', () => {
    const w = chanceWarning(0.2, { lo: 0.105, hi: 0.348 }, 40)!;
    expect(CHANCE_ACCURACY).toBe(0.25);
    expect(w.label).toBe('small sample');
    expect(w.surelyBelow).toBe(false);
    expect(w.short).toBe('small sample: its 95% interval (11%–35%) includes chance (25%)');
    expect(w.reason).toBe(
      '20.0% on n = 40 is below chance (25%, a random guess among 4 choices); 95% interval 11%–35%. The interval includes ' +
        'chance: at this sample size the figure cannot be told apart from guessing. Measure more prompts before reading it.',
    );
  });

  it('says when even the interval’s top is under chance, and takes intervals as pairs too', () => {
    const w = chanceWarning(0.05, [0.02, 0.12], 400)!;
    expect(w.label).toBe('below chance');
    expect(w.surelyBelow).toBe(true);
    expect(w.reason).toMatch(/Check the answer extraction/);
    expect(w.short).toBe('below chance (25%) even at its interval’s top (2%–12%)');
    expect(chanceWarning(0.1, null, 10)!.reason).toMatch(/no interval/);
  });

  it('says nothing at or above chance, or without a figure', () => {
    expect(chanceWarning(0.25, { lo: 0.1, hi: 0.4 }, 40)).toBeNull();
    expect(chanceWarning(0.625, { lo: 0.47, hi: 0.76 }, 40)).toBeNull();
    expect(chanceWarning(null, null, 40)).toBeNull();
    expect(chanceWarning(0.1, null, 0)).toBeNull();
  });
});
