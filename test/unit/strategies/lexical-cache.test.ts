import { describe, expect, it } from 'vitest';
import { LexicalFeatureCache } from '../../../src/main/strategies/lexical-cache';
import { fitLexicalEmbedder } from '../../../src/main/routing/embedder';

const TEXTS = ['What is the capital of France?', 'Prove that there are infinitely many primes.', 'Ｈello, Don\'t PANIC!', 'naïve café résumé', 'What is 2 + 2?', '', 'prime prime prime numbers'];

describe('lexical feature cache', () => {
  it('per-fold IDF and vectors are bit-identical to fitLexicalEmbedder on the training texts', () => {
    const cache = new LexicalFeatureCache(TEXTS, { dim: 64 });
    const train = [0, 2, 3, 6];
    const spec = cache.specFor(train);
    const ref = fitLexicalEmbedder(train.map((i) => TEXTS[i]!), { dim: 64 }).embedder;
    expect(spec).toEqual(ref.spec);
    const emb = cache.embedder(spec);
    for (const t of [...TEXTS, 'a text the cache never saw']) expect(Array.from(emb.embedSync(t))).toEqual(Array.from(ref.embedSync(t)));
    const rows = cache.rows([1, 4], spec.idf);
    expect(rows.n).toBe(2);
    const dense = new Float32Array(64);
    for (let p = rows.indptr[0]!; p < rows.indptr[1]!; p++) dense[rows.indices[p]!] = rows.values[p]!;
    expect(Array.from(dense)).toEqual(Array.from(ref.embedSync(TEXTS[1]!)));
    // Every text (the empty one gives an empty row), in any order, under a number[] or a Float64Array IDF: the
    // CSR rows of the embedder itself, value for value.
    const order = [6, 5, 0, 3, 1, 2, 4];
    const expected = ref.embedRows!(order.map((i) => TEXTS[i]!));
    expect(expected.indptr[2]! - expected.indptr[1]!).toBe(0);
    for (const idf of [spec.idf, Float64Array.from(spec.idf)]) {
      const got = cache.rows(order, idf);
      expect(Array.from(got.indptr)).toEqual(Array.from(expected.indptr));
      expect(Array.from(got.indices)).toEqual(Array.from(expected.indices));
      expect(Array.from(got.values)).toEqual(Array.from(expected.values));
    }
  });
});
