import { describe, expect, it } from 'vitest';
import { buildProfile, validateMatrix } from '../../../src/main/routing/build-profile';
import { wilson95 } from '../../../src/main/routing/estimate';
import { compileRouter, decide } from '../../../src/main/routing/route';
import { clusterSummaries } from '../../../src/main/routing/inspect';
import { RoutingError } from '../../../src/main/routing/errors';
import type { TrainingMatrix } from '../../../src/main/routing/build-profile';
import { plantedMatrix } from './synthetic';

const now = new Date('2025-01-01T00:00:00Z');

describe('buildProfile on a small synthetic matrix', () => {
  // Two clearly separated topics; K fixed at 2 and no validation: every prompt trains.
  const { matrix, topicOf } = plantedMatrix({ topics: 2, perTopic: 12, models: 3 });
  // Leave a few cells unmeasured.
  matrix.correctness[0]![1] = null;
  matrix.correctness[5]![2] = null;

  it('without descriptions (out-of-fold fits): the same clusters and tables, no info or silhouette', async () => {
    const opts = { k: 2, validationFraction: 0, minClusterSize: 1, now };
    const full = (await buildProfile(matrix, opts)).profile;
    const bare = (await buildProfile(matrix, { ...opts, describe: false })).profile;
    expect(full.clusters.info).not.toBeNull();
    expect(full.clusters.silhouette).not.toBeNull();
    expect(bare.clusters.info).toBeNull();
    expect(bare.clusters.silhouette).toBeNull();
    expect(bare.clusters.centroids).toEqual(full.clusters.centroids);
    expect(bare.models).toEqual(full.models);
    expect(bare.evaluation!.k_selection.entries[0]!.silhouette).toBeNull();
  });

  it('error counts, n and raw rates equal the counts in the matrix', async () => {
    const { profile } = await buildProfile(matrix, { k: 2, validationFraction: 0, minClusterSize: 1, now, priorStrength: 4 });
    expect(profile.clusters.k).toBe(2);
    // Map clusters to topics through the stored cluster subjects.
    const topicOfCluster = profile.clusters.info!.map((i) => Number(i.top_subjects[0]!.subject.replace('topic', '')));
    expect(new Set(topicOfCluster).size).toBe(2);
    profile.models.forEach((model, j) => {
      const all = matrix.correctness.map((r) => r[j]).filter((y) => y !== null);
      const p0 = all.filter((y) => y === 0).length / all.length;
      expect(model.overall_error_rate).toBe(p0);
      for (let c = 0; c < 2; c++) {
        const rows = matrix.correctness.filter((_, i) => topicOf[i] === topicOfCluster[c]).map((r) => r[j]);
        const n = rows.filter((y) => y !== null).length;
        const e = rows.filter((y) => y === 0).length;
        expect(model.n![c]).toBe(n);
        expect(model.errors![c]).toBe(e);
        expect(model.raw_error_rates![c]).toBe(e / n);
        expect(model.error_rates[c]).toBeCloseTo((e + 4 * p0) / (n + 4), 15);
        expect(model.ci95![c]).toEqual(wilson95(e, n));
      }
    });
    expect(profile.evaluation!.split.validation_ids).toEqual([]);
    expect(profile.evaluation!.k_selection.mode).toBe('fixed');
    expect(profile.provenance).toMatchObject({ source: 'measured', run_ids: ['run-1'], devices: ['pixel-8'], n_prompts: 24, seed: 42 });
    expect(profile.provenance.prompt_set_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(profile.created_at).toBe(now.toISOString());
    expect(profile.models[1]!.costs['pixel-8']!.latency_ms).toEqual({ value: 80, method: 'median wall clock', samples: 20 });
  });

  it('is deterministic, records the split and routes by measured latency', async () => {
    const a = await buildProfile(matrix, { k: { min: 1, max: 4 }, validationFraction: 0.25, minClusterSize: 1, now, costMetric: { kind: 'latency', device: 'pixel-8' } });
    const b = await buildProfile(matrix, { k: { min: 1, max: 4 }, validationFraction: 0.25, minClusterSize: 1, now, costMetric: { kind: 'latency', device: 'pixel-8' } });
    expect(a.profile).toEqual(b.profile);
    expect(a.profile.checksum).toBe(b.profile.checksum);
    const ev = a.profile.evaluation!;
    expect(ev.split.train_ids.length + ev.split.validation_ids.length).toBe(24);
    expect(ev.split.validation_ids.length).toBe(6);
    expect(ev.k_selection.entries.map((e) => e.k)).toEqual([1, 2, 3, 4]);
    const router = compileRouter(a.profile);
    expect(Array.from(router.cost)).toEqual([50, 80, 110]);
    expect(Array.from(router.costNorm)).toEqual([0, 0.5, 1]);
    // preference 0 (lambda 2): cost dominates -> the cheapest model.
    expect(decide(router, 0, 0).modelId).toBe('model-0');
    const summary = clusterSummaries(a.profile);
    expect(summary.length).toBe(a.profile.clusters.k);
    expect(summary[0]!.top_terms.length).toBeGreaterThan(0);
    expect(summary[0]!.examples.length).toBeGreaterThan(0);
  });

  it('rejects a malformed matrix naming the field', () => {
    const bad = structuredClone(matrix) as TrainingMatrix;
    bad.correctness[3] = [1, 0];
    bad.costs.push({ model_id: 'nope', device_id: 'pixel-8' });
    expect(() => validateMatrix(bad)).toThrow(/correctness\[3\]: expected 3 values.*costs\[3\]\.model_id: unknown model "nope"/);
    const bad2 = structuredClone(matrix) as unknown as { correctness: unknown[][] };
    bad2.correctness[2]![0] = 0.5;
    expect(() => validateMatrix(bad2)).toThrow(RoutingError);
    expect(() => validateMatrix(bad2)).toThrow(/correctness\[2\]\[0\]/);
  });
});
