import { describe, expect, it } from 'vitest';
import { buildCompareRequest, defaultStrategies, initialCompareForm, parsePreferences, strategyOptions } from '../../../../src/renderer/src/compare/compare-form';

describe('compare form: strategies and the request', () => {
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
        'The “profile” strategy needs a stored router profile: pick one.',
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
});
