/** The router-cmd and picks families: rows like any strategy, incomplete per prompt, unavailable with the reason. */
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../../src/main/strategies/registry';
import { preferencesFor } from '../../../src/main/strategies/sweep';
import { LexicalFeatureCache } from '../../../src/main/strategies/lexical-cache';
import type { ExternalRouters, StrategyContext } from '../../../src/main/strategies/family';
import { MemoryLlmReplyCache } from '../../../src/main/strategies/llm-router/cache';
import { sixByThree } from '../../fixtures/strategies/six-by-three';

function context(external: ExternalRouters, prefs = [0.5]): StrategyContext {
  const matrix = sixByThree();
  return {
    matrix,
    group: 'g',
    costMetric: 'size',
    folds: 2,
    k: 2,
    seed: 1,
    preferences: preferencesFor(prefs),
    runIds: ['run-1'],
    profile: null,
    cache: new LexicalFeatureCache(matrix.prompts.map((p) => p.text)),
    llm: { apiKey: () => undefined, model: () => 'm', baseUrl: () => undefined, keyReason: () => 'no key', cache: new MemoryLlmReplyCache(), concurrency: 1 },
    external,
    hooks: {},
    progress: () => {},
  };
}

const lines = (o: object[]) => o.map((x) => JSON.stringify(x)).join('\n');

describe('picks family', () => {
  it('scores a complete picks file as one row; per preference as one row each and a sweep', async () => {
    const all = await STRATEGIES.picks.run(context({ routerCommand: null, picks: { text: lines([0, 1, 2, 3, 4, 5].map((i) => ({ id: `p${i}`, model: i % 2 ? 'l' : 's' }))), name: 'mine' } }));
    expect(all.rows.map((r) => r.strategy.name)).toEqual(['mine']);
    expect(Array.from(all.rows[0]!.strategy.picks)).toEqual([0, 2, 0, 2, 0, 2]);
    expect(all.rows[0]!.strategy.meta?.incomplete).toBeUndefined();
    expect(all.rows[0]!.info).toMatchObject({ strategy: 'picks', preference: null });
    const per = await STRATEGIES.picks.run(context({ routerCommand: null, picks: { text: lines([0.2, 0.8].flatMap((preference) => [0, 1, 2, 3, 4, 5].map((i) => ({ id: `p${i}`, model: preference > 0.5 ? 'l' : 's', preference })))) } }));
    expect(per.rows.map((r) => [r.strategy.name, r.info.preference])).toEqual([['picks@0.20', 0.2], ['picks@0.80', 0.8]]);
    expect(per.sweeps).toHaveLength(1);
  });

  it('a file with prompts missing: the row is incomplete with the count; a refused file: unavailable with its first problem', async () => {
    const part = await STRATEGIES.picks.run(context({ routerCommand: null, picks: { text: lines([{ id: 'p0', model: 'm' }, { id: 'p1', model: 'm' }]) } }));
    expect(part.rows[0]!.strategy.meta?.incomplete).toMatchObject({ answered: 2, failed: 4, counts: { missing: 4 } });
    expect(part.notes.join('\n')).toMatch(/picks: INCOMPLETE: 4 of 6 prompts without a pick \(missing 4\)/);
    const bad = await STRATEGIES.picks.run(context({ routerCommand: null, picks: { text: lines([{ id: 'p0', model: 'gpt-9' }]) } }));
    expect(bad.rows[0]!.strategy.unavailable?.reason).toMatch(/the picks file was refused \(1 problem\)/);
    expect(bad.notes[0]).toMatch(/line 1, "model": unknown model "gpt-9" \(this campaign's models: s, m, l\)/);
  });

  it('without a file or a command the rows are unavailable and say where to give one (a command only on the CLI)', async () => {
    const none = context({ routerCommand: null, picks: null });
    expect((await STRATEGIES.picks.run(none)).rows[0]!.strategy.unavailable?.reason).toBe('no picks file was given');
    expect((await STRATEGIES['router-cmd'].run(none)).rows[0]!.strategy.unavailable?.reason).toMatch(/--router-cmd .*pages and the HTTP API cannot start programs/);
    expect(STRATEGIES['router-cmd'].unavailable({ profileGiven: false, llm: none.llm, routerCommandGiven: true })).toBeNull();
    expect(STRATEGIES.picks.unavailable({ profileGiven: false, llm: none.llm })).toMatch(/upload one/);
  });
});
