/** The measured oracle on the comparison's cost metric (unsolved prompts charged to the smallest model). */
import type { StrategyFamily } from '../family';
import { plainRow } from '../family';
import { measuredOracle } from '../strategies';

export const oracleFamily: StrategyFamily = {
  id: 'oracle',
  label: 'Measured oracle',
  description: 'Per prompt, the cheapest model that answered correctly; unsolved prompts are charged to the smallest model.',
  unavailable: () => null,
  run: async (ctx) => ({ rows: [{ strategy: measuredOracle(ctx.matrix, ctx.costMetric), info: plainRow('oracle') }], sweeps: [], notes: [] }),
};
