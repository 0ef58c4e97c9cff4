import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../../src/shared/api/campaigns';
import type { RunSummary } from '../../../src/shared/runs';
import {
  breakdownView,
  buildCompareRequest,
  compareProgressView,
  defaultStrategies,
  formatCost,
  formatSaving,
  groupSimulatedNote,
  initialCompareForm,
  outOfFoldText,
  parsePreferences,
  pct,
  resultSimulated,
  runChoiceGroups,
  shareList,
  sideBySide,
  strategyOptions,
  tableRow,
  tableRows,
} from '../../../src/renderer/src/compare/compare-view';
import { makeGroup, makeResult, makeRow } from './compare-fixtures';

describe('compare view: formatting', () => {
  it('formats fractions, savings and costs', () => {
    expect(pct(0.625)).toBe('62.5%');
    expect(pct(null)).toBe('—');
    expect(formatSaving(0.2883)).toBe('+28.8%');
    expect(formatSaving(-0.05)).toBe('−5.0%');
    expect(formatSaving(0)).toBe('0.0%');
    expect(formatSaving(null)).toBe('—');
    expect(formatCost(394, 'size')).toBe('394 MB');
    expect(formatCost(812.6, 'latency')).toBe('813 ms');
    expect(formatCost(2.114, 'energy')).toBe('2.11 J');
    expect(formatCost(0.5, 'energy')).toBe('500 mJ');
  });

  it('orders the share per model, dropping zero shares', () => {
    expect(shareList({ a: 0.25, b: 0.75, c: 0 })).toEqual([
      { model: 'b', share: 0.75 },
      { model: 'a', share: 0.25 },
    ]);
  });
});

describe('compare view: the side-by-side table', () => {
  it('turns a measured row into the seed table’s columns', () => {
    const r = tableRow(makeRow(), 'energy');
    expect(r).toMatchObject({
      name: 'router@0.50',
      preference: '0.50',
      prompts: '40',
      accuracy: '62.5%',
      ci: '46.8%–75.8%',
      meanSize: '280 MB',
      meanLatency: '813 ms',
      p95Latency: '1490 ms',
      energy: '2.11 J',
      saveSize: '+28.8%',
      saveLatency: '+18.0%',
      saveEnergy: '−5.0%',
      agreeOracle: '40.0%',
      agreeClaude: '—',
      deferralArea: '0.034',
      qnc: '1.99 J',
      share: 'qwen-600m 75% · gemma-270m 25%',
      onTraining: false,
      simulated: true,
      llm: null,
    });
  });

  it('says how many prompts were scored when not all were', () => {
    expect(tableRow(makeRow({ scored: 30 }), 'size').prompts).toBe('30 of 40 scored');
  });

  it('marks rows evaluated on training prompts and keeps unavailable reasons', () => {
    const rows = tableRows(makeGroup({ rows: [makeRow({ evaluatedOnTraining: true }), makeRow({ name: 'gemini', strategy: 'gemini', unavailable: 'invalid key' })] }), 'energy');
    expect(rows[0]!.onTraining).toBe(true);
    expect(rows[1]!.unavailable).toBe('invalid key');
  });

  it('describes LLM router usage with the cost as an estimate', () => {
    const r = tableRow(
      makeRow({ name: 'claude', strategy: 'claude', llm: { provider: 'anthropic', model: 'claude-opus', templateVersion: 'v1', apiCalls: 10, cacheHits: 30, retries: 1, tokensIn: 5000, tokensOut: 40, estimatedCostUsd: 0.0123, unknownModelReplies: 0 } }),
      'energy',
    );
    expect(r.llm).toMatch(/10 calls, 30 cached, 1 retries/);
    expect(r.llm).toMatch(/estimate from tokens/);
  });
});

