import { describe, expect, it } from 'vitest';
import { scoreLogLikelihoods, scoreReply, summarizeScores } from '../../../src/main/datasets/scoring';
import type { PromptItem } from '../../../src/main/datasets/types';

const mcq: PromptItem = { id: 'x/0', subject: 's', question: 'Capital of France?', choices: ['London', 'Paris', 'Rome', 'Berlin'], answer: 'B', source: { file: 'f', line: 1 } };
const noKey: PromptItem = { ...mcq, id: 'x/1', answer: null };
const open: PromptItem = { ...mcq, id: 'x/2', choices: null, answer: null, question: 'Write a haiku.' };

describe('scoreReply', () => {
  it('marks right, wrong and unparsable replies', () => {
    expect(scoreReply(mcq, 'The answer is B.')).toMatchObject({ correct: true, unparsable: false, extracted: { letter: 'B' } });
    expect(scoreReply(mcq, 'Paris')).toMatchObject({ correct: true, extracted: { how: 'choice-text' } });
    expect(scoreReply(mcq, 'C')).toMatchObject({ correct: false, unparsable: false });
    expect(scoreReply(mcq, 'A or B')).toMatchObject({ correct: false, unparsable: true, extracted: { how: 'ambiguous' } });
    expect(scoreReply(mcq, 'No idea, sorry.')).toMatchObject({ correct: false, unparsable: true });
  });

  it('gives null correctness without an answer key, and does not score open prompts', () => {
    expect(scoreReply(noKey, 'B')).toMatchObject({ correct: null, unparsable: false, extracted: { letter: 'B' } });
    expect(scoreReply(noKey, 'hmm')).toMatchObject({ correct: null, unparsable: true });
    expect(scoreReply(open, 'An old silent pond')).toMatchObject({ correct: null, unparsable: false });
  });
});

describe('scoreLogLikelihoods', () => {
  it('picks the argmax, ties to the first', () => {
    expect(scoreLogLikelihoods(mcq, [-3, -1.2, -2, -5])).toEqual({ letter: 'B', correct: true, method: 'loglik' });
    expect(scoreLogLikelihoods(mcq, [-1, -2, -1, -3])).toMatchObject({ letter: 'A', correct: false });
    expect(scoreLogLikelihoods(mcq, [-4, -2, -3, -2])).toMatchObject({ letter: 'B' });
    expect(scoreLogLikelihoods(mcq, [-Infinity, -Infinity, -Infinity, -0.5])).toMatchObject({ letter: 'D' });
    expect(scoreLogLikelihoods(noKey, [0, -1, -1, -1]).correct).toBeNull();
  });

  it('refuses the wrong count or NaN', () => {
    expect(() => scoreLogLikelihoods(mcq, [-1, -2, -3])).toThrow(/Expected 4 log-likelihoods/);
    expect(() => scoreLogLikelihoods(mcq, [-1, Number.NaN, -3, -4])).toThrow(/NaN/);
  });
});

describe('summarizeScores', () => {
  it('counts unparsable replies as wrong and separately', () => {
    const scores = [scoreReply(mcq, 'B'), scoreReply(mcq, 'C'), scoreReply(mcq, '???'), scoreReply(noKey, 'A'), scoreReply(open, 'x')];
    expect(summarizeScores(scores)).toEqual({ total: 5, scored: 3, correct: 1, wrong: 2, unparsable: 1, accuracy: 1 / 3 });
    expect(summarizeScores([]).accuracy).toBeNull();
  });
});
