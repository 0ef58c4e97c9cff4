/**
 * Profiles in a real SQLite file with the real migrations: import (v2, seed v1), export, list, get, compare, delete,
 * the embedding cache, the shipped default profile (validates, routes, imported once), and import errors that name
 * the field.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../src/main/api/lab-error';
import { toLabError } from '../../../src/main/api/error-map';
import { ProfilesService } from '../../../src/main/profiles/service';
import { DEFAULT_PROFILE_NAME, findDefaultProfile } from '../../../src/main/profiles/files';
import { EmbeddingCache, ProfileRepository } from '../../../src/main/profiles/repository';
import { buildProfile, parseAnyProfile, parseProfileV2, serializeProfileV2 } from '../../../src/main/routing';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { tempDir } from '../../helpers/temp-dir';
import { SEED_PROFILE } from '../../helpers/fixtures';
import { plantedMatrix } from '../../unit/routing/synthetic';

const repo = resolve(import.meta.dirname, '../../..');
const seedText = readFileSync(SEED_PROFILE, 'utf8');

let dir: ReturnType<typeof tempDir>;
let db: Db;
let service: ProfilesService;

const profilesOn = (d: Db, home: string) => new ProfilesService({ repository: new ProfileRepository(d), cache: new EmbeddingCache(d), home });

beforeAll(() => {
  dir = tempDir('aurora-profiles-store-');
  db = openDatabase(join(dir.path, 'lab.sqlite'));
  service = profilesOn(db, dir.path);
});
afterAll(() => {
  db?.close();
  dir?.cleanup();
});

async function builtV2(seed: number): Promise<string> {
  const { profile } = await buildProfile(plantedMatrix({ topics: 3, perTopic: 12, models: 3, seed }).matrix, { k: 3, seed, nInit: 1 });
  return serializeProfileV2(profile);
}

describe('router profiles (real migrations)', () => {
  it('imports the shipped default once on a fresh home, never again (even after a delete), and it routes', async () => {
    const file = findDefaultProfile();
    expect(file).toBe(resolve(repo, 'profiles/default-virtual.json'));
    const d = service.ensureDefault(file);
    expect(d).toMatchObject({ name: DEFAULT_PROFILE_NAME, isDefault: true, simulated: true, source: 'imported-v2', embeddable: 'lexical' });
    expect(service.ensureDefault(file)).toBeNull();
    expect(profilesOn(db, dir.path).ensureDefault(file)).toBeNull();
    expect(service.list().filter((p) => p.isDefault)).toHaveLength(1);

    // It validates (checksum included), covers the virtual phones' models, and routes.
    const p = parseProfileV2(readFileSync(file!));
    expect(p.provenance.simulated).toBe(true);
    expect(p.provenance.notes).toMatch(/SIMULATED/);
    expect(p.models.map((m) => m.id)).toEqual(expect.arrayContaining(['gemma-270m', 'qwen-600m', 'qwen-1.7b', 'lfm2-vl-1.6b']));
    const quality = await service.route({ profileId: d!.id }, { prompt: 'What is the derivative of x^2 with respect to x?', preference: 1 });
    const small = await service.route({ profileId: d!.id }, { prompt: 'What is the derivative of x^2 with respect to x?', preference: 0 });
    expect(quality.embeddedWith).toBe('lexical');
    expect(quality.scores).toHaveLength(p.models.length);
    // The rule of profiles/README.md, by size (the default's cost metric), written out here.
    const expectedPick = (cluster: number, pref: number) => {
      const lambda = 2 - pref * 2;
      const sizes = p.models.map((m) => m.size_mb);
      const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
      let best = '';
      let bestScore = Infinity;
      for (const m of p.models) {
        const s = m.error_rates[cluster]! + lambda * ((m.size_mb - lo) / (hi - lo));
        if (s < bestScore) [best, bestScore] = [m.id, s];
      }
      return best;
    };
    expect(p.routing.cost_metric).toEqual({ kind: 'size' });
    expect(small.pick).toBe(expectedPick(small.cluster, 0));
    expect(quality.pick).toBe(expectedPick(quality.cluster, 1));
    const vision = await service.route({ profileId: d!.id }, { prompt: 'Describe this picture', requiredCapabilities: ['vision'] });
    expect(['lfm2-vl-450m', 'lfm2-vl-1.6b']).toContain(vision.pick);
    expect(vision.scores.filter((s) => s.candidate)).toHaveLength(2);

    expect(service.delete(d!.id)).toBe(true);
    expect(service.ensureDefault(file)).toBeNull();
    expect(service.list().some((x) => x.isDefault)).toBe(false);
  });

  it('imports v2 and seed v1, lists newest first, gets detail, exports, compares and deletes', async () => {
    const a = service.importText(await builtV2(1), 'synthetic A');
    const b = service.importText(await builtV2(2), 'synthetic B');
    const seed = service.importText(seedText);
    expect(a).toMatchObject({ name: 'synthetic A', source: 'imported-v2', formatVersion: 2, k: 3, embeddable: 'lexical', simulated: false });
    expect(seed).toMatchObject({ source: 'imported-seed-v1', k: 5, embeddable: 'needs-embedding', embedder: { type: 'external', dim: 768, model: 'BAAI/bge-base-en-v1.5' } });
    expect(service.list().slice(0, 3).map((s) => s.id)).toEqual([seed.id, b.id, a.id]);

    const detail = service.get(a.id);
    expect(detail.clusters).toHaveLength(3);
    expect(detail.heatmap.cells).toHaveLength(detail.modelIds.length);
    const cell = detail.heatmap.cells[0]![0]!;
    expect(cell.n).not.toBeNull();
    expect(cell.ci95![0]).toBeLessThanOrEqual(cell.ci95![1]);
    expect(detail.costMetrics[0]).toEqual({ kind: 'size' });
    expect(service.get(seed.id).heatmap.cells[0]![0]!.n).toBeNull();

    // v2 export is the stored body byte for byte (lossless); seed v1 export of a seed import gives the same content.
    const v2 = service.export({ profileId: a.id }, 'v2');
    expect(v2.dropped).toEqual([]);
    expect(parseProfileV2(v2.json)).toEqual(service.profile(a.id));
    const v1 = service.export({ profileId: seed.id }, 'seed-v1');
    expect(v1.dropped).toEqual([]);
    expect(JSON.parse(v1.json)).toEqual(JSON.parse(seedText));
    const v1Lossy = service.export({ profileId: a.id }, 'seed-v1');
    expect(v1Lossy.dropped.length).toBeGreaterThan(0);
    expect(parseAnyProfile(v1Lossy.json).models.map((m) => m.error_rates)).toEqual(service.profile(a.id).models.map((m) => m.error_rates));

    const cmp = service.compare(a.id, b.id);
    expect(cmp.k).toEqual({ a: 3, b: 3 });
    expect(cmp.models.onlyA).toEqual([]);
    expect(cmp.sameClusters).toBe(false);
    expect(cmp.errorRates.every((e) => e.diff !== null && Math.abs(e.diff - (e.b! - e.a!)) < 1e-12)).toBe(true);
    const vsSeed = service.compare(a.id, seed.id);
    expect(vsSeed.models.both).toEqual([]);
    expect(vsSeed.models.onlyB).toHaveLength(12);

    // A seed v1 profile routes only with the prompt's embedding, checked for its dimension.
    await expect(service.route({ profileId: seed.id }, { prompt: 'x' })).rejects.toMatchObject({ code: 'bad-request', issues: [{ path: 'embedding' }] });
    await expect(service.route({ profileId: seed.id }, { prompt: 'x', embedding: [1, 2, 3] })).rejects.toThrow(/768/);
    const emb = service.profile(seed.id).clusters.centroids[2]!;
    expect((await service.route({ profileId: seed.id }, { prompt: 'x', embedding: emb })).cluster).toBe(2);

    expect(service.delete(b.id)).toBe(true);
    expect(service.delete(b.id)).toBe(false);
    expect(() => service.get(b.id)).toThrow(LabError);
    expect(service.list().map((s) => s.id)).not.toContain(b.id);
  });

  it('refuses malformed files with the field named', async () => {
    const good = JSON.parse(await builtV2(3)) as Record<string, unknown> & { models: Array<{ error_rates: unknown[] }> };
    good.models[1]!.error_rates[2] = 1.5;
    const err = (() => {
      try {
        service.importText(JSON.stringify(good));
      } catch (e) {
        // What the API answers (dispatch maps the routing error to a bad request naming the field).
        return toLabError(e);
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LabError);
    expect(err!.code).toBe('bad-request');
    expect(err!.issues).toContainEqual({ path: 'models[1].error_rates[2]', message: expect.stringMatching(/\[0,1\].*1\.5/) });
    expect(() => service.importText('{"version": "1.0", "metadata": {}}')).toThrow(/metadata\.n_clusters/);
    expect(() => service.importText('{"format": "aurora-lab-profile", ')).toThrow(/line 1/);
    const edited = (await builtV2(4)).replace('"lambda_max":2', '"lambda_max":3');
    expect(() => service.importText(edited)).toThrow(/checksum/);
  });

  it('caches embeddings per (embedder, text) as float32', () => {
    const v = Float32Array.from([0.5, -0.25, 1e-7, 3]);
    service.cache.put('key-a', 'hello', v);
    expect(service.cache.get('key-a', 'hello')).toEqual(v);
    expect(service.cache.get('key-b', 'hello')).toBeNull();
    expect(service.cache.get('key-a', 'hello ')).toBeNull();
    expect(service.cache.anyDim('key-a')).toBe(4);
  });
});