describe('compare view: honesty labels', () => {
  it('flags simulated groups and results', () => {
    expect(groupSimulatedNote(makeGroup())).toMatch(/^SIMULATED: every figure of 127\.0\.0\.1:5555/);
    expect(groupSimulatedNote(makeGroup({ simulated: 'some' }))).toMatch(/^PARTLY SIMULATED/);
    expect(groupSimulatedNote(makeGroup({ simulated: 'none' }))).toBeNull();
    expect(resultSimulated(makeResult())).toBe('all');
    expect(resultSimulated(makeResult([makeGroup({ simulated: 'none' }), makeGroup({ key: 'b' })]))).toBe('some');
    expect(resultSimulated(makeResult([makeGroup({ simulated: 'none' })]))).toBe('none');
  });

  it('states the out-of-fold audit', () => {
    expect(outOfFoldText(makeGroup())).toMatch(/^5-fold cross-fitting \(seed 42, stratified\): every prompt was routed once/);
    expect(outOfFoldText(makeGroup({ outOfFold: null }))).toBeNull();
  });
});

describe('compare view: breakdown and groups side by side', () => {
  it('lays the breakdown out by table row', () => {
    const g = makeGroup();
    const v = breakdownView(g.breakdown.subject, g.rows.map((r) => r.name), 'energy');
    expect(v.columns).toEqual(['router@0.50', 'always-largest']);
    expect(v.rows[0]!.cells.map((c) => c.accuracy)).toEqual(['60%', '70%']);
    expect(v.rows[0]!.cells[0]!.title).toMatch(/10 scored of 10/);
  });

  it('aligns two groups by row name', () => {
    const a = makeGroup();
    const b = makeGroup({ key: 'b', device: 'b', deviceModel: null, rows: [makeRow({ accuracy: 0.5 })] });
    const v = sideBySide([a, b]);
    expect(v.groups.map((g) => g.title)).toEqual(['Pixel 8 Pro · 127.0.0.1:5555', 'b']);
    const router = v.rows.find((r) => r.name === 'router@0.50')!;
    expect(router.cells.map((c) => c?.accuracy)).toEqual(['62.5%', '50.0%']);
    expect(v.rows.find((r) => r.name === 'always-largest')!.cells[1]).toBeNull();
    // Unavailable rows show no figures.
    expect(v.rows.find((r) => r.name === 'claude')!.cells[0]).toBeNull();
  });
});

