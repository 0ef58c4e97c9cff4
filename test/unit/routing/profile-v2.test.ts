import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { parseProfileV2, serializeProfileV2, validateProfileV2, withChecksum } from '../../../src/main/routing/profile-v2';
import type { ProfileV2 } from '../../../src/main/routing/profile-v2';
import { parseAnyProfile, parseSeedV1, exportSeedV1, SEED_V1_DROPPED } from '../../../src/main/routing/seed-v1';
import { RoutingError } from '../../../src/main/routing/errors';
import { plantedMatrix } from './synthetic';

/** Free-form view of a profile for breaking it on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** Deep equality where numbers must be the same float64 (Object.is: also tells 0 from -0). */
function bitEqual(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    const d = bitEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

const { matrix } = plantedMatrix({ topics: 3, perTopic: 10, models: 4 });
const built = await buildProfile(matrix, { k: 3, validationFraction: 0.2, minClusterSize: 1, now: new Date('2025-01-01T00:00:00Z') });
const good: ProfileV2 = built.profile;

function mutated(edit: (p: Doc) => void, rechecksum = true): string {
  const p = structuredClone(good) as unknown as Doc;
  edit(p);
  let doc: unknown = p;
  if (rechecksum) {
    try {
      doc = withChecksum(p as ProfileV2);
    } catch {
      // non-finite numbers cannot be checksummed; validation reports them before the checksum anyway
    }
  }
  // JSON cannot carry NaN/Infinity: write them the way Python's json.dump does.
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `@@${String(v)}@@` : v)).replace(/"@@(NaN|Infinity|-Infinity)@@"/g, '$1');
}

describe('Profile v2 JSON', () => {
  it('round trips v2 -> JSON -> v2 losslessly, float bits included', () => {
    const text = serializeProfileV2(good);
    const back = parseProfileV2(text);
    expect(bitEqual(back, good)).toBeNull();
    expect(serializeProfileV2(back)).toBe(text);
    // Awkward doubles survive too.
    const odd = withChecksum({ ...good, routing: { ...good.routing, lambda_max: 0.1 + 0.2, lambda_min: 5e-324 } });
    expect(bitEqual(parseProfileV2(serializeProfileV2(odd)), odd)).toBeNull();
    expect(good.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  const cases: [string, (p: Doc) => void, RegExp][] = [
    ['centroid dimension', (p) => p.clusters.centroids[1].pop(), /clusters\.centroids\[1\]: expected 2048 values \(embedder\.dim\), got 2047/],
    ['centroid count', (p) => p.clusters.centroids.pop(), /clusters\.centroids: expected 3 centroids \(clusters\.k\), got 2/],
    ['idf length', (p) => p.embedder.idf.push(1), /embedder\.idf: expected 2048 values/],
    ['error rate count', (p) => p.models[2].error_rates.push(0.5), /models\[2\]\.error_rates: expected 3 values \(clusters\.k\), got 4/],
    ['NaN error rate', (p) => (p.models[3].error_rates[1] = NaN), /models\[3\]\.error_rates\[1\]: expected a number in \[0,1\], got NaN/],
    ['Infinity in a centroid', (p) => (p.clusters.centroids[0][7] = Infinity), /clusters\.centroids\[0\]\[7\]: expected a finite number, got Infinity/],
    ['error rate above 1', (p) => (p.models[0].error_rates[2] = 1.5), /models\[0\]\.error_rates\[2\]: expected a number in \[0,1\], got 1\.5/],
    ['negative error rate', (p) => (p.models[1].raw_error_rates[0] = -0.1), /models\[1\]\.raw_error_rates\[0\]: expected a number in \[0,1\], got -0\.1/],
    ['duplicate model', (p) => (p.models[2].id = p.models[0].id), /models\[2\]\.id: duplicate model id "model-0" \(also models\[0\]\)/],
    ['unknown field', (p) => (p.models[1].colour = 'red'), /models\[1\]: unknown field\(s\) "colour"/],
    ['wrong version', (p) => (p.version = 3), /version: expected 2, got 3/],
    ['missing models', (p) => delete p.models, /models: expected array, got nothing/],
    ['errors above n', (p) => (p.models[0].errors[0] = p.models[0].n[0] + 1), /models\[0\]\.errors\[0\]: \d+ errors exceed n/],
    ['cost metric without measurements', (p) => (p.routing.cost_metric = { kind: 'energy', device: 'galaxy' }), /models\[0\]\.costs\["galaxy"\]\.energy_j: missing/],
    ['bad cost measure', (p) => (p.models[0].costs['pixel-8'].latency_ms.value = NaN), /models\[0\]\.costs\["pixel-8"\]\.latency_ms\.value: expected a finite number, got NaN/],
  ];
  for (const [name, edit, re] of cases) {
    it(`rejects ${name}, naming the field`, () => {
      let err: unknown;
      try {
        parseProfileV2(mutated(edit));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RoutingError);
      expect((err as RoutingError).message).toMatch(re);
      expect((err as RoutingError).issues.length).toBeGreaterThan(0);
    });
  }

  it('rejects a checksum mismatch', () => {
    const text = mutated((p) => (p.routing.lambda_max = 3), false);
    expect(() => parseProfileV2(text)).toThrow(/checksum: expected sha256:[0-9a-f]{64} from the content/);
    try {
      parseProfileV2(text);
    } catch (e) {
      expect((e as RoutingError).code).toBe('profile-checksum');
    }
    expect(parseProfileV2(text, { checksum: false }).routing.lambda_max).toBe(3);
  });

  it('reports JSON syntax errors with line and column, and enforces the size limit', () => {
    expect(() => parseProfileV2('{\n  "format": "aurora-lab-profile",\n  "version": 2,,\n}')).toThrow(/line 3, column 16 \(offset \d+\)/);
    expect(() => parseProfileV2(serializeProfileV2(good), { maxBytes: 1000 })).toThrow(/above the 1000-byte limit/);
    expect(() => parseAnyProfile('[1,2]')).toThrow(/format: expected "aurora-lab-profile"/);
  });

  it('validates seed v1 files with field paths', () => {
    const seed = exportSeedV1(good).profile;
    const bad = structuredClone(seed) as unknown as Doc;
    bad.llm_profiles['ghost'] = [0.1, 0.2, 0.3];
    bad.cluster_centers.cluster_centers[2].push(0.5);
    bad.models[1].size_mb = -3;
    const msg = (() => {
      try {
        parseSeedV1(JSON.stringify(bad));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(msg).toMatch(/models\[1\]\.size_mb: expected a finite number >= 0, got -3/);
    delete bad.models[1].size_mb;
    bad.models[1].size_mb = 10;
    expect(() => parseSeedV1(JSON.stringify(bad))).toThrow(/cluster_centers\.cluster_centers\[2\]: expected 2048 values.*llm_profiles\["ghost"\]: unknown model "ghost"/);
    const nan = JSON.stringify(seed).replace(/("llm_profiles":\{"model-0":\[)[^,\]]+/, '$1NaN');
    expect(() => parseSeedV1(nan)).toThrow(/llm_profiles\["model-0"\]\[0\]: expected a number in \[0,1\], got NaN/);
  });

  it('exports v2 to seed v1 saying what is dropped', () => {
    const { profile: v1, dropped } = exportSeedV1(good);
    expect(dropped).toEqual(SEED_V1_DROPPED);
    expect(v1.metadata.n_clusters).toBe(3);
    expect(v1.llm_profiles['model-2']).toEqual(good.models[2]!.error_rates);
    expect(() => validateProfileV2(JSON.parse(JSON.stringify(good)))).not.toThrow();
  });
});
