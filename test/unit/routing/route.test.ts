import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { candidateMask, compileRouter, decide, route, routeText, routeTextSync } from '../../../src/main/routing/route';
import { embedderFromSpec } from '../../../src/main/routing/embedder';
import { withChecksum } from '../../../src/main/routing/profile-v2';
import { RoutingError } from '../../../src/main/routing/errors';
import { plantedMatrix } from './synthetic';

const { matrix } = plantedMatrix({ topics: 2, perTopic: 10, models: 4 });
const { profile } = await buildProfile(matrix, { k: 2, validationFraction: 0, minClusterSize: 1, now: new Date(0) });

describe('route', () => {
  it('scores err + lambda * normalised cost and picks the lowest, ties to profile order', () => {
    // Equal error rates everywhere: cost decides at lambda > 0, profile order at lambda = 0.
    const flat = withChecksum({ ...profile, models: profile.models.map((m) => ({ ...m, error_rates: [0.3, 0.3] })) });
    const r = compileRouter(flat);
    expect(decide(r, 0, 1).modelId).toBe('model-0'); // lambda 0: all tie -> first
    expect(decide(r, 1, 0).modelId).toBe('model-0');
    const res = decide(r, 0, 0.5);
    expect(res.lambda).toBe(1);
    expect(Array.from(res.scores)).toEqual([0.3, 0.3 + 1 / 3, 0.3 + 2 / 3, 1.3]);
  });

  it('uses measured latency or energy on a device, normalised over all models', () => {
    const lat = compileRouter(profile, { costMetric: { kind: 'latency', device: 'pixel-8' } });
    expect(Array.from(lat.cost)).toEqual([50, 80, 110, 140]);
    const en = compileRouter(profile, { costMetric: { kind: 'energy', device: 'pixel-8' } });
    expect(en.costNorm[0]).toBe(0);
    expect(en.costNorm[3]).toBe(1);
    expect(() => compileRouter(profile, { costMetric: { kind: 'latency', device: 'galaxy' } })).toThrow(/not measured for models\[0\]/);
  });

  it('filters by availability and capability; normalisation still spans all models', () => {
    const r = compileRouter(profile);
    const vision = candidateMask(r, { requiredCapabilities: ['vision'] });
    const res = decide(r, 0, 0, vision);
    expect(['model-1', 'model-3']).toContain(res.modelId);
    expect(Number.isNaN(res.scores[0]!)).toBe(true);
    expect(res.scores[1]).toBe(profile.models[1]!.error_rates[0]! + 2 * (1 / 3));
    expect(() => candidateMask(r, { available: ['model-0'], requiredCapabilities: ['vision'] })).toThrow(RoutingError);
  });

  it('routes text end to end, sync and async, reusing an out object', async () => {
    const r = compileRouter(profile);
    const emb = embedderFromSpec(profile.embedder);
    const text = matrix.prompts[3]!.text;
    const a = await routeText(r, emb, text, 0.7);
    const out = { cluster: -1, scores: new Float64Array(4), pick: -1, modelId: '', lambda: 0 };
    const b = routeTextSync(r, emb, text, 0.7, r.allModels, out);
    expect(b).toBe(out);
    expect(b.modelId).toBe(a.modelId);
    expect(b.cluster).toBe(a.cluster);
    expect(() => route(r, new Float32Array(3), 0.5)).toThrow(/embedding has 3 values/);
  });

  it('raw error source falls back to the estimate where n = 0', () => {
    const r = compileRouter(profile, { errorSource: 'raw' });
    expect(r.err[0]).toBe(profile.models[0]!.raw_error_rates![0] ?? profile.models[0]!.error_rates[0]);
  });
});
