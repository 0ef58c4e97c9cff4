import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../../src/shared/kit/suggest';

const MODELS = ['gemma-270m', 'lfm2-350m', 'smollm-360m', 'qwen-600m', 'lfm2-vl-450m', 'lfm2-700m', 'gemma-1b', 'lfm2-1.2b', 'lfm2-1.2b-tools', 'qwen-1.7b', 'smollm-1.7b', 'lfm2-vl-1.6b'];

describe('suggestions for a mistyped name', () => {
  it('measures edits', () => {
    expect(editDistance('qwen-60m', 'qwen-600m')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ABC', 'abc')).toBe(0);
  });

  it('suggests the closest model ids, best first', () => {
    expect(closest('qwen-60m', MODELS)[0]).toBe('qwen-600m');
    expect(closest('gema-270m', MODELS)).toEqual(['gemma-270m']);
    expect(closest('qwen', MODELS)).toEqual(['qwen-1.7b', 'qwen-600m']);
    expect(closest('astronmy', ['astronomy', 'anatomy', 'virology'])).toEqual(['astronomy']);
  });

  it('says nothing when nothing is close', () => {
    expect(closest('zzzzzz', MODELS)).toEqual([]);
    expect(didYouMean('zzzzzz', MODELS)).toBe('');
  });

  it('phrases one or several', () => {
    expect(didYouMean('qwen-60m', ['qwen-600m'])).toBe(' Did you mean "qwen-600m"?');
    expect(didYouMean('lfm2-1.2', MODELS, 2)).toBe(' Did you mean "lfm2-1.2b" or "lfm2-1.2b-tools"?');
    expect(didYouMean('lfm2', MODELS, 3)).toBe(' Did you mean "lfm2-1.2b", "lfm2-1.2b-tools" or "lfm2-350m"?');
  });
});
