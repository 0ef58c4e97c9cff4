import { describe, expect, it } from 'vitest';
import { qncReason, smallSampleWarning } from '../../../src/main/compare/row-notes';
import type { CurveReport } from '../../../src/main/strategies/evals/evaluation';
import { wilson } from '../../../src/shared/kit/stats';

const curve = (over: Partial<CurveReport> = {}): CurveReport => ({
  sweep: 'router',
  cost: 'energy',
  points: [{ preference: 0, cost: 1, quality: 0.4 }, { preference: 1, cost: 3, quality: 0.55 }],
  hull: [],
  models: [],
  oracle: null,
  costRange: { min: 1, max: 4 },
  aiq: null,
  deferralArea: null,
  bestSingle: { model: 'qwen-600m', cost: 4, quality: 0.6 },
  qnc: null,
  ...over,
});

describe('qncReason', () => {
  const row = { qnc: null, unavailable: null };
  it('says nothing when QNC is there', () => expect(qncReason({ qnc: 0.5, unavailable: null }, true, curve(), 'energy')).toBeNull());
  it('names the best single model and the router’s best when no preference reaches it', () => {
    expect(qncReason(row, true, curve(), 'energy')).toBe(
      'No cost preference reaches the best single model’s accuracy (qwen-600m: 60.0%); the router’s best is 55.0%, so there is no cost at which it is quality-neutral.',
    );
  });
  it('explains fixed strategies, strategies that did not run, missing costs and a zero cost', () => {
    expect(qncReason(row, false, undefined, 'energy')).toMatch(/fixed strategy is one point/);
    expect(qncReason({ qnc: null, unavailable: 'no key' }, true, undefined, 'energy')).toMatch(/did not run/);
    expect(qncReason(row, true, undefined, 'latency')).toMatch(/measured latency cost/);
    expect(qncReason(row, true, curve({ bestSingle: { model: 'm', cost: 0, quality: 0.6 } }), 'size')).toMatch(/cost of 0 MB/);
  });
});

describe('smallSampleWarning', () => {
  const ci = (k: number, n: number) => {
    const [lo, hi] = wilson(k, n)!;
    return { lo, hi };
  };
  it('warns of a small sample at n = 40 when the interval includes chance, with the interval', () => {
    const w = smallSampleWarning({ accuracy: 8 / 40, accuracyCi95: ci(8, 40), scored: 40 });
    expect(w?.kind).toBe('small-sample');
    expect(w?.n).toBe(40);
    expect(w?.message).toMatch(/^Small sample: 20\.0% on n = 40, 95% interval 10\.5%–34\.8%, which includes chance \(25\.0% on four choices\)/);
  });
  it('says below chance when even the interval’s top is under chance', () => {
    expect(smallSampleWarning({ accuracy: 50 / 1000, accuracyCi95: ci(50, 1000), scored: 1000 })?.kind).toBe('below-chance');
  });
  it('says nothing at or above chance, or without a score', () => {
    expect(smallSampleWarning({ accuracy: 0.3, accuracyCi95: ci(12, 40), scored: 40 })).toBeNull();
    expect(smallSampleWarning({ accuracy: null, accuracyCi95: null, scored: 0 })).toBeNull();
  });
});
