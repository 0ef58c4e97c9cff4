import { describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../../../src/shared/api/campaigns';
import {
  accuracyBar,
  accuracyColor,
  buildCampaignRequest,
  campaignProgressView,
  canResume,
  datasetText,
  distributionStrip,
  figureRow,
  heatmapRows,
  initialCampaignForm,
  newerProgress,
  pooledFirst,
  pooledModels,
  stripScale,
  toggled,
} from '../../../../src/renderer/src/campaigns/campaign-view';
import { makeDistribution, makeFigures } from '../fixtures/runs';

function makeCampaignProgress(over: Partial<CampaignProgress> = {}): CampaignProgress {
  return {
    campaignId: 'camp-0001',
    status: 'running',
    done: 12,
    total: 48,
    etaMs: 60_000,
    message: 'Measuring',
    at: 1_000,
    devices: [
      {
        serial: '127.0.0.1:5555',
        runId: 'run-1',
        state: 'measuring',
        phase: 'prompts',
        modelId: 'lfm2-350m',
        done: 6,
        total: 24,
        etaMs: 30_000,
        message: 'lfm2-350m: 6/24',
        powerW: 1.3236,
        tokensPerSec: 58.593,
        tempC: 27.1,
        batteryPct: 81,
      },
      {
        serial: 'S2',
        runId: 'run-2',
        state: 'waiting-device',
        phase: null,
        modelId: null,
        done: 6,
        total: 24,
        etaMs: null,
        message: 'S2 is offline; waiting',
        powerW: null,
        tokensPerSec: null,
        tempC: null,
        batteryPct: null,
      },
    ],
    ...over,
  };
}

describe('campaign start form', () => {
  const form = { ...initialCampaignForm(), devices: ['S1', 'S2'], models: ['gemma-270m'], n: '20', reps: '2', seed: ' s1 ' };

  it('builds the request the contract accepts, leaving blanks to the lab’s defaults', () => {
    expect(buildCampaignRequest(form)).toEqual({
      ok: true,
      request: { devices: ['S1', 'S2'], models: ['gemma-270m'], dataset: 'starter', n: 20, reps: 2, warmup: 1, seed: 's1', energyMethod: 'auto' },
    });
    const path = buildCampaignRequest({ ...form, dataset: '', datasetPath: ' /data/mmlu ', maxTokens: '32', warmup: '' });
    expect(path.ok && path.request).toMatchObject({ dataset: '/data/mmlu', maxTokens: 32 });
    expect(path.ok && 'warmup' in path.request).toBe(false);
  });

  it('names every missing or wrong field', () => {
    expect(buildCampaignRequest(initialCampaignForm())).toEqual({
      ok: false,
      errors: ['Pick at least one device.', 'Pick at least one model.'],
    });
    const bad = buildCampaignRequest({ ...form, dataset: '', datasetPath: '', n: '0', reps: '101', warmup: '-1' });
    expect(bad).toEqual({
      ok: false,
      errors: [
        'Pick a prompt set, or give the path of an MMLU folder, CSV or JSONL file.',
        'n (prompts) must be a whole number from 1 to 1\u2009000\u2009000.',
        'Repetitions must be a whole number from 1 to 100.',
        'Warm-up prompts must be a whole number from 0 to 20.',
      ],
    });
    expect(buildCampaignRequest({ ...form, n: '' })).toEqual({ ok: false, errors: ['n (prompts) is required.'] });
    expect(buildCampaignRequest({ ...form, n: '500' }, 42)).toEqual({ ok: false, errors: ['n is 500 but the prompt set has 42 prompts.'] });
    // The contract's own checks come through (a device listed twice).
    const dup = buildCampaignRequest({ ...form, devices: ['S1', 'S1'] });
    expect(!dup.ok && dup.errors[0]).toMatch(/^devices: A device is listed twice/);
  });

  it('toggles selections in picking order', () => {
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
  });

  it('describes prompt sets', () => {
    expect(datasetText({ spec: 'mmlu', label: 'MMLU', kind: 'download', size: 14042, subjects: 57, note: null })).toBe('MMLU · 14\u2009042 prompts · 57 subjects');
    expect(datasetText({ spec: 'starter', label: 'Starter set', kind: 'builtin', size: null, subjects: null, note: 'x' })).toBe('Starter set');
  });
});

describe('campaign progress', () => {
  it('shows overall counts, ETA and per-device live figures', () => {
    const v = campaignProgressView(makeCampaignProgress(), 11_000);
    expect(v).toMatchObject({ status: 'running', percent: 25, counts: '12 of 48 prompt results', eta: 'about 50 s left', finished: false, tone: 'info' });
    expect(v.devices[0]).toMatchObject({
      state: 'measuring',
      model: 'lfm2-350m',
      counts: '6 / 24',
      percent: 25,
      eta: 'about 20 s left',
      power: '1.32 W',
      tokens: '58.6 tok/s',
      temp: '27.1 °C',
      battery: '81%',
    });
    expect(v.devices[1]).toMatchObject({ state: 'paused: device offline', tone: 'warn', model: '—', power: '—', eta: null, battery: '—' });
    const done = campaignProgressView(makeCampaignProgress({ status: 'done', done: 48 }), 0);
    expect(done).toMatchObject({ finished: true, eta: null, percent: 100, tone: 'ok' });
  });

  it('keeps the newest snapshot of a campaign', () => {
    const a = makeCampaignProgress({ at: 5 });
    expect(newerProgress(a, makeCampaignProgress({ at: 3 }))).toBe(a);
    const b = makeCampaignProgress({ at: 9 });
    expect(newerProgress(a, b)).toBe(b);
    expect(newerProgress(null, a)).toBe(a);
  });

  it('offers resume only for stopped runs no other lab owns', () => {
    expect(canResume('interrupted', false)).toBe(true);
    expect(canResume('cancelled', false)).toBe(true);
    expect(canResume('partial', false)).toBe(true);
    expect(canResume('done', false)).toBe(false);
    expect(canResume('running', false)).toBe(false);
    expect(canResume('interrupted', true)).toBe(false);
  });
});

describe('campaign figures', () => {
  it('places accuracy and its 95% interval on a 0-100 track and says what it rests on', () => {
    const bar = accuracyBar(makeFigures());
    expect(bar.value).toBeCloseTo(16.667, 2);
    expect(bar.lo).toBeCloseTo(6.96, 2);
    expect(bar.hi).toBeCloseTo(36.61, 2);
    expect(bar.text).toBe('17% (7–37%, 95% CI)');
    expect(bar.detail).toBe('4 of 24 correct · 2 unparsable (counted wrong)');
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
    expect(distributionStrip('m', makeDistribution({ n: 0, min: null, max: null, p50: null }), scale, String)).toBeNull();
    expect(stripScale([makeDistribution({ n: 0, min: null, max: null })])).toBeNull();
    // All values equal: the scale still has a width.
    expect(stripScale([makeDistribution({ min: 0, max: 0 })])).toEqual({ lo: 0, hi: 1 });
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
});
