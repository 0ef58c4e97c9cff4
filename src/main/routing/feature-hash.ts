/**
 * The lexical embedder's features, hashed without building their strings. `forEachFeature` (embedder.ts) is the
 * spec's reading: it makes each feature string (`w2:what is`, `c3: wh`) and fnv1a32 hashes its UTF-8 bytes.
 * Here the FNV-1a state after a feature's prefix (`w2:`, `c3:`) is kept per order and the gram's bytes are mixed
 * in straight from the token: the same bytes in the same order, so the same hashes (a test compares them on
 * ASCII, accented, full-width and astral-plane text), at a fraction of the cost: char n-grams are ~90 % of the
 * features, and building their strings was most of the lexical embedder's time (and garbage).
 */
import { FNV1A32_OFFSET, FNV1A32_PRIME } from './hash';

// Module-local copies: run from TypeScript source (tsx, vitest) an imported binding is read through a getter on
// every use, and the char n-gram loops below use the prime tens of millions of times per build.
const OFFSET = FNV1A32_OFFSET;
const PRIME = FNV1A32_PRIME;

const encoder = new TextEncoder();

/** FNV-1a state after the ASCII prefix `kind + n + ':'` (cached per kind and order). */
const prefixes: Record<'w' | 'c', number[]> = { w: [], c: [] };
function prefixState(kind: 'w' | 'c', n: number): number {
  let x = prefixes[kind][n];
  if (x === undefined) {
    x = OFFSET;
    for (const ch of `${kind}${n}:`) x = Math.imul(x ^ ch.charCodeAt(0), PRIME);
    prefixes[kind][n] = x;
  }
  return x;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function mixBytes(x: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) x = Math.imul(x ^ bytes[i]!, PRIME);
  return x;
}

/** Distinct feature hashes of one text with their counts, in order of first occurrence (reused across texts). */
export class FeatureCounter {
  /** Distinct hashes in order of first occurrence; entries [0, size). */
  hashes: Uint32Array = new Uint32Array(256);
  counts: Uint32Array = new Uint32Array(256);
  size = 0;
  private keys = new Uint32Array(1024);
  private entry = new Int32Array(1024);
  private epochOf = new Uint32Array(1024);
  private epoch = 1;

  reset(): void {
    this.size = 0;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.epochOf.fill(0);
      this.epoch = 1;
    }
  }

  add(h: number): void {
    const mask = this.keys.length - 1;
    let i = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) & mask;
    while (this.epochOf[i] === this.epoch) {
      if (this.keys[i] === h) {
        this.counts[this.entry[i]!]!++;
        return;
      }
      i = (i + 1) & mask;
    }
    if (this.size === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.counts = grow(this.counts);
    }
    this.epochOf[i] = this.epoch;
    this.keys[i] = h;
    this.entry[i] = this.size;
    this.hashes[this.size] = h;
    this.counts[this.size] = 1;
    this.size++;
    if (this.size * 2 > this.keys.length) this.rehash();
  }

  private rehash(): void {
    const cap = this.keys.length * 2;
    this.keys = new Uint32Array(cap);
    this.entry = new Int32Array(cap);
    this.epochOf = new Uint32Array(cap);
    const mask = cap - 1;
    for (let e = 0; e < this.size; e++) {
      const h = this.hashes[e]!;
      let i = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) & mask;
      while (this.epochOf[i] === this.epoch) i = (i + 1) & mask;
      this.epochOf[i] = this.epoch;
      this.keys[i] = h;
      this.entry[i] = e;
    }
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Adds the hash of every feature occurrence of `tokens` to `counter`, in forEachFeature's order: per token
 * position, the word n-grams starting there (orders ascending), then the char n-grams of the token padded with one
 * space each side (orders ascending, offsets ascending, over code points). `onWord` receives the token position,
 * order and hash of each word n-gram (for the term dictionary).
 */
export function countFeatureHashes(
  tokens: readonly string[],
  word: readonly [number, number],
  char: readonly [number, number],
  counter: FeatureCounter,
  onWord?: (start: number, n: number, hash: number) => void,
): void {
  const n = tokens.length;
  const bytes: (Uint8Array | null)[] = new Array<Uint8Array | null>(n);
  for (let i = 0; i < n; i++) bytes[i] = isAscii(tokens[i]!) ? null : encoder.encode(tokens[i]!);
  for (let i = 0; i < n; i++) {
    for (let order = word[0]; order <= word[1]; order++) {
      if (order < 1 || i + order > n) continue;
      let x = mixToken(prefixState('w', order), tokens[i]!, bytes[i]!);
      for (let m = 1; m < order; m++) x = mixToken(Math.imul(x ^ 0x20, PRIME), tokens[i + m]!, bytes[i + m]!);
      counter.add(x >>> 0);
      onWord?.(i, order, x >>> 0);
    }
    if (char[1] < 1) continue;
    const t = tokens[i]!;
    if (bytes[i] === null) charGramsAscii(t, char, counter);
    else {
      const cps = Array.from(` ${t} `, (c) => encoder.encode(c));
      for (let order = char[0]; order <= char[1]; order++) {
        const p = prefixState('c', order);
        for (let o = 0; o + order <= cps.length; o++) {
          let x = p;
          for (let q = o; q < o + order; q++) x = mixBytes(x, cps[q]!);
          counter.add(x >>> 0);
        }
      }
    }
  }
}

function mixToken(x: number, t: string, bytes: Uint8Array | null): number {
  if (bytes) return mixBytes(x, bytes);
  for (let q = 0; q < t.length; q++) x = Math.imul(x ^ t.charCodeAt(q), PRIME);
  return x;
}

/** The padded token's char codes, reused from token to token. */
let codes = new Int32Array(64);

/** Char n-grams of an ASCII token padded with one space each side: its bytes are its char codes. */
function charGramsAscii(t: string, char: readonly [number, number], counter: FeatureCounter): void {
  const len = t.length + 2;
  if (codes.length < len) codes = new Int32Array(len * 2);
  codes[0] = 0x20;
  for (let q = 0; q < t.length; q++) codes[q + 1] = t.charCodeAt(q);
  codes[len - 1] = 0x20;
  for (let order = char[0]; order <= char[1]; order++) {
    const p = prefixState('c', order);
    for (let o = 0; o + order <= len; o++) {
      let x = p;
      for (let q = o; q < o + order; q++) x = Math.imul(x ^ codes[q]!, PRIME);
      counter.add(x >>> 0);
    }
  }
}
