import { describe, expect, it } from 'vitest';
import type { ProfileComparison, ProfileDetail, RouteDecision } from '../../../../src/shared/api/profiles';
import {
  buildHeatmapOption,
  buildProfileRequest,
  buildProgressView,
  buildRouteRequest,
  clusterViews,
  costMetricKey,
  costMetricLabel,
  costRows,
  embedderText,
  heatCellText,
  importErrorLines,
  initialBuildForm,
  parseCostMetricKey,
  profileComparisonView,
  profileRow,
  routeView,
} from '../../../../src/renderer/src/profiles/profiles-view';

function makeDetail(over: Partial<ProfileDetail> = {}): ProfileDetail {
  return {
    id: 'prof-aaaaaaaa',
    name: 'virtual K2',
    createdAt: 1_764_000_000_000,
    builtAt: '2026-11-26T20:00:00Z',
    formatVersion: 2,
    source: 'built',
    checksum: 'sha256:abc',
    simulated: true,
    isDefault: false,
    k: 2,
    modelIds: ['gemma-270m', 'qwen-600m'],
    embedder: { type: 'lexical-hash-v1', dim: 512, model: null },
    embeddable: 'lexical',
    runIds: ['run-aaaaaaaa'],
    devices: ['127.0.0.1:5555'],
    promptSetFingerprint: null,
    nPrompts: 16,
    seed: 42,
    clusters: [
      { cluster: 0, size: 9, topSubjects: [{ subject: 'high_school_physics', count: 5 }], topTerms: ['force', 'mass'], examples: [{ id: 'p1', text: 'What  is\nforce?' }] },
      { cluster: 1, size: 0, topSubjects: [], topTerms: [], examples: [] },
    ],
    heatmap: {
      models: [
        { id: 'gemma-270m', sizeMb: 172, capabilities: [], overallErrorRate: 0.6 },
        { id: 'qwen-600m', sizeMb: 394, capabilities: [], overallErrorRate: 0.4 },
      ],
      cells: [
        [
          { errorRate: 0.55, rawErrorRate: 0.6, errors: 3, n: 5, ci95: [0.23, 0.88] },
          { errorRate: 0.7, rawErrorRate: null, errors: null, n: null, ci95: null },
        ],
        [
          { errorRate: 0.3, rawErrorRate: 0.2, errors: 1, n: 5, ci95: [0.04, 0.62] },
          { errorRate: Number.NaN, rawErrorRate: null, errors: null, n: null, ci95: null },
        ],
      ],
    },
    costs: [
      {
        modelId: 'gemma-270m',
        device: '127.0.0.1:5555',
        latencyMs: { value: 758.4, method: 'median of 16 prompts, engine total_time_ms', samples: 16 },
        energyJ: { value: 0.512, method: 'median gross', samples: 16 },
        decodeTokS: { value: 41.23, method: 'median', samples: 16 },
        peakRamMb: null,
      },
    ],
    routing: { lambdaMin: 0, lambdaMax: 1, defaultPreference: 0.5, costMetric: { kind: 'size' } },
    costMetrics: [{ kind: 'size' }, { kind: 'energy', device: '127.0.0.1:5555' }],
    estimation: { priorStrength: 2 },
    evaluation: null,
    notes: null,
    buildOptions: {},
    ...over,
  };
}

describe('profiles view: list and build form', () => {
  it('summarises a profile row', () => {
    expect(profileRow(makeDetail())).toMatchObject({ name: 'virtual K2', source: 'built from runs', k: '2', models: 'gemma-270m, qwen-600m', embedder: 'lexical (hashed n-grams, 512-d)', simulated: true, isDefault: false, prompts: '16' });
    expect(embedderText({ type: 'external', dim: 1024, model: 'cactus/qwen-600m' })).toBe('cactus/qwen-600m (1024-d)');
  });

  it('builds a lexical request with a fixed K', () => {
    const form = { ...initialBuildForm(), runIds: ['run-aaaaaaaa'], kMode: 'fixed' as const, k: '2', name: ' e2e ' };
    expect(buildProfileRequest(form, 'build-1')).toEqual({ ok: true, request: { runIds: ['run-aaaaaaaa'], k: 2, embedder: 'lexical', seed: 42, name: 'e2e', buildId: 'build-1' } });
  });

  it('builds an auto-K device request and names what is wrong', () => {
    const form = { ...initialBuildForm(), runIds: ['run-aaaaaaaa'], embedder: 'device' as const, deviceSerial: '127.0.0.1:5555', embedModel: 'qwen-600m', kMin: '2', kMax: '6' };
    expect(buildProfileRequest(form)).toEqual({
      ok: true,
      request: { runIds: ['run-aaaaaaaa'], k: 'auto', embedder: 'device', kMin: 2, kMax: 6, deviceSerial: '127.0.0.1:5555', embedModel: 'qwen-600m', seed: 42 },
    });
    const bad = buildProfileRequest({ ...initialBuildForm(), embedder: 'device', kMin: '9', kMax: '3', seed: 'x' });
    expect(bad).toEqual({
      ok: false,
      errors: ['Pick at least one run.', 'The device embedder needs a phone to embed on.', 'K from must not exceed K to.', 'Seed must be a whole number from 0 to 2147483647.'],
    });
    expect(buildProfileRequest({ ...initialBuildForm(), runIds: ['r-aaaaaaaa'], kMode: 'fixed', k: '65' })).toMatchObject({ ok: false, errors: ['K must be a whole number from 1 to 64.'] });
  });

  it('describes build progress', () => {
    expect(buildProgressView({ buildId: 'b', phase: 'embedding', message: 'on the phone', done: 4, total: 16, at: 1 })).toEqual({ text: 'Embedding the prompts · 4 / 16 prompts — on the phone', percent: 25, failed: false, done: false });
    expect(buildProgressView({ buildId: 'b', phase: 'failed', message: 'boom', done: null, total: null, at: 1 })).toMatchObject({ percent: null, failed: true });
  });

  it('lists field-named import errors', () => {
    expect(importErrorLines('Invalid profile', [{ path: 'models[3].error_rates[7]', message: 'not a finite number' }])).toEqual(['models[3].error_rates[7]: not a finite number']);
    expect(importErrorLines('The file is empty', null)).toEqual(['The file is empty']);
  });
});

