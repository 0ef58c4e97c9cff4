/**
 * The lexical embedder (`lexical-hash-v1`, embedder.ts) split into its two halves, so texts are featurized once
 * however many IDF tables are fitted on subsets of them (a profile build fits on its training prompts and embeds
 * them all; out-of-fold evaluation fits once per fold):
 * - per text, once: the signed sublinear TF per bucket (in the embedder's order) and the buckets its features
 *   touch (for document frequencies), and optionally its distinct word features (for the term dictionary);
 * - per fit: the IDF from the chosen texts only (`ln((1 + n) / (1 + df)) + 1`, exactly fitLexicalEmbedder's
 *   table), then weighting and L2 normalisation in the embedder's order of operations.
 * The vectors are bit-identical to `fitLexicalEmbedder(subset).embedder.embedSync(text)` (checked by tests), so
 * a fitted profile embeds exactly as an exported one would on a phone.
 */
import { LEXICAL_DEFAULTS, LexicalEmbedder, lexicalEmbed, lexicalOrders, lexicalRows, lexicalSpec } from './embedder';
import type { LexicalFitOptions, LexicalHashV1Spec, SyncEmbedder, TermEntry } from './embedder';
import { LexicalTf } from './lexical-tf';
import type { SparseRows } from './sparse-rows';
import { WordInterner } from './word-terms';

