import { describe, expect, it } from 'vitest';
import {
  accuracyBar,
  accuracyColor,
  distributionStrip,
  figureRow,
  heatmapRows,
  pooledFirst,
  pooledModels,
  stripScale,
} from '../../../../src/renderer/src/campaigns/campaign-figures';
import { decodeSpeedFlag, netEnergyFlag } from '../../../../src/renderer/src/ui/plausibility';
import { makeDistribution, makeFigures } from '../fixtures/runs';

describe('campaign figures', () => {
  it('places accuracy and its 95% interval on a 0-100 track and says what it rests on', () => {
    const bar = accuracyBar(makeFigures());
    expect(bar.value).toBeCloseTo(16.667, 2);
    expect(bar.lo).toBeCloseTo(6.96, 2);
    expect(bar.hi).toBeCloseTo(36.61, 2);
    expect(bar.text).toBe('17% (7–37%, 95% CI)');
    expect(bar.detail).toBe('4 of 24 correct · 2 unparsable (counted wrong)');
    expect(bar.chance?.label).toBe('small sample');
    expect(bar.chance?.reason).toMatch(/^16\.7% on n = 24 is below chance \(25%, a random guess among 4 choices\); 95% interval 7%–37%\. The interval includes chance/);
    expect(accuracyBar(makeFigures({ accuracy: 0.5, correct: 12, ci95: [0.31, 0.69] })).chance).toBeNull();
    const none = accuracyBar(makeFigures({ scored: 0, correct: 0, accuracy: null, ci95: null, unparsable: 0 }));
    expect(none).toMatchObject({ value: null, lo: null, text: 'not scored', detail: '24 results, none with an answer key' });
  });

  it('orders pooled rows first, by the run’s model order, then per device', () => {
    const models = [
      makeFigures({ modelId: 'b', serial: 'S1' }),
      makeFigures({ modelId: 'a', serial: 'S2' }),
      makeFigures({ modelId: 'b', serial: null }),
      makeFigures({ modelId: 'a', serial: null }),
      makeFigures({ modelId: 'a', serial: 'S1' }),
    ];
    expect(pooledFirst(models, ['b', 'a']).map((m) => `${m.modelId}@${m.serial ?? '*'}`)).toEqual(['b@*', 'a@*', 'b@S1', 'a@S1', 'a@S2']);
    expect(pooledModels(models, ['a', 'b']).map((m) => m.modelId)).toEqual(['a', 'b']);
    // A one-device run without pooled rows uses its device rows.
    expect(pooledModels([makeFigures({ modelId: 'a', serial: 'S1' })], ['a'])).toHaveLength(1);
    expect(pooledModels([makeFigures({ serial: 'S1' }), makeFigures({ serial: 'S2' })], ['gemma-270m'])).toEqual([]);
  });

  it('draws distributions on one shared scale', () => {
    const a = makeDistribution({ min: 100, max: 500, p10: 120, p50: 240, p90: 450 });
    const b = makeDistribution({ min: 200, max: 1000, p10: 300, p50: 500, p90: 900 });
    const scale = stripScale([a, b])!;
    expect(scale).toEqual({ lo: 0, hi: 1000 });
    const s = distributionStrip('m', a, scale, (v) => `${v} ms`)!;
    expect(s).toMatchObject({ min: 10, p10: 12, p50: 24, p90: 45, max: 50 });
    expect(s.text).toBe('median 240 ms · p10 120 ms · p90 450 ms · n 10');
    expect(s.flags).toEqual([]);
    expect(distributionStrip('m', makeDistribution({ n: 0, min: null, max: null, p50: null }), scale, String)).toBeNull();
    expect(stripScale([makeDistribution({ n: 0, min: null, max: null })])).toBeNull();
    // All values equal: the scale still has a width.
    expect(stripScale([makeDistribution({ min: 0, max: 0 })])).toEqual({ lo: 0, hi: 1 });
  });

  it('flags decode quantiles of 0 tok/s (one-token replies) and net energy quantiles below idle instead of printing them as measured', () => {
    const d = makeDistribution({ n: 40, min: 0, max: 75, p10: 0, p50: 73.3, p90: 75.3 });
    const s = distributionStrip('m', d, stripScale([d])!, (v) => `${v.toFixed(1)} tok/s`, decodeSpeedFlag)!;
    expect(s.text).toBe('median 73.3 tok/s · p10 no decode (0.0 tok/s) · p90 75.3 tok/s · n 40');
    expect(s.flags).toHaveLength(1);
    expect(s.flags[0]).toMatch(/at most one token/);
    // Only the minimum at 0: the quantiles are speeds, but the strip still says some replies had none.
    const low = makeDistribution({ n: 40, min: 0, max: 75, p10: 6.7, p50: 73.3, p90: 75.3 });
    expect(distributionStrip('m', low, stripScale([low])!, String, decodeSpeedFlag)!.flags).toHaveLength(1);
    const e = makeDistribution({ n: 40, min: -0.4, max: 1.2, p10: -0.211, p50: 0.6, p90: 0.9 });
    const es = distributionStrip('m', e, stripScale([e])!, (v) => `${v.toFixed(3)} J`, (v) => netEnergyFlag(v, 'This quantile'))!;
    expect(es.text).toBe('median 0.600 J · p10 below idle (-0.211 J) · p90 0.900 J · n 40');
  });

  it('builds the model × subject heatmap with colours from red to green', () => {
    const rows = heatmapRows(
      ['arithmetic', 'world_geography'],
      ['gemma-270m', 'lfm2-350m'],
      [
        { modelId: 'gemma-270m', subject: 'arithmetic', scored: 4, correct: 0, accuracy: 0 },
        { modelId: 'gemma-270m', subject: 'world_geography', scored: 4, correct: 2, accuracy: 0.5 },
        { modelId: 'lfm2-350m', subject: 'arithmetic', scored: 4, correct: 4, accuracy: 1 },
      ],
    );
    expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['0%', '50%'],
      ['100%', '—'],
    ]);
    expect(rows[0]!.cells[1]!.title).toBe('gemma-270m · world geography: 2 of 4 correct');
    expect(rows[1]!.cells[1]!.color).toBeNull();
    expect(accuracyColor(0)).toBe('hsl(0, 62%, 88%)');
    expect(accuracyColor(1)).toBe('hsl(130, 62%, 58%)');
    expect(accuracyColor(2)).toBe(accuracyColor(1));
  });

  it('formats the per-model figures row', () => {
    expect(figureRow(makeFigures({ failed: 1 }))).toMatchObject({
      results: '24',
      accuracy: '17%',
      medianTtft: '240',
      medianDecode: '73.3',
      medianTotal: '645',
      meanNetJ: '0.604',
      meanGrossJ: '1.119',
      jPerToken: '0.0325',
      failed: 1,
    });
  });

  it('says what each figure is (method and n) and flags the impossible ones', () => {
    const row = figureRow(makeFigures());
    expect(row.titles.medianDecode).toBe('Median of 10 prompts: the engine’s decode_tps; includes one-token replies, which the engine reports as 0 tok/s (no decode step)');
    expect(row.titles.medianTtft).toBe('Median of 10 prompts: the engine’s time_to_first_token_ms');
    expect(row.titles.accuracy).toBe('4 of 24 scored prompts correct; 95% Wilson interval 7%–37%');
    expect(row.flags).toEqual({});
    const bad = figureRow(makeFigures({ decodeTps: makeDistribution({ min: 0, p10: 0, p50: 0, p90: 0.5 }), meanEnergyJ: -0.211, energyPerOutputTokenJ: -0.01 }));
    expect(bad.flags.medianDecode?.label).toBe('no decode');
    expect(bad.flags.meanNetJ?.reason).toMatch(/^The mean over these prompts measured -0\.211 J net/);
    expect(bad.flags.jPerToken?.label).toBe('below idle');
  });
});

describe('what the server left out of the figures (ModelFigures.decodeExcluded, belowIdle, meterGap)', () => {
  it('says how many one-token replies are out of decode tok/s and how many energy windows were flagged', () => {
    const row = figureRow(makeFigures({ decodeExcluded: 3, belowIdle: 2, meterGap: 1, decodeTps: makeDistribution({ n: 21, min: 40, p10: 52, p50: 73.3 }) }));
    expect(row.flags.medianDecode).toBeUndefined();
    expect(row.titles.medianDecode).toMatch(/Median of 21 prompts: .*; 3 replies of at most one token left out/);
    expect(row.titles.meanNetJ).toMatch(/3 flagged windows \(below idle or across a meter gap\) left out/);
    expect(row.excluded).toEqual([
      'gemma-270m: 3 replies of at most one generated token left out of decode tok/s (no decode step to time; the engine reports 0 tok/s).',
      'gemma-270m: 2 energy windows below the idle baseline and 1 energy window across a gap in the meter readings flagged and left out of the energy figures (not measurements; the Run page shows each reason).',
    ]);
  });

  it('says nothing when nothing was left out', () => {
    expect(figureRow(makeFigures()).excluded).toEqual([]);
  });
});
