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
  });
});
