/**
 * The first half of `lexical-hash-v1` (embedder.ts has the spec): text -> tokens -> feature hashes -> the signed
 * sublinear term frequency per bucket. One `LexicalTf` is reused text after text (no per-text allocation of
 * dim-sized arrays); the IDF weighting and the L2 normalisation are applied by its callers.
 */
import { countFeatureHashes, FeatureCounter } from './feature-hash';

/**
 * Normalisation `nfkc-lower-letters-digits-v1`: Unicode NFKC, then `toLowerCase()` (locale-independent
 * Unicode default case mapping), then every run of characters that are not letters (\p{L}), marks (\p{M}) or
 * numbers (\p{N}) becomes one space; tokens are the non-empty pieces between spaces.
 * "Don't  PANIC, Ｈello!" -> ["don", "t", "panic", "hello"].
 */
export function tokenize(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ');
  return norm.split(' ').filter((t) => t.length > 0);
}

/** Bucket of a feature hash. */
export function bucketOf(h: number, dim: number): number {
  return (h >>> 0) % dim;
}

/** Sign of a feature hash: -1 when bit 31 is set. */
export function signOf(h: number): 1 | -1 {
  return h >>> 31 ? -1 : 1;
}

/** 1 + ln(count) for small counts (most features occur once or twice in a text): Math.log's own values, looked up. */
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => 1 + Math.log(c));
const sublinear = (c: number): number => (c < 256 ? SUBLINEAR[c]! : 1 + Math.log(c));

export class LexicalTf {
  private readonly counter = new FeatureCounter();
  /** TF sum per bucket of the current text (zero elsewhere). */
  readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  /** Buckets any feature of the current text hashed to, ascending: touched[0, nTouched). */
  readonly touched: Uint32Array;
  nTouched = 0;

  constructor(
    readonly dim: number,
    readonly word: readonly [number, number],
    readonly char: readonly [number, number],
  ) {
    this.acc = new Float64Array(dim);
    this.seen = new Uint8Array(dim);
    this.touched = new Uint32Array(dim);
  }

  /**
   * Featurizes `text`: acc[b] = sum over its distinct features (by 32-bit hash, in order of first occurrence) in
   * bucket b of sign * (1 + ln count), exactly the order lexicalEmbed sums them in. `onWord(start, n, hash)` sees
   * each word n-gram occurrence (token position, order, hash) and `tokens` the token list.
   */
  run(text: string, onWord?: (tokens: readonly string[], start: number, n: number, hash: number) => void): void {
    for (let i = 0; i < this.nTouched; i++) {
      const b = this.touched[i]!;
      this.acc[b] = 0;
      this.seen[b] = 0;
    }
    this.nTouched = 0;
    const tokens = tokenize(text);
    const c = this.counter;
    c.reset();
    countFeatureHashes(tokens, this.word, this.char, c, onWord ? (start, n, h) => onWord(tokens, start, n, h) : undefined);
    for (let e = 0; e < c.size; e++) {
      const h = c.hashes[e]!;
      const b = bucketOf(h, this.dim);
      if (!this.seen[b]) {
        this.seen[b] = 1;
        this.touched[this.nTouched++] = b;
      }
      this.acc[b]! += signOf(h) * sublinear(c.counts[e]!);
    }
    this.touched.subarray(0, this.nTouched).sort();
  }

  /**
   * The L2-normalised TF-IDF of the current text: calls `emit(bucket, value)` for every non-zero value (float32),
   * in bucket order. The sum of squares runs in bucket order, as lexicalEmbed's does.
   */
  weighted(idf: ArrayLike<number>, emit: (bucket: number, value: number) => void): void {
    let sq = 0;
    for (let i = 0; i < this.nTouched; i++) {
      const b = this.touched[i]!;
      const v = this.acc[b]!;
      if (v !== 0) {
        const w = v * idf[b]!;
        sq += w * w;
      }
    }
    if (sq === 0) return;
    const inv = 1 / Math.sqrt(sq);
    for (let i = 0; i < this.nTouched; i++) {
      const b = this.touched[i]!;
      const v = this.acc[b]!;
      if (v === 0) continue;
      const out = Math.fround(v * idf[b]! * inv);
      if (out !== 0) emit(b, out);
    }
  }
}
