import { describe, expect, it } from 'vitest';
import type { ProfileComparison } from '../../../../src/shared/api/profiles';
import {
  clusterViews,
  costMetricKey,
  costMetricLabel,
  costRows,
  embedderText,
  parseCostMetricKey,
  profileComparisonView,
  profileRow,
} from '../../../../src/renderer/src/profiles/profiles-view';
import { makeDetail } from '../fixtures/profiles';

describe('profiles view: detail', () => {
  it('summarises a profile row', () => {
    expect(profileRow(makeDetail())).toMatchObject({ name: 'virtual K2', source: 'built from runs', k: '2', models: 'gemma-270m, qwen-600m', embedder: 'lexical (hashed n-grams, 512-d)', simulated: true, isDefault: false, prompts: '16' });
    expect(embedderText({ type: 'external', dim: 1024, model: 'cactus/qwen-600m' })).toBe('cactus/qwen-600m (1024-d)');
  });
  it('describes clusters for the inspector', () => {
    const [a, b] = clusterViews(makeDetail());
    expect(a).toEqual({ cluster: 0, size: '9', subjects: 'high school physics (5)', terms: 'force, mass', examples: [{ id: 'p1', text: 'What is force?' }] });
    expect(b).toMatchObject({ size: '—', subjects: '—', terms: '—', examples: [] });
  });


  it('formats the cost table with method and sample count', () => {
    expect(costRows(makeDetail())).toEqual([
      {
        key: 'gemma-270m@127.0.0.1:5555',
        modelId: 'gemma-270m',
        device: '127.0.0.1:5555',
        latency: '758 ms',
        latencyHow: 'median of 16 prompts, engine total_time_ms · 16 samples',
        energy: '512 mJ',
        energyHow: 'median gross · 16 samples',
        tps: '41.2 tok/s',
        tpsHow: 'median · 16 samples',
        tpsFlag: null,
        ram: '—',
        ramHow: '',
      },
    ]);
  });

  it('flags a median decode speed of 0 tok/s (one-token replies) instead of showing it as a speed', () => {
    const d = makeDetail();
    d.costs[0]!.decodeTokS = { value: 0, method: 'median of 16 prompts: engine decode_tps', samples: 16 };
    expect(costRows(d)[0]!.tpsFlag).toMatchObject({ label: 'no decode' });
  });

  it('round-trips cost metric choices', () => {
    for (const m of makeDetail().costMetrics) expect(parseCostMetricKey(costMetricKey(m))).toEqual(m.kind === 'size' ? { costMetric: 'size' } : { costMetric: m.kind, costDevice: m.device });
    expect(costMetricLabel({ kind: 'latency', device: 'X' })).toBe('measured latency on X');
  });
});

describe('profiles view: two profiles side by side', () => {
  it('describes model sets, K and error-rate differences', () => {
    const d = makeDetail();
    const c: ProfileComparison = {
      a: d,
      b: { ...d, id: 'prof-bbbbbbbb', name: 'B', k: 3 },
      models: { both: ['gemma-270m'], onlyA: ['qwen-600m'], onlyB: [] },
      k: { a: 2, b: 3 },
      sameClusters: false,
      errorRates: [
        { modelId: 'gemma-270m', a: 0.6, b: 0.5, diff: -0.1, perClusterDiff: null },
        { modelId: 'x', a: null, b: 0.5, diff: null, perClusterDiff: null },
      ],
      costs: [{ modelId: 'gemma-270m', device: 'd', latencyMs: { a: 758, b: 800.4 }, energyJ: { a: 0.5, b: null } }],
      sizeMb: [],
    };
    const v = profileComparisonView(c);
    expect(v.models).toBe('1 in both · only in A: qwen-600m');
    expect(v.k).toBe('A 2 · B 3');
    expect(v.errors).toEqual([
      { modelId: 'gemma-270m', a: '60.0%', b: '50.0%', diff: '−10.0 pt', tone: 'ok' },
      { modelId: 'x', a: '—', b: '50.0%', diff: '—', tone: 'muted' },
    ]);
    expect(v.costs[0]).toMatchObject({ latency: '758 ms → 800 ms', energy: '0.500 J → —' });
  });
});
