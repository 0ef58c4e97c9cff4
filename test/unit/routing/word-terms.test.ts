import { describe, expect, it } from 'vitest';
import { bucketOf, fitLexicalEmbedder, forEachFeature, signOf, tokenize } from '../../../src/main/routing/embedder';
import type { TermEntry } from '../../../src/main/routing/embedder';
import { fnv1a32 } from '../../../src/main/routing/hash';
import { LexicalFeatures } from '../../../src/main/routing/lexical-features';
import { PairTable } from '../../../src/main/routing/word-terms';
import { mulberry32 } from '../../../src/shared/kit/prng';

/** The term dictionary from feature strings (forEachFeature, the spec's reading): most texts per (bucket, sign), ties by term. */
function referenceTerms(texts: readonly string[], dim: number, word: [number, number]): TermEntry[] {
  const df = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    forEachFeature(tokenize(text), word, [3, 5], (f, kind) => {
      if (kind === 'word') seen.add(f);
    });
    for (const f of seen) df.set(f, (df.get(f) ?? 0) + 1);
  }
  const best = new Map<number, TermEntry>();
  for (const [f, d] of df) {
    const h = fnv1a32(f);
    const key = bucketOf(h, dim) * 2 + (signOf(h) < 0 ? 1 : 0);
    const term = f.slice(f.indexOf(':') + 1);
    const cur = best.get(key);
    if (!cur || d > cur.df || (d === cur.df && term < cur.term)) best.set(key, { bucket: bucketOf(h, dim), sign: signOf(h), term, df: d });
  }
  return [...best.values()].sort((a, b) => a.bucket - b.bucket || b.sign - a.sign);
}

describe('word features and the term dictionary', () => {
  it('a pair table keeps every (a, b) -> value through its growth, and says -1 for pairs never set', () => {
    const t = new PairTable();
    const rng = mulberry32(3);
    const ref = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const a = rng.int(300);
      const b = rng.int(300);
      t.set(a, b, i);
      ref.set(`${a},${b}`, i);
    }
    expect(t.size).toBe(ref.size);
    const wrong: string[] = [];
    for (let a = 0; a < 300; a++) for (let b = 0; b < 300; b++) if (t.get(a, b) !== (ref.get(`${a},${b}`) ?? -1)) wrong.push(`${a},${b}`);
    expect(wrong).toEqual([]);
    expect(t.get(300, 0)).toBe(-1);
  });

  it('is the dictionary of the feature strings, for fitLexicalEmbedder and the feature cache alike', () => {
    // Many distinct bigrams (past the pair table's first growths), repeated across texts so df ties and wins occur.
    const rng = mulberry32(8);
    const vocab = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
    const texts = Array.from({ length: 600 }, () => Array.from({ length: 6 + rng.int(10) }, () => vocab[Math.floor(rng.next() ** 2 * vocab.length)]!).join(' '));
    texts.push('Ｈello, Don\'t PANIC!', 'naïve café résumé', '');
    for (const dim of [64, 1024]) {
      const expected = referenceTerms(texts, dim, [1, 2]);
      expect(expected.length).toBeGreaterThan(dim / 4);
      expect(fitLexicalEmbedder(texts, { dim }).terms).toEqual(expected);
      const subset = Array.from({ length: 300 }, (_, i) => i * 2);
      expect(new LexicalFeatures(texts, { dim, terms: true }).fit(subset).terms).toEqual(referenceTerms(subset.map((i) => texts[i]!), dim, [1, 2]));
    }
    expect(fitLexicalEmbedder(texts, { dim: 256, wordNgrams: [1, 3] }).terms).toEqual(referenceTerms(texts, 256, [1, 3]));
  });
});
