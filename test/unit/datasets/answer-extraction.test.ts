import { describe, expect, it } from 'vitest';
import { extractAnswer } from '../../../src/main/datasets/answer-extraction';
import type { ExtractionMethod } from '../../../src/main/datasets/answer-extraction';

const CITIES = ['London', 'Paris', 'Rome', 'Berlin'];
const ANIMALS = ['cat', 'dog', 'horse', 'cow'];
const ARTICLES = ['a dog', 'A cat', 'a horse', 'a cow'];

type Case = [reply: string, letter: 'A' | 'B' | 'C' | 'D' | null, how?: ExtractionMethod, choices?: string[]];

const CASES: Case[] = [
  // Bare letters, however decorated.
  ['C', 'C', 'bare-letter'],
  ['c', 'C', 'bare-letter'],
  ['(c)', 'C', 'bare-letter'],
  ['**B**', 'B', 'bare-letter'],
  ['[D].', 'D', 'bare-letter'],
  ['b)', 'B', 'bare-letter'],
  ['A.', 'A', 'bare-letter'],
  ['\n\n   D\n', 'D', 'bare-letter'],
  ['"A"', 'A', 'bare-letter'],
  ['C\n\nExplanation: photosynthesis needs carbon dioxide.', 'C', 'bare-letter'],
  ['\\boxed{B}', 'B', 'bare-letter'],
  ['<think>A looks tempting, but no.</think>\nD', 'D', 'bare-letter'],
  // "Answer" cues: the last one wins.
  ['Answer: C', 'C', 'answer-phrase'],
  ['ANSWER: b', 'B', 'answer-phrase'],
  ['answer: (b).', 'B', 'answer-phrase'],
  ['The answer is C.', 'C', 'answer-phrase'],
  ['The correct answer is: **(B) Paris**', 'B', 'answer-phrase'],
  ['My final answer is D', 'D', 'answer-phrase'],
  ['The answer would be option A because of inertia.', 'A', 'answer-phrase'],
  ['Answer:\nC', 'C', 'answer-phrase'],
  ['answer - c)', 'C', 'answer-phrase'],
  ['Both A and C are wrong, the answer is D', 'D', 'answer-phrase'],
  ['The answer is A. Wait, no: the answer is C.', 'C', 'answer-phrase'],
  ['Let me think. A is incorrect, B is incorrect, so the answer is therefore C.', 'C', 'answer-phrase'],
  ['The answer is A because it is the only mammal.', 'A', 'answer-phrase'],
  ['The answer is A, not B.', 'A', 'answer-phrase'],
  ['The answer is: D) 42', 'D', 'answer-phrase'],
  ['The answer is b because it moves.', 'B', 'answer-phrase'],
  ['Correct answer: B. Explanation: option C is a distractor.', 'B', 'answer-phrase'],
  ['The answer is C and D is wrong.', 'C', 'answer-phrase'],
  ['Final Answer: The final answer is $\\boxed{C}$', 'C', 'answer-phrase'],
  ['Let me check each: (A) false (B) false (C) true (D) false. So the answer is C.', 'C', 'answer-phrase'],
  ['The answer is Paris.', 'B', 'choice-text', CITIES],
  // Refusals around answer cues.
  ['The answer is A or B.', null, 'ambiguous'],
  ['Answer: C/D', null, 'ambiguous'],
  ['The answer is E.', null, 'invalid-letter'],
  ['The answer is a mystery to me.', null, 'no-letter'],
  ['The answer is not A', null, 'no-letter'],
  // Option / choice cues.
  ['Option B', 'B', 'option-phrase'],
  ['The correct choice is (C).', 'C', 'option-phrase'],
  ['I would pick option d.', 'D', 'option-phrase'],
  ['D) None of the above. Option A is wrong.', 'D', 'leading-letter'],
  // A reply starting with a lettered choice.
  ['B) Paris', 'B', 'leading-letter'],
  ['C. 42', 'C', 'leading-letter'],
  ['(a) cat', 'A', 'leading-letter'],
  ['D: none of the above', 'D', 'leading-letter'],
  ['A - London', 'A', 'leading-letter'],
  ['B) Paris, since A and C are not capitals of France.', 'B', 'leading-letter'],
  // Stated letters.
  ["I think it's D", 'D', 'stated-letter'],
  ['I’d go with (B).', 'B', 'stated-letter'],
  ['It is C', 'C', 'stated-letter'],
  ['The options are A, B, C and D. I pick B.', 'B', 'stated-letter'],
  ["I'm fairly sure it's A because inertia keeps it moving.", 'A', 'stated-letter'],
  // The article "a"/"A" is not answer A.
  ['A cat', null, 'no-letter'],
  ['A cat is a small mammal.', null, 'no-letter'],
  ['It is a mammal.', null, 'no-letter'],
  ["I think it's a trick question.", null, 'no-letter'],
  ['It is A good question, but I am unsure.', null, 'no-letter'],
  ['Another option: A simpler way is to guess.', null, 'no-letter'],
  ['a', 'A', 'bare-letter'],
  // ... unless the reply is clearly the choice: its text, or the letter followed by its text.
  ['A cat', 'A', 'leading-letter', ANIMALS],
  ['A cat', 'B', 'choice-text', ARTICLES],
  ['A dog', null, 'no-letter', ANIMALS],
  // Choice text repeated exactly.
  ['Paris', 'B', 'choice-text', CITIES],
  ['paris.', 'B', 'choice-text', CITIES],
  ['  Berlin  ', 'D', 'choice-text', CITIES],
  ['Paris is lovely in spring.', null, 'no-letter', CITIES],
  ['Same', null, 'ambiguous', ['Same', 'Other', 'Same', 'Third']],
  // Two letters offered.
  ['A or B', null, 'ambiguous'],
  ['Either B or D.', null, 'ambiguous'],
  ['It could be A and B.', null, 'ambiguous'],
  ["It's either A or C", null, 'ambiguous'],
  // Letters marked as choices elsewhere.
  ["It's a tough one, but B.", 'B', 'lone-letter'],
  ['Looking at the options, (C) fits best.', 'C', 'lone-letter'],
  ['C is correct.', 'C', 'lone-letter'],
  ['Hmm, so D', 'D', 'lone-letter'],
  ['A is wrong. C is right. D is wrong.', 'C', 'lone-letter'],
  ['(A) is plausible, but (C) also works.', null, 'ambiguous'],
  ['Hepatitis B', null, 'no-letter'],
  ['The vitamin is Vitamin C', null, 'no-letter'],
  // No letter at all.
  ['I am not sure.', null, 'no-letter'],
  ['The capital of France is a city on the Seine.', null, 'no-letter'],
  ['The answer is 3', null, 'no-letter'],
  ['', null, 'empty'],
  ['   \n ', null, 'empty'],
  ['<think>The answer is A', null, 'unfinished-thinking'],
];

describe('extractAnswer', () => {
  it('has a substantial table', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%j -> %s (%s)', (reply, letter, how, choices) => {
    const got = extractAnswer(reply, choices ?? null);
    expect(got.letter).toBe(letter);
    expect(got.parsed).toBe(letter !== null);
    if (how) expect(got.how).toBe(how);
  });
});
