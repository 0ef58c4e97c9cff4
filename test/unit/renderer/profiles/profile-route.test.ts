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

  it('takes a pasted embedding instead of a prompt for a router profile the lab cannot embed for', () => {
    const v = (text: string) => buildRouteRequest('prof-aaaaaaaa', '', 0.5, 'size', { text, dim: 3 });
    expect(v('')).toEqual({ ok: false, errors: ['Paste or upload the prompt’s embedding (3 numbers): this router profile’s embedder runs outside the lab.'] });
    expect(v('[1, 2]')).toEqual({ ok: false, errors: ['The embedding has 2 numbers; this router profile’s embedder gives 3.'] });
    expect(v('[1, "x", 3]')).toEqual({ ok: false, errors: ['The embedding: (document)[1]: expected a finite number, got "x".'] });
    expect(v('{"embedding": [0.1, 0.2, 0.3]}')).toEqual({ ok: true, request: { profileId: 'prof-aaaaaaaa', embedding: [0.1, 0.2, 0.3], preference: 0.5, costMetric: 'size' } });
    expect(buildRouteRequest('prof-aaaaaaaa', 'note', 0.5, 'size', { text: '0.1 0.2,0.3', dim: 3 })).toEqual({
      ok: true,
      request: { profileId: 'prof-aaaaaaaa', prompt: 'note', embedding: [0.1, 0.2, 0.3], preference: 0.5, costMetric: 'size' },
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
