/**
 * Seeded pseudo-random numbers for everything in routing that needs chance (k-means++ seeding, restarts,
 * train/validation splits, silhouette samples).
 *
 * Generator: mulberry32 (32-bit state; `state += 0x6D2B79F5`, then two xorshift-multiply rounds), the same
 * algorithm as the widely copied public-domain reference. `next()` returns a float in [0, 1) with 32 bits of
 * randomness (`uint32 / 2^32`). A seed is any integer; it is reduced to uint32 (`seed >>> 0`).
 * Derived streams (one per restart, per K, ...) use `deriveSeed(seed, ...labels)`: FNV-1a-style mixing of the
 * seed with each label, so streams are independent of each other and of the order they are created in.
 */

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

export function mulberry32(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Mixes a seed with integer labels into a new uint32 seed (FNV-1a over the labels' 4 bytes each, then a finaliser). */
export function deriveSeed(seed: number, ...labels: number[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h, 0x01000193) >>> 0;
  for (const label of labels) {
    let v = label >>> 0;
    for (let i = 0; i < 4; i++) {
      h = Math.imul(h ^ (v & 0xff), 0x01000193) >>> 0;
      v >>>= 8;
    }
  }
  // murmur3 fmix32 so nearby inputs give unrelated seeds
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fisher-Yates shuffle of 0..n-1 with the given generator. */
export function permutation(n: number, rng: Prng): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
