import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_PROFILE } from '../../helpers/fixtures';
import { parseAnyProfile, exportSeedV1, parseSeedV1, importSeedV1 } from '../../../src/main/routing/seed-v1';
import { assignCluster, candidateMask, compileRouter, decide, route } from '../../../src/main/routing/route';
import { parseProfileV2, serializeProfileV2 } from '../../../src/main/routing/profile-v2';

const fixturePath = SEED_PROFILE;
const text = readFileSync(fixturePath, 'utf8');

interface RawSeed {
  metadata: { lambda_min: number; lambda_max: number; n_clusters: number };
  cluster_centers: { cluster_centers: number[][] };
  llm_profiles: Record<string, number[]>;
  models: { model_id: string; size_mb: number; capabilities: string[] }[];
}
const raw = JSON.parse(text) as RawSeed;

/** The rule of ../shared/docs/routing.md, written independently of src/. */
function expectedPick(cluster: number, pref: number, allowed: (m: RawSeed['models'][number]) => boolean = () => true): string {
  const { lambda_min, lambda_max } = raw.metadata;
  const lambda = lambda_max - pref * (lambda_max - lambda_min);
  const sizes = raw.models.map((m) => m.size_mb);
  const min = Math.min(...sizes);
  const max = Math.max(...sizes);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const m of raw.models) {
    if (!allowed(m)) continue;
    const norm = max - min < 1e-6 ? 0 : (m.size_mb - min) / (max - min);
    const score = raw.llm_profiles[m.model_id]![cluster]! + lambda * norm;
    if (score < bestScore) {
      bestScore = score;
      best = m.model_id;
    }
  }
  return best!;
}

function rawNearest(v: number[]): number {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  let best = 0;
  let bs = -Infinity;
  raw.cluster_centers.cluster_centers.forEach((c, i) => {
    const d = c.reduce((s, x, j) => s + x * (v[j]! / norm), 0);
    if (d > bs) {
      bs = d;
      best = i;
    }
  });
  return best;
}

describe('seed profile (v1.0) import and the seed decision rule', () => {
  const profile = parseAnyProfile(text);
  const router = compileRouter(profile, { mode: 'seed' });
  const prefs = Array.from({ length: 11 }, (_, i) => i / 10);

  it('imports every model, cluster and setting', () => {
    expect(profile.clusters.k).toBe(5);
    expect(profile.embedder).toMatchObject({ type: 'external', model: 'BAAI/bge-base-en-v1.5', dim: 768 });
    expect(profile.models.map((m) => m.id)).toEqual(raw.models.map((m) => m.model_id));
    expect(profile.routing).toMatchObject({ lambda_min: 0, lambda_max: 2, default_preference: 0.5, cost_metric: { kind: 'size' } });
    for (const m of profile.models) expect(m.error_rates).toEqual(raw.llm_profiles[m.id]);
  });

  it('picks what the seed rule picks for every cluster and preference 0, 0.1, ..., 1', () => {
    let checked = 0;
    const picks = new Set<string>();
    for (let c = 0; c < raw.metadata.n_clusters; c++) {
      for (const pref of prefs) {
        const got = decide(router, c, pref);
        expect(got.modelId, `cluster ${c}, preference ${pref}`).toBe(expectedPick(c, pref));
        picks.add(got.modelId);
        checked++;
      }
    }
    expect(checked).toBe(55);
    expect(picks.size).toBeGreaterThan(2); // the sweep really moves across models
  });

  it('also with filters (vision only, a subset of available models)', () => {
    const vision = candidateMask(router, { requiredCapabilities: ['vision'] });
    const avail = ['gemma-270m', 'qwen-1.7b', 'lfm2-1.2b'];
    const subset = candidateMask(router, { available: avail });
    for (let c = 0; c < 5; c++) {
      for (const pref of prefs) {
        expect(decide(router, c, pref, vision).modelId).toBe(expectedPick(c, pref, (m) => m.capabilities.includes('vision')));
        expect(decide(router, c, pref, subset).modelId).toBe(expectedPick(c, pref, (m) => avail.includes(m.model_id)));
      }
    }
  });

  it('assigns embeddings to the centroid with the largest dot product, as the seed does', () => {
    const centers = raw.cluster_centers.cluster_centers;
    for (let c = 0; c < centers.length; c++) {
      // Each centroid itself and a mix of two centroids.
      const probes = [centers[c]!, centers[c]!.map((x, j) => x + 0.5 * centers[(c + 1) % centers.length]![j]!)];
      for (const v of probes) {
        const want = rawNearest(v);
        expect(assignCluster(router, Float32Array.from(v))).toBe(want);
        for (const pref of prefs) expect(route(router, Float32Array.from(v), pref).modelId).toBe(expectedPick(want, pref));
      }
    }
  });

  it('exports back to v1 with the same routing content, and v2 JSON round trips', () => {
    const { profile: v1, dropped } = exportSeedV1(profile);
    expect(dropped).toEqual([]);
    expect(v1.llm_profiles).toEqual(raw.llm_profiles);
    expect(v1.cluster_centers.cluster_centers).toEqual(raw.cluster_centers.cluster_centers);
    expect(v1.models).toEqual(raw.models);
    expect(v1.metadata).toEqual(raw.metadata);
    const again = importSeedV1(parseSeedV1(JSON.stringify(v1)), { now: new Date(profile.created_at) });
    expect(again).toEqual(profile);
    expect(parseProfileV2(serializeProfileV2(profile))).toEqual(profile);
  });
});
