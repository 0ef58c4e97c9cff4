import { describe, expect, it } from 'vitest';
import { parseEmbeddingText } from '../../../../src/shared/kit/embedding-text';

describe('an embedding as a person gives it', () => {
  it('reads a JSON array, {"embedding"}, {"vector"} and plain numbers', () => {
    expect(parseEmbeddingText('[0.5, -1, 2e-3]')).toEqual({ ok: true, vector: [0.5, -1, 0.002] });
    expect(parseEmbeddingText('{"embedding": [1, 2]}')).toEqual({ ok: true, vector: [1, 2] });
    expect(parseEmbeddingText('{"vector": [3]}')).toEqual({ ok: true, vector: [3] });
    expect(parseEmbeddingText(' 1, 2\n3\t4 ')).toEqual({ ok: true, vector: [1, 2, 3, 4] });
  });

  it('says what is wrong', () => {
    expect(parseEmbeddingText('   ')).toEqual({ ok: false, error: 'no numbers given' });
    expect(parseEmbeddingText('[1, 2')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(parseEmbeddingText('{"values": [1]}')).toEqual({ ok: false, error: 'vector: expected an array of numbers (or {"embedding": [...]})' });
    expect(parseEmbeddingText('[1, null]')).toEqual({ ok: false, error: '(document)[1]: expected a finite number, got null' });
    expect(parseEmbeddingText('1 two 3')).toEqual({ ok: false, error: 'value 2 ("two") is not a number' });
  });
});
