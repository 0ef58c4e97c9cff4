import { describe, expect, it } from 'vitest';
import { embedderFromSpec, fitLexicalEmbedder, lexicalEmbed, tokenize, forEachFeature } from '../../../src/main/routing/embedder';
import { fnv1a32 } from '../../../src/main/routing/hash';
import { embedderSpecSchema } from '../../../src/main/routing/profile-v2';

const texts = [
  'What is the capital of France?',
  'Solve for x: 2x + 3 = 7.',
  'Which enzyme breaks down starch in the mouth?',
  'Ｆｕｌｌ-width ＴＥＸＴ and café, naïve résumé — déjà vu!',
  'The derivative of x^2 is 2x.',
  '',
];

describe('lexical-hash-v1 embedder', () => {
  it('hashes with FNV-1a 32 over UTF-8 (reference values)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // 'é' is UTF-8 C3 A9.
    let h = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    expect(fnv1a32('é')).toBe(h);
  });

  it('normalises text by the documented rule', () => {
    expect(tokenize("Don't  PANIC, Ｈello!")).toEqual(['don', 't', 'panic', 'hello']);
    expect(tokenize('')).toEqual([]);
    const feats: string[] = [];
    forEachFeature(['ab', 'c'], [1, 2], [3, 5], (f) => feats.push(f));
    expect(feats).toEqual(['w1:ab', 'w2:ab c', 'c3: ab', 'c3:ab ', 'c4: ab ', 'w1:c', 'c3: c ']);
  });

  it('gives unit vectors, zero for empty text, and is reproduced exactly from its spec', () => {
    const { embedder, terms } = fitLexicalEmbedder(texts, { dim: 512 });
    expect(terms.length).toBeGreaterThan(10);
    const spec = JSON.parse(JSON.stringify(embedder.spec)) as unknown;
    const again = embedderFromSpec(embedderSpecSchema.parse(spec));
    for (const t of [...texts, 'an unseen prompt about starch and France']) {
      const a = embedder.embedSync(t);
      const b = again.embedSync(t);
      expect(Array.from(b)).toEqual(Array.from(a));
      const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
      if (t === '') expect(norm).toBe(0);
      else expect(norm).toBeCloseTo(1, 6);
    }
  });

  it('matches a from-scratch reading of the spec', () => {
    const { embedder } = fitLexicalEmbedder(texts, { dim: 256 });
    const spec = embedder.spec;
    if (spec.type !== 'lexical-hash-v1') throw new Error('lexical');
    // Counts of 1, 2, a few, and past the sublinear table's 256 (a feature repeated 300 and 400 times).
    for (const text of ['Solve for x: x + x = 4', `${'ab '.repeat(300)}${'cd ef '.repeat(7)}`, 'x '.repeat(400)]) {
      // Re-derive: count features by hash, sublinear tf, signed buckets, idf, L2.
      const counts = new Map<number, number>();
      forEachFeature(tokenize(text), spec.word_ngrams, spec.char_ngrams, (f) => counts.set(fnv1a32(f), (counts.get(fnv1a32(f)) ?? 0) + 1));
      const v = new Float64Array(spec.dim);
      for (const [h, c] of counts) v[h % spec.dim]! += (h >>> 31 ? -1 : 1) * (1 + Math.log(c));
      for (let b = 0; b < spec.dim; b++) v[b]! *= spec.idf[b]!;
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      const want = Float32Array.from(v, (x) => x / norm);
      expect(Array.from(lexicalEmbed(spec, text))).toEqual(Array.from(want));
    }
    // idf = ln((1 + N) / (1 + df)) + 1 with df = training texts touching the bucket.
    const df = new Array<number>(spec.dim).fill(0);
    for (const t of texts) {
      const touched = new Set<number>();
      forEachFeature(tokenize(t), spec.word_ngrams, spec.char_ngrams, (f) => touched.add(fnv1a32(f) % spec.dim));
      for (const b of touched) df[b]!++;
    }
    expect(spec.idf).toEqual(df.map((d) => Math.log((1 + texts.length) / (1 + d)) + 1));
    expect(spec.n_docs).toBe(texts.length);
  });

  it('is async-friendly', async () => {
    const { embedder } = fitLexicalEmbedder(texts, { dim: 128 });
    const [a] = await embedder.embed(['hello world']);
    expect(Array.from(a!)).toEqual(Array.from(embedder.embedSync('hello world')));
  });
});
