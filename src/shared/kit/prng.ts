/**
 * Seeded pseudo-random numbers, the lab's only source of chance (samples, fold splits, k-means seeding, the random
 * baseline, synthetic data): same seed, same sequence, on every machine and in the renderer too. Never Math.random.
 *
 * Generator: mulberry32 (Tommy Ettinger's public-domain 32-bit generator: `state += 0x6D2B79F5`, then two
 * multiply-xorshift rounds). `next()` is a float in [0, 1) with 32 bits of randomness (`uint32 / 2^32`); the period
 * is 2^32; not cryptographic. A seed is any integer, reduced to uint32 (`seed >>> 0`). Derived streams (one per
 * restart, per K, per fold...) come from `deriveSeed(seed, ...labels)`, so they are independent of each other and
 * of the order they are made in.
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

/** Mixes a seed with integer labels into a new uint32 seed (FNV-1a over the labels' 4 bytes each, then murmur3's fmix32). */
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
  // fmix32: nearby inputs give unrelated seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Anything indexable and writable: arrays and typed arrays. */
export interface Shuffleable<T> {
  length: number;
  [i: number]: T;
}

/** In-place Fisher-Yates shuffle (from the end: j = rng.int(i + 1)); returns its argument. */
export function shuffleInPlace<T, A extends Shuffleable<T>>(items: A, rng: Prng): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** A seeded permutation of 0..n-1. */
export function permutation(n: number, rng: Prng): Uint32Array {
  return shuffleInPlace<number, Uint32Array>(Uint32Array.from({ length: n }, (_, i) => i), rng);
}
