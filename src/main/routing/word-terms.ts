/**
 * The lexical embedder's term dictionary: for each (bucket, sign) the word feature (`w1:` unigram, `w2:` bigram,
 * ...) found in the most training texts, ties by the term's code-unit order. Word features are interned by their
 * tokens (numeric keys for unigrams and bigrams) and their strings built only for the candidates of a bucket, which
 * keeps hundreds of thousands of distinct bigrams from costing a string and a Map entry each per text.
 */
import { bucketOf, signOf } from './lexical-tf';

/** One word feature (unigram/bigram) most frequent in a bucket with a given sign: used to label centroids. */
export interface TermEntry {
  bucket: number;
  sign: 1 | -1;
  term: string;
  /** Training texts containing the term. */
  df: number;
}

/**
 * (a, b) -> value for non-negative int32 pairs, open addressing in typed arrays: the bigram ids, without a Map
 * per first token (hundreds of thousands of entries that the garbage collector would otherwise walk).
 */
export class PairTable {
  private first = new Int32Array(1 << 12).fill(-1);
  private second = new Int32Array(1 << 12);
  private values = new Int32Array(1 << 12);
  size = 0;

  private slot(a: number, b: number): number {
    const mask = this.first.length - 1;
    let i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 0;
    i = (i ^ (i >>> 16)) & mask;
    while (this.first[i] !== -1 && (this.first[i] !== a || this.second[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  /** The value of (a, b), or -1. */
  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.first[i] === -1 ? -1 : this.values[i]!;
  }

  set(a: number, b: number, value: number): void {
    const i = this.slot(a, b);
    if (this.first[i] === -1) {
      this.first[i] = a;
      this.second[i] = b;
      this.size++;
    }
    this.values[i] = value;
    if (this.size * 2 > this.first.length) this.grow();
  }

  private grow(): void {
    const { first, second, values } = this;
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.values = new Int32Array(first.length * 2);
    this.size = 0;
    for (let i = 0; i < first.length; i++) if (first[i] !== -1) this.set(first[i]!, second[i]!, values[i]!);
  }
}

export class WordInterner {
  private readonly tokenIds = new Map<string, number>();
  private readonly tokens: string[] = [];
  /** Word id of each token's unigram (-1: not seen), and bigram ids by (first, second) token id. */
  private readonly unigram: number[] = [];
  private readonly bigrams = new PairTable();
  private readonly byString = new Map<string, number>();
  /** Per word id: its order, first token id, second token id (or -1), its hash, and for n > 2 its string. */
  private readonly order: number[] = [];
  private readonly first: number[] = [];
  private readonly second: number[] = [];
  private readonly hashes: number[] = [];
  private readonly longer: (string | null)[] = [];
  /** Token ids of the text being read (by position), so each token is looked up once. */
  private current: readonly string[] | null = null;
  private currentIds = new Int32Array(64);

  get size(): number {
    return this.order.length;
  }

  private tokenAt(tokens: readonly string[], i: number): number {
    if (tokens !== this.current) {
      this.current = tokens;
      if (this.currentIds.length < tokens.length) this.currentIds = new Int32Array(tokens.length * 2);
      this.currentIds.fill(-1, 0, tokens.length);
    }
    let id = this.currentIds[i]!;
    if (id < 0) {
      const t = tokens[i]!;
      id = this.tokenIds.get(t) ?? -1;
      if (id < 0) {
        id = this.tokens.length;
        this.tokens.push(t);
        this.tokenIds.set(t, id);
        this.unigram.push(-1);
      }
      this.currentIds[i] = id;
    }
    return id;
  }

  private add(n: number, a: number, b: number, hash: number, str: string | null): number {
    const id = this.order.length;
    this.order.push(n);
    this.first.push(a);
    this.second.push(b);
    this.hashes.push(hash);
    this.longer.push(str);
    return id;
  }

  /** Id of the word feature tokens[start, start + n) whose hash is `hash`. */
  id(tokens: readonly string[], start: number, n: number, hash: number): number {
    if (n === 1) {
      const a = this.tokenAt(tokens, start);
      let id = this.unigram[a]!;
      if (id < 0) this.unigram[a] = id = this.add(1, a, -1, hash, null);
      return id;
    }
    if (n === 2) {
      const a = this.tokenAt(tokens, start);
      const b = this.tokenAt(tokens, start + 1);
      let id = this.bigrams.get(a, b);
      if (id < 0) {
        id = this.add(2, a, b, hash, null);
        this.bigrams.set(a, b, id);
      }
      return id;
    }
    const str = wordFeature(tokens, start, n);
    let id = this.byString.get(str);
    if (id === undefined) {
      id = this.add(n, -1, -1, hash, str);
      this.byString.set(str, id);
    }
    return id;
  }

  /** The word feature string of an id: `w<n>:` + its tokens joined by one space. */
  feature(id: number): string {
    const s = this.longer[id];
    if (s) return s;
    const n = this.order[id]!;
    return n === 1 ? `w1:${this.tokens[this.first[id]!]!}` : `w2:${this.tokens[this.first[id]!]!} ${this.tokens[this.second[id]!]!}`;
  }

  /** The term dictionary from `df[id]` (training texts containing each word feature). */
  terms(df: ArrayLike<number>, dim: number): TermEntry[] {
    const best = new Map<number, { id: number; df: number; term: string | null }>();
    for (let id = 0; id < this.order.length; id++) {
      const d = df[id]!;
      if (!(d > 0)) continue;
      const h = this.hashes[id]!;
      const key = bucketOf(h, dim) * 2 + (signOf(h) < 0 ? 1 : 0);
      const cur = best.get(key);
      if (!cur || d > cur.df) {
        best.set(key, { id, df: d, term: null });
        continue;
      }
      if (d < cur.df) continue;
      cur.term ??= termOf(this.feature(cur.id));
      const term = termOf(this.feature(id));
      if (term < cur.term) best.set(key, { id, df: d, term });
    }
    const out: TermEntry[] = [];
    for (const e of best.values()) {
      const h = this.hashes[e.id]!;
      out.push({ bucket: bucketOf(h, dim), sign: signOf(h), term: e.term ?? termOf(this.feature(e.id)), df: e.df });
    }
    return out.sort((a, b) => a.bucket - b.bucket || b.sign - a.sign);
  }
}

const termOf = (feature: string) => feature.slice(feature.indexOf(':') + 1);

/** The word feature string of tokens[start, start + n): `w<n>:` + the tokens joined by one space. */
export function wordFeature(tokens: readonly string[], start: number, n: number): string {
  return `w${n}:${tokens.slice(start, start + n).join(' ')}`;
}
