import { describe, expect, it } from 'vitest';
import { buildQuickRequest, initialQuickForm, parsePrompts } from '../../../../src/renderer/src/runs/quick-form';

describe('prompt lines', () => {
  it('takes one open prompt per line, skipping blank lines and # comments', () => {
    const { prompts, errors } = parsePrompts('What is 2+2?\n\n  # a note\nName a colour.  \r\n');
    expect(errors).toEqual([]);
    expect(prompts).toEqual([
      { id: 'line-1', text: 'What is 2+2?' },
      { id: 'line-4', text: 'Name a colour.' },
    ]);
  });

  it('reads four choices and an optional answer letter', () => {
    const { prompts, errors } = parsePrompts('Largest planet? | Mars | Jupiter | Venus | Earth | b\nSmallest? | a | b | c | d');
    expect(errors).toEqual([]);
    expect(prompts[0]).toEqual({ id: 'line-1', text: 'Largest planet?', choices: ['Mars', 'Jupiter', 'Venus', 'Earth'], answer: 'B' });
    expect(prompts[1]).toEqual({ id: 'line-2', text: 'Smallest?', choices: ['a', 'b', 'c', 'd'] });
  });

  it('keeps escaped bars in the text', () => {
    expect(parsePrompts('Is a \\| b true?').prompts[0]!.text).toBe('Is a | b true?');
  });

  it('names the line of each mistake', () => {
    const { prompts, errors } = parsePrompts('ok\nQ | B\nQ | a | b | c\n | a | b | c | d\nQ | a | b | c | d | E\nQ | a |  | c | d');
    expect(prompts).toHaveLength(1);
    expect(errors).toEqual([
      expect.stringMatching(/^Line 2: an answer letter needs the four choices/),
      expect.stringMatching(/^Line 3: expected four choices .* found 3 field/),
      'Line 4: the prompt before the first | is empty.',
      'Line 5: the answer must be A, B, C or D, not "E".',
      'Line 6: a choice is empty.',
    ]);
  });
});

describe('quick run request', () => {
  const form = { ...initialQuickForm('gemma-270m'), promptsText: 'Hi\nName a colour.' };

  it('builds a request the contract accepts', () => {
    const built = buildQuickRequest('127.0.0.1:5555', { ...form, energyMethod: 'odpm', maxTokens: ' 64 ', suspendCharging: true, warmup: false });
    expect(built).toEqual({
      ok: true,
      request: {
        serial: '127.0.0.1:5555',
        model: 'gemma-270m',
        prompts: [
          { id: 'line-1', text: 'Hi' },
          { id: 'line-2', text: 'Name a colour.' },
        ],
        energyMethod: 'odpm',
        suspendCharging: true,
        warmup: false,
        maxTokens: 64,
      },
    });
    // An empty max tokens means the lab's default.
    const dflt = buildQuickRequest('127.0.0.1:5555', { ...form, maxTokens: '' });
    expect(dflt.ok && 'maxTokens' in dflt.request).toBe(false);
  });

  it('says what is missing or wrong before sending', () => {
    expect(buildQuickRequest('S1', { ...initialQuickForm(''), promptsText: '' })).toEqual({
      ok: false,
      errors: ['Pick a model.', 'Enter at least one prompt (one per line).'],
    });
    expect(buildQuickRequest('S1', { ...form, maxTokens: '0' })).toEqual({ ok: false, errors: ['Max tokens must be a whole number from 1 to 4096.'] });
    expect(buildQuickRequest('S1', { ...form, maxTokens: '1.5' }).ok).toBe(false);
    // The contract's own checks come through too.
    const bad = buildQuickRequest('bad serial!', form);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^serial: /);
    const many = buildQuickRequest('S1', { ...form, promptsText: Array.from({ length: 501 }, (_, i) => `p${i}`).join('\n') });
    expect(!many.ok && many.errors).toEqual(['At most 500 prompts per quick run (501 given).']);
  });
});
