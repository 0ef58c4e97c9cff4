/**
 * Prompt embedders. The lab routes with embeddings a phone can reproduce: the built-in `LexicalEmbedder`
 * (`lexical-hash-v1`, no weights, fully described by its spec inside the profile; profiles/README.md walks
 * through it) or an external model named by the profile (`external`, e.g. an embedding model run on the phone).
 */
import { fnv1a32 } from './hash';

/** The lexical embedder, fully specified: a mobile app reproduces `embed()` from this object alone. */
export interface LexicalHashV1Spec {
  type: 'lexical-hash-v1';
  /** Number of hashed buckets (length of every vector). */
  dim: number;
  /** Text normalisation rule; see `normalizeText`. */
  normalization: 'nfkc-lower-letters-digits-v1';
  /** Hash of a feature string: FNV-1a 32-bit over its UTF-8 bytes. Bucket = h mod dim; sign = -1 if bit 31 of h is set. */
  hash: 'fnv1a32-utf8';
  /** Word n-gram orders [min, max]; feature string `w<n>:` + the n tokens joined by one space. */
  word_ngrams: [number, number];
  /** Character n-gram orders [min, max] over each token padded with one space each side; feature `c<n>:` + gram. */
  char_ngrams: [number, number];
  /** Term frequency: `1 + ln(count)` of each distinct feature (by 32-bit hash) in the text. */
  tf: 'sublinear';
  /** Inverse document frequency per bucket: `ln((1 + n_docs) / (1 + df[b])) + 1` (df = training texts touching b). */
  idf: number[];
  /** Number of training texts the IDF was fitted on. */
  n_docs: number;
  /** Final L2 normalisation (a text with no features embeds to the zero vector). */
  norm: 'l2';
}

/** An embedding model the lab does not compute itself (a phone, a Python tool): named, with its dimension. */
export interface ExternalEmbedderSpec {
  type: 'external';
  /** Model name, e.g. `BAAI/bge-base-en-v1.5`. */
  model: string;
  dim: number;
  /** Vectors are L2-normalised before routing. */
  norm: 'l2';
  /** Free-form notes: pooling, prefix instructions ("search_query: "), runtime. */
  notes?: string;
}

export type EmbedderSpec = LexicalHashV1Spec | ExternalEmbedderSpec;

/**
 * What routing needs from an embedder. `embed` is async so a phone-side embedder (one call over ADB per batch)
 * fits; `embedSync` is the fast path an in-process embedder offers (the lexical one does).
 */
export interface Embedder {
  readonly spec: EmbedderSpec;
  readonly dim: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  embedSync?(text: string): Float32Array;
}

export interface SyncEmbedder extends Embedder {
  embedSync(text: string): Float32Array;
}

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

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Feature strings of a text in their canonical order: for each token position i, first the word n-grams that
 * start at i (orders min..max, only when enough tokens remain), then the character n-grams of token i padded
 * with one space each side (orders min..max, start offsets ascending; grams are over Unicode code points, an
 * order longer than the padded token yields nothing). Calls `visit` for each occurrence (repeats included).
 */
export function forEachFeature(
  tokens: readonly string[],
  word: readonly [number, number],
  char: readonly [number, number],
  visit: (feature: string, kind: 'word' | 'char') => void,
): void {
  for (let i = 0; i < tokens.length; i++) {
    for (let n = word[0]; n <= word[1]; n++) {
      if (n < 1 || i + n > tokens.length) continue;
      visit(`w${n}:${tokens.slice(i, i + n).join(' ')}`, 'word');
    }
    const padded = ` ${tokens[i]!} `;
    if (char[1] < 1) continue;
    if (NON_ASCII.test(padded)) {
      const cps = Array.from(padded);
      for (let n = char[0]; n <= char[1]; n++) {
        for (let o = 0; o + n <= cps.length; o++) visit(`c${n}:${cps.slice(o, o + n).join('')}`, 'char');
      }
    } else {
      for (let n = char[0]; n <= char[1]; n++) {
        for (let o = 0; o + n <= padded.length; o++) visit(`c${n}:${padded.slice(o, o + n)}`, 'char');
      }
    }
  }
}

/** Feature hashes of a text with their counts, in order of first occurrence. */
function featureCounts(spec: Pick<LexicalHashV1Spec, 'word_ngrams' | 'char_ngrams'>, text: string): Map<number, number> {
  const counts = new Map<number, number>();
  forEachFeature(tokenize(text), spec.word_ngrams, spec.char_ngrams, (f) => {
    const h = fnv1a32(f);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  });
  return counts;
}

/** Bucket of a feature hash. */
export function bucketOf(h: number, dim: number): number {
  return (h >>> 0) % dim;
}

/** Sign of a feature hash: -1 when bit 31 is set. */
export function signOf(h: number): 1 | -1 {
  return h >>> 31 ? -1 : 1;
}

/** The hashed TF-IDF vector of a text under a spec (Float64 arithmetic, stored as Float32). */
export function lexicalEmbed(spec: LexicalHashV1Spec, text: string, idf: ArrayLike<number> = spec.idf): Float32Array {
  const dim = spec.dim;
  const acc = new Float64Array(dim);
  for (const [h, count] of featureCounts(spec, text)) {
    const b = bucketOf(h, dim);
    acc[b]! += signOf(h) * (1 + Math.log(count));
  }
  let sq = 0;
  for (let b = 0; b < dim; b++) {
    const v = acc[b]!;
    if (v !== 0) {
      const w = v * idf[b]!;
      acc[b] = w;
      sq += w * w;
    }
  }
  const out = new Float32Array(dim);
  if (sq === 0) return out;
  const inv = 1 / Math.sqrt(sq);
  for (let b = 0; b < dim; b++) if (acc[b] !== 0) out[b] = acc[b]! * inv;
  return out;
}

