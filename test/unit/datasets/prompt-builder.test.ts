import { describe, expect, it } from 'vitest';
import { buildMessages, MCQ_SYSTEM_PROMPT, pickShots, PROMPT_TEMPLATE_VERSION } from '../../../src/main/datasets/prompt-builder';
import type { PromptItem } from '../../../src/main/datasets/types';

const item = (id: string, subject: string, question: string, answer: PromptItem['answer'] = 'B'): PromptItem => ({
  id, subject, question, choices: ['red', 'green', 'blue', 'black'], answer, source: { file: 'f', line: 1 },
});

describe('buildMessages', () => {
  const q = item('mmlu/colors/test/0', 'high_school_colors', 'Which colour is grass?');

  it('builds [system, user] with the single-letter instruction, zero-shot', () => {
    const msgs = buildMessages(q);
    expect(msgs).toEqual([
      { role: 'system', content: MCQ_SYSTEM_PROMPT },
      {
        role: 'user',
        content:
          'The following are multiple choice questions about high school colors.\n\n' +
          'Which colour is grass?\nA. red\nB. green\nC. blue\nD. black\nAnswer:',
      },
    ]);
    expect(MCQ_SYSTEM_PROMPT).toMatch(/single letter/);
    expect(PROMPT_TEMPLATE_VERSION).toBe('mcq-letter/v1');
  });

  it('puts k solved examples before the question, in order', () => {
    const shots = [item('d/0', 'high_school_colors', 'Sky?', 'C'), item('d/1', 'high_school_colors', 'Coal?', 'D')];
    const user = buildMessages(q, { shots })[1]!.content;
    expect(user).toBe(
      'The following are multiple choice questions about high school colors.\n\n' +
        'Sky?\nA. red\nB. green\nC. blue\nD. black\nAnswer: C\n\n' +
        'Coal?\nA. red\nB. green\nC. blue\nD. black\nAnswer: D\n\n' +
        'Which colour is grass?\nA. red\nB. green\nC. blue\nD. black\nAnswer:',
    );
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildMessages(q))).toBe(JSON.stringify(buildMessages(structuredClone(q))));
  });

  it('sends an open prompt as is', () => {
    const open: PromptItem = { ...q, choices: null, answer: null, question: 'Tell me a joke.' };
    const msgs = buildMessages(open);
    expect(msgs[1]).toEqual({ role: 'user', content: 'Tell me a joke.' });
    expect(msgs[0]!.content).not.toMatch(/letter/);
  });

  it('refuses a shot without an answer, or the question itself as a shot', () => {
    expect(() => buildMessages(q, { shots: [item('d/0', 'x', 'q', null)] })).toThrow(/no choices or no answer/);
    expect(() => buildMessages(q, { shots: [q] })).toThrow(/the question itself/);
  });
});

describe('pickShots', () => {
  const pool = [item('d/a0', 'a', '1'), item('d/b0', 'b', '2'), item('d/a1', 'a', '3'), item('d/a2', 'a', '4')];
  it('takes the first k of the subject', () => {
    expect(pickShots(pool, 'a', 2).map((p) => p.id)).toEqual(['d/a0', 'd/a1']);
    expect(pickShots(pool, 'a', 0)).toEqual([]);
  });
  it('refuses more than available, with both numbers', () => {
    expect(() => pickShots(pool, 'b', 5)).toThrow(/Asked for 5 few-shot examples of "b" but the dev split has only 1/);
  });
});
