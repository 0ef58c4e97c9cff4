/**
 * Routing strategies a comparison can include, and whether each can run now. Plain types and zod only: the
 * renderer bundles this file.
 */
import { z } from 'zod';
import { method } from './method';

/** Strategy families a comparison can include (src/main/strategies/registry.ts has one entry each). */
export const COMPARE_STRATEGIES = ['router', 'profile', 'oracle', 'claude', 'gemini', 'largest', 'smallest', 'random', 'router-cmd', 'picks'] as const;
export type CompareStrategyId = (typeof COMPARE_STRATEGIES)[number];

export const strategiesMethods = {
  /** Which strategies can run now (keys, a router profile given...) and why not. */
  list: method<StrategyAvailability[]>()(
    z
      .object({
        profileId: z.string().min(1).max(200).optional(),
        profileJson: z.string().min(2).max(50 * 1024 * 1024).optional(),
        /** A picks file is given with the comparison (strategy `picks`). */
        picksGiven: z.boolean().optional(),
      })
      .strict(),
  ),
} as const;

/** Whether a strategy can run now, and why not. */
export interface StrategyAvailability {
  id: CompareStrategyId;
  label: string;
  available: boolean;
  /** Why not (e.g. "no Claude key: set one in Settings or ANTHROPIC_API_KEY"). */
  reason: string | null;
  /** One line on what the strategy is. */
  description: string;
}
