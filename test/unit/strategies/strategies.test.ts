import { describe, expect, it } from 'vitest';
import { createMatrix, getCell, setCell, summarizeMatrix } from '../../../src/main/strategies/matrix';
import { alwaysLargest, alwaysSmallest, defaultPreferences, fromPicks, pairOracle, pickAt, randomStrategy, routerSweep, unavailableStrategy } from '../../../src/main/strategies/strategies';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { sixByThree } from '../../fixtures/strategies/six-by-three';

describe('measured matrix', () => {
  it('stores cells compactly with explicit missing values', () => {
    const m = createMatrix({ device: 'd', prompts: [{ id: 'a', text: 'q', subject: 's' }], models: [{ id: 'x', size_mb: 10 }, { id: 'y', size_mb: 20 }] });
    expect(getCell(m, 0, 1)).toEqual({ correct: null, latency_ms: null, energy_j: null, simulated: false });
    setCell(m, 0, 1, { correct: true, latency_ms: 12.5, energy_j: null, simulated: true });
    expect(getCell(m, 0, 1)).toEqual({ correct: 1, latency_ms: 12.5, energy_j: null, simulated: true });
    expect(summarizeMatrix(m)).toMatchObject({ cells: 2, measuredCells: 1, simulatedCells: 1, cellsWithEnergy: 0 });
    expect(() => setCell(m, 1, 0, { correct: 1 })).toThrow(RangeError);
    expect(() => createMatrix({ device: 'd', prompts: [], models: [{ id: 'x', size_mb: 1 }, { id: 'x', size_mb: 2 }] })).toThrow(/Duplicate/);
  });
});

describe('strategies', () => {
  const m = sixByThree();

  it('always-largest / always-smallest by size, ties to the first in model order', () => {
    expect(Array.from(alwaysLargest(m).picks)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(Array.from(alwaysSmallest(m).picks)).toEqual([0, 0, 0, 0, 0, 0]);
    const tie = createMatrix({ device: 'd', prompts: [{ id: 'a', text: '', subject: '' }], models: [{ id: 'a', size_mb: 5 }, { id: 'b', size_mb: 9 }, { id: 'c', size_mb: 9 }, { id: 'd', size_mb: 5 }] });
    expect(alwaysLargest(tie).picks[0]).toBe(1);
    expect(alwaysSmallest(tie).picks[0]).toBe(0);
  });

  it('random is reproducible from its seed (mulberry32)', () => {
    expect(Array.from(randomStrategy(m, 7).picks)).toEqual(Array.from(randomStrategy(m, 7).picks));
    expect(Array.from(randomStrategy(m, 7).picks)).not.toEqual(Array.from(randomStrategy(m, 8).picks));
    // First outputs of mulberry32(1), a published reference sequence of the generator.
    const r = mulberry32(1);
    expect(r.next()).toBeCloseTo(0.6270739405881613, 12);
    expect(r.next()).toBeCloseTo(0.002735721180215478, 12);
  });

  it('fromPicks keeps nulls as unavailable and rejects non-indices', () => {
    const s = fromPicks('x', [0, null, 2, undefined, -1], { nModels: 3 });
    expect(Array.from(s.picks)).toEqual([0, -1, 2, -1, -1]);
    expect(pickAt(s, 1)).toBeNull();
    expect(pickAt(s, 2)).toBe(2);
    expect(() => fromPicks('x', [3], { nModels: 3 })).toThrow(RangeError);
    expect(unavailableStrategy('claude', 3, 'invalid key').unavailable).toEqual({ reason: 'invalid key' });
  });

  it('pair oracle calls the strong model only when the weak is wrong and the strong right', () => {
    expect(Array.from(pairOracle(m, 0, 2).picks)).toEqual([0, 2, 2, 0, 0, 0]);
  });

  it('router sweep calls the callback per prompt and preference', () => {
    const prefs = defaultPreferences();
    expect(prefs.length).toBe(101);
    expect(prefs[0]).toBe(0);
    expect(prefs[50]).toBe(0.5);
    expect(prefs[100]).toBe(1);
    const calls: Array<[number, number]> = [];
    const sweep = routerSweep(2, (p, pref) => {
      calls.push([p, pref]);
      return pref >= 0.5 ? 1 : p === 0 ? null : 0;
    }, [0, 1], 'r');
    expect(calls).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(sweep.strategies.map((s) => Array.from(s.picks))).toEqual([[-1, 0], [1, 1]]);
    expect(sweep.strategies[1]!.name).toBe('r@1.00');
  });
});
