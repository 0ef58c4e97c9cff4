import { describe, expect, it } from 'vitest';
import { fitLexicalEmbedder, forEachFeature, lexicalEmbed, lexicalRows, tokenize } from '../../../src/main/routing/embedder';
import type { LexicalHashV1Spec } from '../../../src/main/routing/embedder';
import { countFeatureHashes, FeatureCounter } from '../../../src/main/routing/feature-hash';
import { fnv1a32 } from '../../../src/main/routing/hash';
import { toSparseRows } from '../../../src/main/routing/kmeans';

const TEXTS = [
  'What is the capital of France?',
  'Ｆｕｌｌ-width ＴＥＸＴ and café, naïve résumé — déjà vu!',
  '東京は日本の首都です。 中文 テキスト',
  'emoji 🚀🚀 rocket 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral letters',
  'a',
  '',
  'supercalifragilisticexpialidocious '.repeat(40),
  'x^2 + 2x + 1 = 0, solve for x; Ünïcödé mixed ascii',
];

describe('feature hashes without feature strings', () => {
  it.each([
    [[1, 2], [3, 5]],
    [[1, 3], [1, 4]],
    [[2, 2], [0, 2]],
    [[1, 1], [0, 0]],
  ] as const)('are the spec reading, occurrence for occurrence (word %j, char %j)', (word, char) => {
    const counter = new FeatureCounter();
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const expected = new Map<number, number>();
      forEachFeature(tokens, word, char, (f) => expected.set(fnv1a32(f), (expected.get(fnv1a32(f)) ?? 0) + 1));
      counter.reset();
      countFeatureHashes(tokens, word, char, counter);
      const got = new Map<number, number>();
      for (let e = 0; e < counter.size; e++) got.set(counter.hashes[e]!, counter.counts[e]!);
      expect([...got], text).toEqual([...expected]);
    }
  });

  it('give the lexical vectors bit for bit, as dense vectors and as CSR rows', () => {
    const { embedder } = fitLexicalEmbedder(TEXTS, { dim: 128 });
    const spec = embedder.spec as LexicalHashV1Spec;
    const dense = new Float32Array(TEXTS.length * 128);
    TEXTS.forEach((t, i) => dense.set(lexicalEmbed(spec, t), i * 128));
    const viaDense = toSparseRows(dense, TEXTS.length, 128);
    const rows = lexicalRows(spec, TEXTS);
    expect(Array.from(rows.indptr)).toEqual(Array.from(viaDense.indptr));
    expect(Array.from(rows.indices)).toEqual(Array.from(viaDense.indices));
    expect(Array.from(rows.values)).toEqual(Array.from(viaDense.values));
  });
});
