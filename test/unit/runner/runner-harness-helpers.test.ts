import { describe, expect, it } from 'vitest';
import { parseAnswerLetter } from '../../integration/runner/runner-harness';

describe('runner test helpers', () => {
  it('parses the answer formats the simulated engine produces, and refuses the unparsable ones', () => {
    expect(parseAnswerLetter('The answer is C.')).toBe('C');
    expect(parseAnswerLetter('The correct answer is (B). This is because...')).toBe('B');
    expect(parseAnswerLetter('Answer: (d)')).toBe('D');
    expect(parseAnswerLetter('A')).toBe('A');
    expect(parseAnswerLetter('A. This is because the other options...')).toBe('A');
    expect(parseAnswerLetter('**B**')).toBe('B');
    expect(parseAnswerLetter('I cannot determine the answer from the information given.')).toBeNull();
    expect(parseAnswerLetter('Both of the middle options seem plausible to me.')).toBeNull();
    expect(parseAnswerLetter('The ans')).toBeNull();
  });
});
