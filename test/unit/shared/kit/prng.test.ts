import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, permutation, shuffleInPlace } from '../../../../src/shared/kit/prng';

describe('mulberry32', () => {
  it('gives the reference sequence for a seed (the public-domain C/JS reference, seed 1)', () => {
    const r = mulberry32(1);
    const first = [r.next(), r.next(), r.next()];
    // Tommy Ettinger's reference implementation, seeded with 1.
    expect(first[0]).toBeCloseTo(0.6270739405881613, 15);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(first).size).toBe(3);
  });

  it('is reproducible and reduces any integer seed to uint32', () => {
    const a = mulberry32(42);
    const b = mulberry32(42 + 2 ** 32);
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
    expect(mulberry32(-1).next()).toBe(mulberry32(0xffffffff).next());
  });

  it('int(n) covers 0..n-1 roughly uniformly', () => {
    const r = mulberry32(7);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});

describe('deriveSeed', () => {
  it('gives independent streams per label, whatever the order they are made in', () => {
    const s1 = deriveSeed(42, 1);
    const s2 = deriveSeed(42, 2);
    expect(s1).not.toBe(s2);
    expect(deriveSeed(42, 1)).toBe(s1);
    expect(deriveSeed(42, 1, 0)).not.toBe(s1);
    expect(Number.isInteger(s1) && s1 >= 0 && s1 < 2 ** 32).toBe(true);
  });
});

describe('permutation and shuffleInPlace', () => {
  it('permutes 0..n-1 and is the same Fisher-Yates as shuffleInPlace on any array', () => {
    const p = permutation(50, mulberry32(3));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const arr = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i), mulberry32(3));
    expect(arr).toEqual([...p]);
    expect(shuffleInPlace<string, string[]>(['a'], mulberry32(1))).toEqual(['a']);
  });
});