describe('compare view: strategies and the form', () => {
  const available = strategyOptions([
    { id: 'claude', label: 'Claude', available: false, reason: 'no Claude key: set one in Settings or ANTHROPIC_API_KEY', description: 'LLM router' },
    { id: 'router', label: 'Router', available: true, reason: null, description: 'out of fold' },
    { id: 'profile', label: 'Profile', available: false, reason: 'pick a profile', description: 'stored profile' },
    { id: 'oracle', label: 'Oracle', available: true, reason: null, description: 'cheapest correct' },
  ]);

  it('orders strategies, keeps reasons and links key problems to Settings', () => {
    expect(available.map((o) => o.id)).toEqual(['router', 'profile', 'oracle', 'claude']);
    expect(available.find((o) => o.id === 'claude')).toMatchObject({ available: false, settingsLink: true });
    expect(available.find((o) => o.id === 'profile')).toMatchObject({ available: false, settingsLink: false, reason: 'pick a profile' });
    expect(defaultStrategies(available)).toEqual(['router', 'oracle']);
  });

  it('parses preferences', () => {
    expect(parsePreferences('0.8, 0.2 0.5;0.5')).toEqual({ ok: true, values: [0.2, 0.5, 0.8] });
    expect(parsePreferences('')).toMatchObject({ ok: false });
    expect(parsePreferences('1.5')).toMatchObject({ ok: false, error: expect.stringMatching(/1\.5/) });
    expect(parsePreferences(Array.from({ length: 22 }, (_, i) => String(i / 100)).join(','))).toMatchObject({ ok: false });
  });

  it('takes defaults from settings', () => {
    expect(initialCompareForm({ compareFolds: 3, compareK: null, compareCostMetric: 'latency' })).toMatchObject({ folds: '3', k: 'auto', costMetric: 'latency' });
    expect(initialCompareForm({ compareFolds: 5, compareK: 8, compareCostMetric: 'size' }).k).toBe('8');
  });

  it('builds a valid request and names what is wrong', () => {
    const form = { ...initialCompareForm(), runIds: ['aaaaaaaa-1111'], folds: '2', k: '3', preferences: '0.5' };
    const ok = buildCompareRequest(form);
    expect(ok).toEqual({
      ok: true,
      request: { runIds: ['aaaaaaaa-1111'], strategies: ['router', 'oracle', 'largest', 'smallest'], costMetric: 'energy', preferences: [0.5], groupBy: 'device', energy: 'gross', folds: 2, k: 3, seed: 42 },
    });
    expect(buildCompareRequest({ ...form, k: 'auto' })).toMatchObject({ ok: true, request: { k: 'auto' } });
    const bad = buildCompareRequest({ ...form, runIds: [], strategies: ['profile'], folds: '1', k: 'x', seed: '-1', preferences: '2' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toEqual([
        'Pick at least one run.',
        'The “profile” strategy needs a stored profile: pick one.',
        'Folds must be a whole number from 2 to 20.',
        'K (clusters per fold) must be a whole number from 1 to 64.',
        'Seed must be a whole number from 0 to 2147483647.',
        'Preferences: “2” is not a number from 0 to 1.',
      ]);
    }
    expect(buildCompareRequest({ ...form, runIds: ['bad id!'] })).toMatchObject({ ok: false, errors: ['runIds.0: Not a run or campaign id'] });
  });

  it('sends the profile only with the profile strategy', () => {
    const form = { ...initialCompareForm(), runIds: ['aaaaaaaa-1111'], profileId: 'pppppppp-1' };
    const without = buildCompareRequest(form);
    expect(without.ok && 'profileId' in without.request).toBe(false);
    const r = buildCompareRequest({ ...form, strategies: ['profile', 'router'] });
    expect(r.ok && r.request.profileId).toBe('pppppppp-1');
  });

  it('describes progress', () => {
    expect(compareProgressView({ comparisonId: 'cmp-x', phase: 'llm', group: 'dev', strategy: 'claude', done: 5, total: 20, message: '' })).toEqual({
      text: 'Asking the LLM routers · dev · claude · 5 / 20',
      percent: 25,
    });
    expect(compareProgressView({ comparisonId: 'cmp-x', phase: 'fitting', group: null, strategy: null, done: 0, total: 0, message: 'fold 1' }).percent).toBeNull();
  });
});

describe('compare view: the run picker', () => {
  const campaign = {
    id: 'camp-aaaaaaaa',
    status: 'done',
    createdAt: 2000,
    dataset: 'starter',
    setName: 'starter',
    n: 8,
    reps: 1,
    serials: ['127.0.0.1:5555', 'SER2'],
    deviceModels: ['Pixel 8 Pro', 'Galaxy'],
    modelIds: ['gemma-270m', 'qwen-600m'],
    simulated: true,
    runIds: ['run-1-aaaaaaaa', 'run-2-aaaaaaaa'],
  } as unknown as CampaignSummary;
  const run = (id: string, over: Partial<RunSummary> = {}): RunSummary => ({
    id,
    kind: 'quick',
    status: 'done',
    serial: '127.0.0.1:5555',
    deviceModel: 'Pixel 8 Pro',
    modelIds: ['gemma-270m'],
    energyMethod: null,
    simulated: true,
    createdAt: 1000,
    finishedAt: 1500,
    promptCount: 5,
    error: null,
    ...over,
  });

  it('groups device runs under their campaign and lists quick runs apart, newest first', () => {
    const groups = runChoiceGroups([campaign], [run('run-1-aaaaaaaa', { kind: 'campaign', campaignId: 'camp-aaaaaaaa', promptCount: 16 }), run('quick-aaaaaaaa'), run('live-aaaaaaaa', { status: 'running' })]);
    expect(groups.map((g) => g.key)).toEqual(['campaign:camp-aaaaaaaa', 'run:quick-aaaaaaaa']);
    expect(groups[0]!.runs.map((r) => [r.runId, r.device, r.prompts])).toEqual([
      ['run-1-aaaaaaaa', 'Pixel 8 Pro (127.0.0.1:5555)', 16],
      ['run-2-aaaaaaaa', 'Galaxy (SER2)', 0],
    ]);
    expect(groups[0]!.title).toMatch(/starter · n 8$/);
    expect(groups[1]!.kind).toBe('quick');
  });

  it('leaves running campaigns out', () => {
    expect(runChoiceGroups([{ ...campaign, status: 'running' }], [])).toEqual([]);
  });
});
