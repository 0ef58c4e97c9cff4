/**
 * Prompt embedders. The lab routes with embeddings a phone can reproduce: the built-in `LexicalEmbedder`
 * (`lexical-hash-v1`, no weights, fully described by its spec inside the profile; profiles/README.md walks
 * through it) or an external model named by the profile (`external`, e.g. an embedding model run on the phone).
 */
import { LexicalTf } from './lexical-tf';
import type { SparseRows } from './sparse-rows';
import { WordInterner } from './word-terms';
import type { TermEntry } from './word-terms';

export { bucketOf, signOf, tokenize } from './lexical-tf';

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
  /** In-process embedders: the texts' L2-normalised vectors as CSR rows, the same numbers as `embed`. */
  embedRows?(texts: readonly string[]): SparseRows;
}

export interface SyncEmbedder extends Embedder {
  embedSync(text: string): Float32Array;
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

/** One reusable featurizer per (dim, n-gram orders): the lexical embedder never allocates dim-sized scratch per text. */
const featurizers = new Map<string, LexicalTf>();
export function lexicalTf(spec: Pick<LexicalHashV1Spec, 'dim' | 'word_ngrams' | 'char_ngrams'>): LexicalTf {
  const key = `${spec.dim}/${spec.word_ngrams.join(',')}/${spec.char_ngrams.join(',')}`;
  let tf = featurizers.get(key);
  if (!tf) {
    tf = new LexicalTf(spec.dim, spec.word_ngrams, spec.char_ngrams);
    featurizers.set(key, tf);
  }
  return tf;
}

/** The hashed TF-IDF vector of a text under a spec (Float64 arithmetic, stored as Float32). */
export function lexicalEmbed(spec: LexicalHashV1Spec, text: string, idf: ArrayLike<number> = spec.idf): Float32Array {
  const tf = lexicalTf(spec);
  tf.run(text);
  const out = new Float32Array(spec.dim);
  tf.weighted(idf, (b, v) => (out[b] = v));
  return out;
}

/** The texts' lexical vectors as CSR rows: the numbers of lexicalEmbed, without the dense n x dim detour. */
export function lexicalRows(spec: LexicalHashV1Spec, texts: readonly string[], idf: ArrayLike<number> = spec.idf): SparseRows {
  const tf = lexicalTf(spec);
  const rows = new CsrBuilder(texts.length, spec.dim);
  for (const text of texts) {
    tf.run(text);
    tf.weighted(idf, rows.push);
    rows.endRow();
  }
  return rows.finish();
}

/** Builds CSR rows one value at a time (growable typed arrays). */
export class CsrBuilder {
  private indices = new Uint32Array(1024);
  private values = new Float32Array(1024);
  private nnz = 0;
  private row = 0;
  private readonly indptr: Uint32Array;

  constructor(
    private readonly n: number,
    private readonly dim: number,
  ) {
    this.indptr = new Uint32Array(n + 1);
  }

  readonly push = (index: number, value: number): void => {
    if (this.nnz === this.indices.length) {
      const i = new Uint32Array(this.nnz * 2);
      i.set(this.indices);
      this.indices = i;
      const v = new Float32Array(this.nnz * 2);
      v.set(this.values);
      this.values = v;
    }
    this.indices[this.nnz] = index;
    this.values[this.nnz++] = value;
  };

  endRow(): void {
    this.indptr[++this.row] = this.nnz;
  }

  finish(): SparseRows {
    if (this.row !== this.n) throw new Error(`CSR: ${this.row} rows written, ${this.n} declared`);
    return { n: this.n, dim: this.dim, indptr: this.indptr, indices: this.indices.slice(0, this.nnz), values: this.values.slice(0, this.nnz) };
  }
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

  embedRows(texts: readonly string[]): SparseRows {
    return lexicalRows(this.spec, texts, this.idf);
  }
}

export type { TermEntry } from './word-terms';

export interface LexicalFitOptions {
  dim?: number;
  wordNgrams?: [number, number];
  charNgrams?: [number, number];
}

export const LEXICAL_DEFAULTS = { dim: 2048, wordNgrams: [1, 2] as [number, number], charNgrams: [3, 5] as [number, number] };

/** Dim and n-gram orders of a lexical fit, with the defaults, checked. */
export function lexicalOrders(options: LexicalFitOptions): Pick<LexicalHashV1Spec, 'dim' | 'word_ngrams' | 'char_ngrams'> {
  const dim = options.dim ?? LEXICAL_DEFAULTS.dim;
  if (!Number.isInteger(dim) || dim < 2) throw new Error(`dim: expected an integer >= 2, got ${dim}`);
  const w = options.wordNgrams ?? LEXICAL_DEFAULTS.wordNgrams;
  const c = options.charNgrams ?? LEXICAL_DEFAULTS.charNgrams;
  return { dim, word_ngrams: [w[0], w[1]], char_ngrams: [c[0], c[1]] };
}

/** The spec for document frequencies `df` (training texts touching each bucket) over `n` texts. */
export function lexicalSpec(orders: Pick<LexicalHashV1Spec, 'dim' | 'word_ngrams' | 'char_ngrams'>, df: ArrayLike<number>, n: number): LexicalHashV1Spec {
  const idf: number[] = new Array<number>(orders.dim);
  for (let b = 0; b < orders.dim; b++) idf[b] = Math.log((1 + n) / (1 + df[b]!)) + 1;
  return {
    type: 'lexical-hash-v1',
    dim: orders.dim,
    normalization: 'nfkc-lower-letters-digits-v1',
    hash: 'fnv1a32-utf8',
    word_ngrams: [orders.word_ngrams[0], orders.word_ngrams[1]],
    char_ngrams: [orders.char_ngrams[0], orders.char_ngrams[1]],
    tf: 'sublinear',
    idf,
    n_docs: n,
    norm: 'l2',
  };
}

/** Fits the IDF table on training texts. Also returns the term dictionary (word features only). */
export function fitLexicalEmbedder(
  texts: readonly string[],
  options: LexicalFitOptions = {},
): { embedder: LexicalEmbedder; terms: TermEntry[] } {
  const orders = lexicalOrders(options);
  const tf = lexicalTf(orders);
  const df = new Float64Array(orders.dim);
  const words = new WordInterner();
  let wordDf: Uint32Array = new Uint32Array(1024);
  let wordSeen: Uint32Array = new Uint32Array(1024);
  texts.forEach((text, t) => {
    tf.run(text, (tokens, start, n, h) => {
      const id = words.id(tokens, start, n, h);
      if (id >= wordDf.length) {
        wordDf = grown(wordDf, id);
        wordSeen = grown(wordSeen, id);
      }
      // Each word feature counts once per text.
      if (wordSeen[id] !== t + 1) {
        wordSeen[id] = t + 1;
        wordDf[id]!++;
      }
    });
    for (let i = 0; i < tf.nTouched; i++) df[tf.touched[i]!]!++;
  });
  return { embedder: new LexicalEmbedder(lexicalSpec(orders, df, texts.length)), terms: words.terms(wordDf, orders.dim) };
}

function grown(a: Uint32Array, index: number): Uint32Array {
  const b = new Uint32Array(Math.max(a.length * 2, index + 1));
  b.set(a);
  return b;
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