export class LexicalEmbedder implements SyncEmbedder {
  readonly dim: number;
  private readonly idf: Float64Array;

  constructor(readonly spec: LexicalHashV1Spec) {
    if (spec.idf.length !== spec.dim) throw new Error(`embedder.idf: expected ${spec.dim} values, got ${spec.idf.length}`);
    this.dim = spec.dim;
    this.idf = Float64Array.from(spec.idf);
  }

  embedSync(text: string): Float32Array {
    return lexicalEmbed(this.spec, text, this.idf);
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedSync(t)));
  }
}

/** One word feature (unigram/bigram) most frequent in a bucket with a given sign: used to label centroids. */
export interface TermEntry {
  bucket: number;
  sign: 1 | -1;
  term: string;
  /** Training texts containing the term. */
  df: number;
}

export interface LexicalFitOptions {
  dim?: number;
  wordNgrams?: [number, number];
  charNgrams?: [number, number];
}

export const LEXICAL_DEFAULTS = { dim: 2048, wordNgrams: [1, 2] as [number, number], charNgrams: [3, 5] as [number, number] };

/** Fits the IDF table on training texts. Also returns the term dictionary (word features only). */
export function fitLexicalEmbedder(
  texts: readonly string[],
  options: LexicalFitOptions = {},
): { embedder: LexicalEmbedder; terms: TermEntry[] } {
  const dim = options.dim ?? LEXICAL_DEFAULTS.dim;
  if (!Number.isInteger(dim) || dim < 2) throw new Error(`dim: expected an integer >= 2, got ${dim}`);
  const word_ngrams = options.wordNgrams ?? LEXICAL_DEFAULTS.wordNgrams;
  const char_ngrams = options.charNgrams ?? LEXICAL_DEFAULTS.charNgrams;
  const df = new Float64Array(dim);
  const wordDf = new Map<string, number>();
  const seen = new Uint32Array(dim);
  let stamp = 0;
  for (const text of texts) {
    stamp++;
    const words = new Set<string>();
    forEachFeature(tokenize(text), word_ngrams, char_ngrams, (f, kind) => {
      const b = bucketOf(fnv1a32(f), dim);
      if (seen[b] !== stamp) {
        seen[b] = stamp;
        df[b]!++;
      }
      if (kind === 'word') words.add(f);
    });
    for (const w of words) wordDf.set(w, (wordDf.get(w) ?? 0) + 1);
  }
  const n = texts.length;
  const idf: number[] = new Array<number>(dim);
  for (let b = 0; b < dim; b++) idf[b] = Math.log((1 + n) / (1 + df[b]!)) + 1;
  const spec: LexicalHashV1Spec = {
    type: 'lexical-hash-v1',
    dim,
    normalization: 'nfkc-lower-letters-digits-v1',
    hash: 'fnv1a32-utf8',
    word_ngrams: [word_ngrams[0], word_ngrams[1]],
    char_ngrams: [char_ngrams[0], char_ngrams[1]],
    tf: 'sublinear',
    idf,
    n_docs: n,
    norm: 'l2',
  };
  // The most frequent word feature per (bucket, sign); ties by the term's code-unit order.
  const best = new Map<number, TermEntry>();
  for (const [f, d] of wordDf) {
    const h = fnv1a32(f);
    const b = bucketOf(h, dim);
    const s = signOf(h);
    const key = b * 2 + (s < 0 ? 1 : 0);
    const term = f.slice(f.indexOf(':') + 1);
    const cur = best.get(key);
    if (!cur || d > cur.df || (d === cur.df && term < cur.term)) best.set(key, { bucket: b, sign: s, term, df: d });
  }
  const terms = [...best.values()].sort((a, b) => a.bucket - b.bucket || b.sign - a.sign);
  return { embedder: new LexicalEmbedder(spec), terms };
}

/** The embedder a spec describes. External embedders cannot be built here: pass the lead's device embedder. */
export function embedderFromSpec(spec: EmbedderSpec): LexicalEmbedder {
  if (spec.type === 'lexical-hash-v1') return new LexicalEmbedder(spec);
  throw new Error(`embedder.type: "${spec.type}" (${spec.model}) runs outside the lab; supply an Embedder for it`);
}

/** Embeds many texts into one flat row-major Float32Array (n x dim), L2-normalised. */
export async function embedAll(embedder: Embedder, texts: readonly string[]): Promise<Float32Array> {
  const out = new Float32Array(texts.length * embedder.dim);
  if (embedder.embedSync) {
    const lexical = embedder.spec.type === 'lexical-hash-v1';
    for (let i = 0; i < texts.length; i++) {
      const v = embedder.embedSync(texts[i]!);
      out.set(lexical ? v : l2Normalized(v), i * embedder.dim);
    }
    return out;
  }
  const vecs = await embedder.embed(texts);
  if (vecs.length !== texts.length) throw new Error(`embedder returned ${vecs.length} vectors for ${texts.length} texts`);
  for (let i = 0; i < vecs.length; i++) {
    const v = vecs[i]!;
    if (v.length !== embedder.dim) throw new Error(`embedding ${i}: expected ${embedder.dim} values, got ${v.length}`);
    out.set(l2Normalized(v), i * embedder.dim);
  }
  return out;
}

/** A copy scaled to unit L2 norm (the zero vector stays zero). */
export function l2Normalized(v: Float32Array): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  if (sq === 0) return out;
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * inv;
  return out;
}
