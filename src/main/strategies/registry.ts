/**
 * Routing strategies by name (RouteLLM's routers.py way): adding a strategy is one family file (family.ts is the
 * interface) and one line here; the comparison never asks which strategy it is.
 */
import type { CompareStrategyId } from '../../shared/api/compare';
import { largestFamily, randomFamily, smallestFamily } from './families/baselines';
import { picksFamily, routerCmdFamily } from './families/external';
import { llmFamily } from './families/llm';
import { oracleFamily } from './families/oracle';
import { profileFamily } from './families/profile';
import { routerFamily } from './families/router';
import type { StrategyFamily } from './family';

export const STRATEGIES: Readonly<Record<CompareStrategyId, StrategyFamily>> = {
  router: routerFamily,
  profile: profileFamily,
  oracle: oracleFamily,
  claude: llmFamily('claude', 'anthropic'),
  gemini: llmFamily('gemini', 'gemini'),
  largest: largestFamily,
  smallest: smallestFamily,
  random: randomFamily,
  'router-cmd': routerCmdFamily,
  picks: picksFamily,
};
