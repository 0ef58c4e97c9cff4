import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/main/datasets/errors';
import { allocateBySubject, repetitionOrder, sampleStratified, seededRandom, seededShuffle } from '../../../src/main/datasets/sampling';
import type { PromptItem } from '../../../src/main/datasets/types';

function makeSet(sizes: Record<string, number>): PromptItem[] {
  const items: PromptItem[] = [];
  for (const [subject, n] of Object.entries(sizes)) {
    for (let i = 0; i < n; i++) {
      items.push({ id: `t/${subject}/${i}`, subject, question: `${subject} ${i}`, choices: ['a', 'b', 'c', 'd'], answer: 'A', source: { file: 'f', line: i + 1 } });
    }
  }
  return items;
}

const countBy = (items: PromptItem[]): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.subject]: (acc[i.subject] ?? 0) + 1 }), {});

describe('seededRandom (sha256 -> mulberry32)', () => {
  it('is deterministic per seed, in [0,1), and differs across seeds', () => {
    const a = seededRandom('s1');
    const b = seededRandom('s1');
    const c = seededRandom('s2');
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('pins the generator: the first values for seed "aurora" never change', () => {
    const r = seededRandom('aurora');
    const first = [r(), r(), r()].map((x) => Math.floor(x * 1e6));
    expect(first).toMatchInlineSnapshot(`
      [
        104317,
        382655,
        889135,
      ]
    `);
  });
});

describe('allocateBySubject (largest remainder)', () => {
  it('allocates proportionally with exact totals', () => {
    // 10 of (50, 30, 20) -> 5, 3, 2 exactly.
    expect(Object.fromEntries(allocateBySubject(new Map([['a', 50], ['b', 30], ['c', 20]]), 10, 's'))).toEqual({ a: 5, b: 3, c: 2 });
    // 7 of (5, 3, 2): shares 3.5, 2.1, 1.4 -> floors 3,2,1 (=6); largest remainder 0.5 -> a.
    expect(Object.fromEntries(allocateBySubject(new Map([['a', 5], ['b', 3], ['c', 2]]), 7, 's'))).toEqual({ a: 4, b: 2, c: 1 });
  });

  it('breaks equal remainders by a seeded order, not by name', () => {
    const sizes = new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => [s, 10] as [string, number]));
    const winners = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const q = allocateBySubject(sizes, 1, `seed-${seed}`);
      expect([...q.values()].reduce((s, x) => s + x, 0)).toBe(1);
      winners.add([...q].find(([, n]) => n === 1)![0]);
    }
    expect(winners.size).toBeGreaterThan(2);
  });
});

describe('sampleStratified', () => {
  const set = makeSet({ law: 150, anatomy: 30, astronomy: 17, virology: 3 });

  it('returns exactly n items with the proportional count per subject', () => {
    const sample = sampleStratified(set, 40, 'seed');
    expect(sample).toHaveLength(40);
    // shares: law 30, anatomy 6, astronomy 3.4, virology 0.6 -> floors 30,6,3,0 (39) + largest remainder virology
    expect(countBy(sample)).toEqual({ law: 30, anatomy: 6, astronomy: 3, virology: 1 });
    expect(new Set(sample.map((i) => i.id)).size).toBe(40);
  });

  it('is exact for every n and never exceeds a subject', () => {
    for (const n of [1, 2, 3, 7, 99, 199, 200]) {
      const sample = sampleStratified(set, n, 'k');
      expect(sample).toHaveLength(n);
      const counts = countBy(sample);
      for (const [subject, count] of Object.entries(counts)) {
        expect(count).toBeLessThanOrEqual(countBy(set)[subject]!);
        const share = (n * countBy(set)[subject]!) / set.length;
        expect(Math.abs(count - share)).toBeLessThan(1);
      }
    }
  });

  it('is deterministic per seed and different for different seeds', () => {
    const ids = (seed: string): string[] => sampleStratified(set, 50, seed).map((i) => i.id);
    expect(ids('one')).toEqual(ids('one'));
    expect(ids('one')).not.toEqual(ids('two'));
  });

  it('does not depend on the order of the input', () => {
    const reversed = [...set].reverse();
    const a = sampleStratified(set, 20, 'x').map((i) => i.id).sort();
    const b = sampleStratified(reversed, 20, 'x').map((i) => i.id).sort();
    expect(b).toEqual(a);
  });

  it('keeps the source order', () => {
    const sample = sampleStratified(set, 30, 'o');
    const positions = sample.map((i) => set.indexOf(i));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });

  it('refuses n larger than the set, with both numbers', () => {
    expect(() => sampleStratified(set, 201, 's')).toThrow(DatasetError);
    expect(() => sampleStratified(set, 201, 's')).toThrow(/Asked for 201 prompts but the set has only 200/);
    expect(() => sampleStratified(set, 0, 's')).toThrow(/whole number >= 1/);
    expect(() => sampleStratified(set, 2.5, 's')).toThrow(/whole number >= 1/);
  });
});

describe('seeded shuffling for repetitions', () => {
  const xs = Array.from({ length: 50 }, (_, i) => i);

  it('is a permutation, deterministic per seed', () => {
    const a = seededShuffle(xs, 'r');
    expect([...a].sort((p, q) => p - q)).toEqual(xs);
    expect(seededShuffle(xs, 'r')).toEqual(a);
    expect(a).not.toEqual(xs);
    expect(seededShuffle(xs, 'other')).not.toEqual(a);
  });

  it('gives each repetition its own reproducible order', () => {
    const r0 = repetitionOrder(xs, 'run', 0);
    const r1 = repetitionOrder(xs, 'run', 1);
    expect(r0).not.toEqual(r1);
    expect(repetitionOrder(xs, 'run', 1)).toEqual(r1);
    expect(() => repetitionOrder(xs, 'run', -1)).toThrow(/repetition/);
  });
});
