import { describe, expect, it } from 'vitest';
import { COMPARE_STRATEGIES } from '../../../src/shared/api/strategies';
import { STRATEGIES } from '../../../src/main/strategies/registry';
import { preferencesFor } from '../../../src/main/strategies/sweep';
import { LexicalFeatureCache } from '../../../src/main/strategies/lexical-cache';
import type { StrategyContext } from '../../../src/main/strategies/family';
import { MemoryLlmReplyCache } from '../../../src/main/strategies/llm-router/cache';
import { sixByThree } from '../../fixtures/strategies/six-by-three';

function context(over: Partial<StrategyContext> = {}): StrategyContext {
  const matrix = sixByThree();
  return {
    matrix,
    group: 'g',
    costMetric: 'size',
    folds: 2,
    k: 2,
    seed: 1,
    preferences: preferencesFor([0.5]),
    runIds: ['run-1'],
    profile: null,
    cache: new LexicalFeatureCache(matrix.prompts.map((p) => p.text)),
    llm: { apiKey: () => undefined, model: () => 'm', baseUrl: () => undefined, keyReason: () => 'no key', cache: new MemoryLlmReplyCache(), concurrency: 1 },
    external: { routerCommand: null, picks: null },
    hooks: {},
    progress: () => {},
    ...over,
  };
}

describe('strategy registry', () => {
  it('has one family per strategy id, by that id', () => {
    expect(Object.keys(STRATEGIES).sort()).toEqual([...COMPARE_STRATEGIES].sort());
    for (const id of COMPARE_STRATEGIES) expect(STRATEGIES[id].id).toBe(id);
  });

  it('says why a family cannot run (no key, no router profile) and otherwise nothing', () => {
    const env = { profileGiven: false, llm: { keyReason: () => 'no Claude API key' } };
    expect(STRATEGIES.claude.unavailable(env)).toBe('no Claude API key');
    expect(STRATEGIES.profile.unavailable(env)).toMatch(/router profile/);
    expect(STRATEGIES.oracle.unavailable(env)).toBeNull();
  });

  it('every family gives rows for a group; routers also a sweep at 101 preferences; a missing key is an unavailable row', async () => {
    const ctx = context();
    for (const id of COMPARE_STRATEGIES) {
      const out = await STRATEGIES[id].run(ctx);
      expect(out.rows.length, id).toBeGreaterThan(0);
      for (const r of out.rows) expect(r.strategy.picks).toHaveLength(ctx.matrix.nPrompts);
    }
    const router = await STRATEGIES.router.run(ctx);
    expect(router.sweeps[0]!.sweep.strategies).toHaveLength(101);
    expect(router.rows.map((r) => r.strategy.name)).toEqual(['router@0.50']);
    expect(router.outOfFold?.audit.verified).toBe(true);
    const claude = await STRATEGIES.claude.run(ctx);
    expect(claude.rows[0]!.strategy.unavailable?.reason).toBe('no key');
    const profile = await STRATEGIES.profile.run(ctx);
    expect(profile.rows[0]!.strategy.unavailable?.reason).toMatch(/no router profile/);
  });
});
