/** Baselines: every prompt to the largest model (the reference of the savings), to the smallest, or at random. */
import type { StrategyFamily } from '../family';
import { plainRow } from '../family';
import { alwaysLargest, alwaysSmallest, randomStrategy } from '../strategies';

const always = (): null => null;

export const largestFamily: StrategyFamily = {
  id: 'largest',
  label: 'Always largest',
  description: 'Every prompt to the largest model: the reference of the savings.',
  unavailable: always,
  run: async (ctx) => ({ rows: [{ strategy: alwaysLargest(ctx.matrix), info: plainRow('largest') }], sweeps: [], notes: [] }),
};

export const smallestFamily: StrategyFamily = {
  id: 'smallest',
  label: 'Always smallest',
  description: 'Every prompt to the smallest model.',
  unavailable: always,
  run: async (ctx) => ({ rows: [{ strategy: alwaysSmallest(ctx.matrix), info: plainRow('smallest') }], sweeps: [], notes: [] }),
};

export const randomFamily: StrategyFamily = {
  id: 'random',
  label: 'Random',
  description: 'A uniformly random model per prompt (mulberry32, seeded).',
  unavailable: always,
  run: async (ctx) => ({ rows: [{ strategy: randomStrategy(ctx.matrix, ctx.seed), info: plainRow('random') }], sweeps: [], notes: [] }),
};
