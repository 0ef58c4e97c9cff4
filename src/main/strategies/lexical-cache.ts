/**
 * The lexical embedder (`lexical-hash-v1`, src/main/routing/embedder.ts) split into its two halves so k-fold
 * cross-fitting does not re-hash every prompt k times:
 * - per prompt, once: the signed sublinear TF per bucket (`sign * (1 + ln count)` summed per bucket, in the
 *   embedder's order) and the set of buckets its features touch (for document frequencies);
 * - per fold: the IDF from the TRAINING prompts only (`ln((1 + n) / (1 + df)) + 1`, exactly fitLexicalEmbedder's
 *   table), then weighting and L2 normalisation in the embedder's order of operations.
 * The vectors are bit-identical to `fitLexicalEmbedder(trainTexts).embedder.embedSync(text)` (checked by a test),
 * so a fold's profile embeds exactly as an exported profile would on a phone.
 */
import { bucketOf, forEachFeature, LEXICAL_DEFAULTS, lexicalEmbed, signOf, tokenize } from '../routing/embedder';
import type { LexicalFitOptions, LexicalHashV1Spec, SyncEmbedder } from '../routing/embedder';
import { fnv1a32 } from '../routing/hash';
import type { SparseRows } from '../routing/kmeans';

export class LexicalFeatureCache {
  readonly dim: number;
  readonly wordNgrams: [number, number];
  readonly charNgrams: [number, number];
  /** Per prompt: buckets with a nonzero TF sum (ascending) and their values. */
  private readonly tfPtr: Uint32Array;
  private readonly tfIdx: Uint32Array;
  private readonly tfVal: Float64Array;
  /** Per prompt: every bucket a feature touched (df counts these, even when signs cancel). */
  private readonly dfPtr: Uint32Array;
  private readonly dfIdx: Uint32Array;
  private readonly indexOfText = new Map<string, number>();

  constructor(
    readonly texts: readonly string[],
    options: LexicalFitOptions = {},
  ) {
    this.dim = options.dim ?? LEXICAL_DEFAULTS.dim;
    this.wordNgrams = options.wordNgrams ?? LEXICAL_DEFAULTS.wordNgrams;
    this.charNgrams = options.charNgrams ?? LEXICAL_DEFAULTS.charNgrams;
    const n = texts.length;
    const tfIdx: number[] = [];
    const tfVal: number[] = [];
    const dfIdx: number[] = [];
    this.tfPtr = new Uint32Array(n + 1);
    this.dfPtr = new Uint32Array(n + 1);
    const acc = new Float64Array(this.dim);
    const touched = new Uint8Array(this.dim);
    for (let i = 0; i < n; i++) {
      const text = texts[i]!;
      if (!this.indexOfText.has(text)) this.indexOfText.set(text, i);
      const counts = new Map<number, number>();
      forEachFeature(tokenize(text), this.wordNgrams, this.charNgrams, (f) => {
        const h = fnv1a32(f);
        counts.set(h, (counts.get(h) ?? 0) + 1);
      });
      const used: number[] = [];
      for (const [h, count] of counts) {
        const b = bucketOf(h, this.dim);
        if (!touched[b]) {
          touched[b] = 1;
          used.push(b);
        }
        acc[b]! += signOf(h) * (1 + Math.log(count));
      }
      used.sort((a, b) => a - b);
      for (const b of used) {
        dfIdx.push(b);
        if (acc[b] !== 0) {
          tfIdx.push(b);
          tfVal.push(acc[b]!);
        }
        acc[b] = 0;
        touched[b] = 0;
      }
      this.tfPtr[i + 1] = tfIdx.length;
      this.dfPtr[i + 1] = dfIdx.length;
    }
    this.tfIdx = Uint32Array.from(tfIdx);
    this.tfVal = Float64Array.from(tfVal);
    this.dfIdx = Uint32Array.from(dfIdx);
  }

