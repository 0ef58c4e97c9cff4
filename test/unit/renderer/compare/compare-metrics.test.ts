import { describe, expect, it } from 'vitest';
import { METRIC_HELP, bestSingle, deferralView, pairView, qncView } from '../../../../src/renderer/src/compare/compare-metrics';
import { makeGroup, makePareto, makeRow } from '../fixtures/compare';

describe('routing metrics in words', () => {
  it('explains every metric in one line', () => {
    for (const line of Object.values(METRIC_HELP)) {
      expect(line).not.toMatch(/\n/);
      expect(line.length).toBeGreaterThan(60);
    }
    expect(METRIC_HELP.qnc).toMatch(/best single model’s accuracy/);
    expect(METRIC_HELP.apgr).toMatch(/weak and the strong model/);
  });

  it('takes the most accurate single model as the reference, the cheaper one on a tie, ignoring unmeasured ones', () => {
    // The fixture's "broken" model (accuracy 0.5, cost NaN) has no measured cost.
    expect(bestSingle(makePareto())).toEqual({ model: 'qwen-600m', cost: 2.44, accuracy: 0.375 });
    const tie = makePareto({ models: [{ model: 'a', cost: 3, accuracy: 0.5 }, { model: 'b', cost: 2, accuracy: 0.5 }] });
    expect(bestSingle(tie)?.model).toBe('b');
    expect(bestSingle(makePareto({ models: [] }))).toBeNull();
  });
});

describe('QNC', () => {
  it('is a multiple of the best single model’s cost, said so in its tooltip', () => {
    const v = qncView(makeRow({ qnc: 0.62 }), makeGroup(), 'energy');
    expect(v.text).toBe('0.62×');
    expect(v.reason).toBeNull();
    expect(v.title).toMatch(/reaches the best single model’s accuracy \(qwen-600m, 37\.5%\) at 0\.62× its energy\.$/);
  });

  it('says why a router has none: no preference reaches the best single model', () => {
    // The fixture's router curve tops out at 37.5% = qwen-600m's: make the best model better than the whole curve.
    const group = makeGroup();
    group.pareto.energy = makePareto({ models: [{ model: 'gemma-270m', cost: 2.04, accuracy: 0.25 }, { model: 'qwen-600m', cost: 2.44, accuracy: 0.45 }] });
    const v = qncView(makeRow({ qnc: null }), group, 'energy');
    expect(v.text).toBe('—');
    expect(v.reason).toBe(
      'No preference of the router reaches the best single model’s accuracy (qwen-600m, 45.0%); its best is 37.5%, so there is no cost at which it is quality-neutral.',
    );
  });

  it('says it is not computed for fixed strategies, strategies that did not run, or a curve without costs', () => {
    expect(qncView(makeRow({ strategy: 'oracle', qnc: null }), makeGroup(), 'energy').reason).toMatch(/^Not computed: QNC is defined for a router swept/);
    expect(qncView(makeRow({ unavailable: 'no key', qnc: null }), makeGroup(), 'energy').reason).toBe('This strategy did not run.');
    const bare = makeGroup();
    bare.pareto.latency = makePareto({ cost: 'latency', unit: 'ms', curves: [] });
    expect(qncView(makeRow({ qnc: null }), bare, 'latency').reason).toMatch(/curve has no point with a measured latency/);
  });

  it('explains the deferral area, and why fixed strategies have none', () => {
    expect(deferralView(makeRow())).toEqual({ text: '0.034', title: METRIC_HELP.deferralArea });
    expect(deferralView(makeRow({ strategy: 'largest', deferralArea: null })).title).toMatch(/not for one fixed strategy/);
  });
});

describe('RouteLLM pair', () => {
  it('prints APGR and CPT, and why one is missing', () => {
    const p = pairView({ sweep: 'router', weak: 'gemma-270m', strong: 'qwen-600m', apgr: 0.4123, cpt: { '50%': 0.38, '80%': null } });
    expect(p.text).toBe('router: gemma-270m → qwen-600m · APGR 0.412 · CPT(50%) 38.0% · CPT(80%) —');
    expect(p.reasons).toEqual(['CPT(80%) —: no preference of the router recovers 80% of the gap between gemma-270m and qwen-600m.']);
    const same = pairView({ sweep: 'router', weak: 'a', strong: 'b', apgr: null, cpt: {} });
    expect(same.reasons[0]).toMatch(/same accuracy here, so there is no gap to recover/);
  });
});