describe('profiles view: detail', () => {
  it('describes clusters for the inspector', () => {
    const [a, b] = clusterViews(makeDetail());
    expect(a).toEqual({ cluster: 0, size: '9', subjects: 'high school physics (5)', terms: 'force, mass', examples: [{ id: 'p1', text: 'What is force?' }] });
    expect(b).toMatchObject({ size: '—', subjects: '—', terms: '—', examples: [] });
  });

  it('builds the error-rate heatmap: model × cluster with counts and intervals in the tooltip', () => {
    const d = makeDetail();
    const option = buildHeatmapOption(d, { simulated: true });
    expect((option.xAxis as { data: string[] }).data).toEqual(['c0', 'c1']);
    expect((option.yAxis as { data: string[] }).data).toEqual(['gemma-270m', 'qwen-600m']);
    const series = (option.series as Array<{ type: string; data: Array<{ value: number[] }> }>)[0]!;
    expect(series.type).toBe('heatmap');
    // NaN cells are left out; percentages.
    expect(series.data.map((x) => x.value)).toEqual([
      [0, 0, 55],
      [1, 0, 70],
      [0, 1, 30],
    ]);
    expect((option.title as { text: string }).text).toMatch(/^SIMULATED/);
    expect(buildHeatmapOption(makeDetail({ simulated: false })).title).toBeUndefined();
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const text = formatter({ data: series.data[0] });
    expect(text).toBe('<b>gemma-270m</b> · cluster 0<br/>error rate 55.0% (used for routing)<br/>measured 3 wrong of 5 = 60.0%<br/>95% interval 23.0–88.0%');
    expect(heatCellText('m', 1, d.heatmap.cells[0]![1]!)).toMatch(/no counts/);
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
        ram: '—',
        ramHow: '',
      },
    ]);
  });

  it('round-trips cost metric choices', () => {
    for (const m of makeDetail().costMetrics) expect(parseCostMetricKey(costMetricKey(m))).toEqual(m.kind === 'size' ? { costMetric: 'size' } : { costMetric: m.kind, costDevice: m.device });
    expect(costMetricLabel({ kind: 'latency', device: 'X' })).toBe('measured latency on X');
  });
});

describe('profiles view: route a prompt', () => {
  it('validates and builds the route request', () => {
    expect(buildRouteRequest('prof-aaaaaaaa', '  ', 0.5, 'size')).toEqual({ ok: false, errors: ['Enter a prompt to route.'] });
    expect(buildRouteRequest('prof-aaaaaaaa', 'q', 1.5, 'size')).toEqual({ ok: false, errors: ['The preference must be from 0 to 1.'] });
    expect(buildRouteRequest('prof-aaaaaaaa', 'q', 0.3, 'energy:127.0.0.1:5555')).toEqual({
      ok: true,
      request: { profileId: 'prof-aaaaaaaa', prompt: 'q', preference: 0.3, costMetric: 'energy', costDevice: '127.0.0.1:5555' },
    });
  });

  it('shows every model’s score and highlights the pick', () => {
    const d = makeDetail();
    const decision: RouteDecision = {
      profileId: d.id,
      cluster: 0,
      clusterInfo: d.clusters[0]!,
      preference: 0.3,
      lambda: 0.7,
      costMetric: { kind: 'size' },
      scores: [
        { modelId: 'gemma-270m', errorRate: 0.55, cost: 172, costNorm: 0, score: 0.55, candidate: true },
        { modelId: 'qwen-600m', errorRate: 0.3, cost: 394, costNorm: 1, score: 1.0, candidate: true },
        { modelId: 'vision-m', errorRate: 0.1, cost: 420, costNorm: 1.1, score: null, candidate: false },
      ],
      pick: 'gemma-270m',
      embeddedWith: 'lexical',
    };
    const v = routeView(decision);
    expect(v.pick).toBe('gemma-270m');
    expect(v.summary).toBe('Cluster 0 · preference 0.30 → λ 0.700 · cost: model size (the seed’s) · embedded by the lab (lexical)');
    expect(v.scores.map((s) => [s.modelId, s.errorRate, s.cost, s.costNorm, s.score, s.pick, Math.round(s.bar)])).toEqual([
      ['gemma-270m', '55.0%', '172 MB', '0.000', '0.5500', true, 55],
      ['qwen-600m', '30.0%', '394 MB', '1.000', '1.0000', false, 100],
      ['vision-m', '10.0%', '420 MB', '1.100', 'filtered out', false, 0],
    ]);
    expect(v.clusterTerms).toBe('force, mass');
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