  /** The lexical spec fitted on the prompts `train` (what fitLexicalEmbedder would fit on their texts). */
  specFor(train: ArrayLike<number>): LexicalHashV1Spec {
    const df = new Float64Array(this.dim);
    for (let j = 0; j < train.length; j++) {
      const i = train[j]!;
      for (let p = this.dfPtr[i]!; p < this.dfPtr[i + 1]!; p++) df[this.dfIdx[p]!]!++;
    }
    const n = train.length;
    const idf: number[] = new Array<number>(this.dim);
    for (let b = 0; b < this.dim; b++) idf[b] = Math.log((1 + n) / (1 + df[b]!)) + 1;
    return {
      type: 'lexical-hash-v1',
      dim: this.dim,
      normalization: 'nfkc-lower-letters-digits-v1',
      hash: 'fnv1a32-utf8',
      word_ngrams: [this.wordNgrams[0], this.wordNgrams[1]],
      char_ngrams: [this.charNgrams[0], this.charNgrams[1]],
      tf: 'sublinear',
      idf,
      n_docs: n,
      norm: 'l2',
    };
  }

  /** Whether a spec uses this cache's features (same dim and n-gram orders); then any IDF can be applied. */
  matches(spec: LexicalHashV1Spec): boolean {
    return spec.dim === this.dim && spec.word_ngrams[0] === this.wordNgrams[0] && spec.word_ngrams[1] === this.wordNgrams[1] && spec.char_ngrams[0] === this.charNgrams[0] && spec.char_ngrams[1] === this.charNgrams[1];
  }

  /** Embedding of prompt i under an IDF table, as sparse (bucket, value) pairs; same numbers as lexicalEmbed. */
  private sparse(i: number, idf: ArrayLike<number>): { idx: Uint32Array; val: Float32Array } {
    const a = this.tfPtr[i]!;
    const b = this.tfPtr[i + 1]!;
    const w = new Float64Array(b - a);
    let sq = 0;
    for (let p = a; p < b; p++) {
      const x = this.tfVal[p]! * idf[this.tfIdx[p]!]!;
      w[p - a] = x;
      sq += x * x;
    }
    const val = new Float32Array(b - a);
    if (sq > 0) {
      const inv = 1 / Math.sqrt(sq);
      for (let q = 0; q < w.length; q++) val[q] = w[q]! * inv;
    }
    return { idx: this.tfIdx.subarray(a, b), val };
  }

  /** Dense embedding of prompt i under an IDF table. */
  dense(i: number, idf: ArrayLike<number>): Float32Array {
    const out = new Float32Array(this.dim);
    const { idx, val } = this.sparse(i, idf);
    for (let q = 0; q < idx.length; q++) out[idx[q]!] = val[q]!;
    return out;
  }

  /** Rows `ids` embedded under an IDF table, as the CSR matrix k-means takes. */
  rows(ids: ArrayLike<number>, idf: ArrayLike<number>): SparseRows {
    const parts = Array.from({ length: ids.length }, (_, j) => this.sparse(ids[j]!, idf));
    let nnz = 0;
    for (const p of parts) for (let q = 0; q < p.val.length; q++) if (p.val[q] !== 0) nnz++;
    const indptr = new Uint32Array(ids.length + 1);
    const indices = new Uint32Array(nnz);
    const values = new Float32Array(nnz);
    let o = 0;
    parts.forEach((p, j) => {
      for (let q = 0; q < p.val.length; q++) {
        if (p.val[q] === 0) continue;
        indices[o] = p.idx[q]!;
        values[o] = p.val[q]!;
        o++;
      }
      indptr[j + 1] = o;
    });
    return { n: ids.length, dim: this.dim, indptr, indices, values };
  }

  /** A SyncEmbedder for a spec: cached prompts are served from the cache, other texts embedded normally. */
  embedder(spec: LexicalHashV1Spec): SyncEmbedder {
    if (!this.matches(spec)) throw new Error('lexical spec does not match the feature cache (dim or n-gram orders differ)');
    const idf = Float64Array.from(spec.idf);
    const embedSync = (text: string): Float32Array => {
      const i = this.indexOfText.get(text);
      return i === undefined ? lexicalEmbed(spec, text, idf) : this.dense(i, idf);
    };
    return { spec, dim: spec.dim, embedSync, embed: (texts) => Promise.resolve(texts.map(embedSync)) };
  }
}
