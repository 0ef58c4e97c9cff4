import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../../../../src/shared/api/profiles';
import { buildRouteRequest, routeView } from '../../../../src/renderer/src/profiles/profile-route';
import { makeDetail } from '../fixtures/profiles';

describe('routing a prompt with a router profile', () => {
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
