import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { assignCluster, assignClusterReference, compileRouter } from '../../../src/main/routing/route';
import { withChecksum } from '../../../src/main/routing/profile-v2';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { plantedMatrix } from './synthetic';

const { matrix } = plantedMatrix({ topics: 5, perTopic: 12, models: 3 });
const { profile } = await buildProfile(matrix, { k: 5, validationFraction: 0, minClusterSize: 1, lexical: { dim: 96 }, now: new Date(0) });
const rng = mulberry32(4);

/** A sparse float32 embedding with about d x dim non-zeros. */
function embedding(dim: number, d: number): Float32Array {
  const v = new Float32Array(dim);
  for (let j = 0; j < dim; j++) if (rng.next() < d) v[j] = Math.fround(rng.next() - 0.4);
  return v;
}

describe('nearest centroid', () => {
  it('is the same cluster through the kernel (float32), the padded loop (other arrays) and the reference', () => {
    const r = compileRouter(profile);
    expect(r.k).toBe(5);
    expect(r.kernel, 'the WebAssembly kernel is in use here').not.toBeNull();
    for (const d of [0, 0.02, 0.2, 1]) {
      for (let i = 0; i < 200; i++) {
        const v = embedding(r.dim, d);
        const ref = assignClusterReference(r, v);
        expect(assignCluster(r, v), `float32 density ${d}`).toBe(ref);
        expect(assignCluster(r, Array.from(v)), `number[] density ${d}`).toBe(ref);
      }
    }
  });

  it('breaks ties to the lower cluster on every path', () => {
    const c = profile.clusters.centroids;
    // Clusters 1 and 3 identical: a vector equal to them ties exactly.
    const tied = withChecksum({ ...profile, clusters: { ...profile.clusters, centroids: c.map((row, i) => (i === 3 ? [...c[1]!] : row)) } });
    const r = compileRouter(tied);
    const v = Float32Array.from(c[1]!);
    expect(assignClusterReference(r, v)).toBe(1);
    expect(assignCluster(r, v)).toBe(1);
    expect(assignCluster(r, Array.from(v))).toBe(1);
    expect(assignCluster(r, new Float32Array(r.dim)), 'the zero vector ties everywhere').toBe(0);
  });
});