/** A growable Uint32 column (monomorphic: one class per element type keeps the push loop fast). */
class U32Column {
  length = 0;
  private data = new Uint32Array(4096);

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  done(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

class F64Column {
  length = 0;
  private data = new Float64Array(4096);

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class LexicalFeatures {
  readonly dim: number;
  readonly wordNgrams: [number, number];
  readonly charNgrams: [number, number];
  /** Per text: buckets with a non-zero TF sum (ascending) and their sums. */
  private readonly tfPtr: Uint32Array;
  private readonly tfIdx: Uint32Array;
  private readonly tfVal: Float64Array;
  /** Per text: every bucket a feature touched (df counts these, even when signs cancel). */
  private readonly dfPtr: Uint32Array;
  private readonly dfIdx: Uint32Array;
  /** Per text (with `terms`): ids of its distinct word features, and the features by id. */
  private readonly wordPtr: Uint32Array | null;
  private readonly wordIds: Uint32Array | null;
  private readonly words = new WordInterner();
  private readonly indexOfText = new Map<string, number>();

  constructor(
    readonly texts: readonly string[],
    options: LexicalFitOptions & { terms?: boolean } = {},
  ) {
    const orders = lexicalOrders({ dim: options.dim ?? LEXICAL_DEFAULTS.dim, wordNgrams: options.wordNgrams, charNgrams: options.charNgrams });
    this.dim = orders.dim;
    this.wordNgrams = orders.word_ngrams;
    this.charNgrams = orders.char_ngrams;
    const n = texts.length;
    const tf = new LexicalTf(this.dim, this.wordNgrams, this.charNgrams);
    const tfIdx = new U32Column();
    const tfVal = new F64Column();
    const dfIdx = new U32Column();
    const wordIds = new U32Column();
    let seenIn: Uint32Array = new Uint32Array(1024);
    this.tfPtr = new Uint32Array(n + 1);
    this.dfPtr = new Uint32Array(n + 1);
    this.wordPtr = options.terms ? new Uint32Array(n + 1) : null;
    for (let i = 0; i < n; i++) {
      const text = texts[i]!;
      if (!this.indexOfText.has(text)) this.indexOfText.set(text, i);
      const onWord = options.terms
        ? (tokens: readonly string[], start: number, order: number, h: number) => {
            const id = this.words.id(tokens, start, order, h);
            if (id >= seenIn.length) {
              const next = new Uint32Array(Math.max(seenIn.length * 2, id + 1));
              next.set(seenIn);
              seenIn = next;
            }
            if (seenIn[id] !== i + 1) {
              seenIn[id] = i + 1;
              wordIds.push(id);
            }
          }
        : undefined;
      tf.run(text, onWord);
      for (let q = 0; q < tf.nTouched; q++) {
        const b = tf.touched[q]!;
        dfIdx.push(b);
        if (tf.acc[b] !== 0) {
          tfIdx.push(b);
          tfVal.push(tf.acc[b]!);
        }
      }
      this.tfPtr[i + 1] = tfIdx.length;
      this.dfPtr[i + 1] = dfIdx.length;
      if (this.wordPtr) this.wordPtr[i + 1] = wordIds.length;
    }
    this.tfIdx = tfIdx.done();
    this.tfVal = tfVal.done();
    this.dfIdx = dfIdx.done();
    this.wordIds = this.wordPtr ? wordIds.done() : null;
  }

  private get orders(): Pick<LexicalHashV1Spec, 'dim' | 'word_ngrams' | 'char_ngrams'> {
    return { dim: this.dim, word_ngrams: this.wordNgrams, char_ngrams: this.charNgrams };
  }

  /** The lexical spec fitted on the texts `subset` (what fitLexicalEmbedder would fit on their texts). */
  specFor(subset: ArrayLike<number>): LexicalHashV1Spec {
    const df = new Float64Array(this.dim);
    for (let j = 0; j < subset.length; j++) {
      const i = subset[j]!;
      for (let p = this.dfPtr[i]!; p < this.dfPtr[i + 1]!; p++) df[this.dfIdx[p]!]!++;
    }
    return lexicalSpec(this.orders, df, subset.length);
  }

  /** fitLexicalEmbedder(texts of `subset`): the embedder and the term dictionary (built with `terms: true`). */
  fit(subset: ArrayLike<number>): { embedder: LexicalEmbedder; terms: TermEntry[] } {
    if (!this.wordPtr || !this.wordIds) throw new Error('LexicalFeatures: built without terms; pass { terms: true }');
    const df = new Uint32Array(this.words.size);
    for (let j = 0; j < subset.length; j++) {
      const i = subset[j]!;
      for (let p = this.wordPtr[i]!; p < this.wordPtr[i + 1]!; p++) df[this.wordIds[p]!]!++;
    }
    return { embedder: new LexicalEmbedder(this.specFor(subset)), terms: this.words.terms(df, this.dim) };
  }

  /** Whether a spec uses these features (same dim and n-gram orders); then any IDF can be applied. */
  matches(spec: LexicalHashV1Spec): boolean {
    return spec.dim === this.dim && spec.word_ngrams[0] === this.wordNgrams[0] && spec.word_ngrams[1] === this.wordNgrams[1] && spec.char_ngrams[0] === this.charNgrams[0] && spec.char_ngrams[1] === this.charNgrams[1];
  }

  /** Calls emit(bucket, float32 value) for text i's non-zero values under an IDF table, in bucket order. */
  private weighted(i: number, idf: ArrayLike<number>, emit: (bucket: number, value: number) => void): void {
    const a = this.tfPtr[i]!;
    const b = this.tfPtr[i + 1]!;
    let sq = 0;
    for (let p = a; p < b; p++) {
      const w = this.tfVal[p]! * idf[this.tfIdx[p]!]!;
      sq += w * w;
    }
    if (sq === 0) return;
    const inv = 1 / Math.sqrt(sq);
    for (let p = a; p < b; p++) {
      const v = Math.fround(this.tfVal[p]! * idf[this.tfIdx[p]!]! * inv);
      if (v !== 0) emit(this.tfIdx[p]!, v);
    }
  }

  /** Dense embedding of text i under an IDF table. */
  dense(i: number, idf: ArrayLike<number>): Float32Array {
    const out = new Float32Array(this.dim);
    this.weighted(i, idf, (b, v) => (out[b] = v));
    return out;
  }

  /**
   * Texts `ids` embedded under an IDF table, as the CSR matrix k-means takes: `weighted`'s arithmetic written
   * straight into typed arrays (no callback per value), since out-of-fold fits re-weight every text per fold.
   */
  rows(ids: ArrayLike<number>, idf: ArrayLike<number>): SparseRows {
    const w = idf instanceof Float64Array ? idf : Float64Array.from(idf);
    const { tfPtr, tfIdx, tfVal } = this;
    let cap = 0;
    for (let j = 0; j < ids.length; j++) cap += tfPtr[ids[j]! + 1]! - tfPtr[ids[j]!]!;
    const indptr = new Uint32Array(ids.length + 1);
    const indices = new Uint32Array(cap);
    const values = new Float32Array(cap);
    let nnz = 0;
    for (let j = 0; j < ids.length; j++) {
      const a = tfPtr[ids[j]!]!;
      const b = tfPtr[ids[j]! + 1]!;
      let sq = 0;
      for (let p = a; p < b; p++) {
        const x = tfVal[p]! * w[tfIdx[p]!]!;
        sq += x * x;
      }
      if (sq > 0) {
        const inv = 1 / Math.sqrt(sq);
        for (let p = a; p < b; p++) {
          const v = Math.fround(tfVal[p]! * w[tfIdx[p]!]! * inv);
          if (v !== 0) {
            indices[nnz] = tfIdx[p]!;
            values[nnz++] = v;
          }
        }
      }
      indptr[j + 1] = nnz;
    }
    return { n: ids.length, dim: this.dim, indptr, indices: nnz < cap ? indices.slice(0, nnz) : indices, values: nnz < cap ? values.slice(0, nnz) : values };
  }

  /** An embedder for a spec: known texts come from these features, others are embedded normally. */
  embedder(spec: LexicalHashV1Spec): SyncEmbedder {
    if (!this.matches(spec)) throw new Error('lexical spec does not match the feature cache (dim or n-gram orders differ)');
    const idf = Float64Array.from(spec.idf);
    const embedSync = (text: string): Float32Array => {
      const i = this.indexOfText.get(text);
      return i === undefined ? lexicalEmbed(spec, text, idf) : this.dense(i, idf);
    };
    const embedRows = (texts: readonly string[]): SparseRows => {
      const ids = texts.map((t) => this.indexOfText.get(t));
      if (ids.every((i) => i !== undefined)) return this.rows(ids as number[], idf);
      return lexicalRows(spec, texts, idf);
    };
    return { spec, dim: spec.dim, embedSync, embedRows, embed: (texts) => Promise.resolve(texts.map(embedSync)) };
  }
}
