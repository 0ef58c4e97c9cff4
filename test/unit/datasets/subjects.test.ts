import { describe, expect, it } from 'vitest';
import { itemsOfSubjects, subjectCounts, unknownSubject } from '../../../src/main/datasets/subjects';
import type { PromptItem } from '../../../src/main/datasets/types';

const item = (subject: string, i: number): PromptItem => ({ id: `${subject}/${i}`, subject, question: `q${i}`, choices: null, answer: null, source: { file: 'f', line: i + 1 } });
const ITEMS = [item('virology', 0), item('astronomy', 1), item('virology', 2), item('anatomy', 3)];

describe('choosing subjects of a prompt set', () => {
  it('counts each subject, by name', () => {
    expect(subjectCounts(ITEMS)).toEqual([
      { subject: 'anatomy', count: 1 },
      { subject: 'astronomy', count: 1 },
      { subject: 'virology', count: 2 },
    ]);
  });

  it('keeps the chosen subjects in the set order', () => {
    expect(itemsOfSubjects(ITEMS, ['virology', 'astronomy']).map((i) => i.id)).toEqual(['virology/0', 'astronomy/1', 'virology/2']);
  });

  it('matches a subject typed with other case, spaces or hyphens (the seed guide writes "College Physics")', () => {
    const items = [{ id: 'a', subject: 'college_physics' }, { id: 'b', subject: 'anatomy' }] as typeof ITEMS;
    expect(unknownSubject(items, ['College Physics', 'ANATOMY'], 'set')).toBeNull();
    expect(itemsOfSubjects(items, ['college-physics']).map((i) => i.id)).toEqual(['a']);
  });

  it('names the first unknown subject, the closest names and every subject', () => {
    expect(unknownSubject(ITEMS, ['virology'], 'set')).toBeNull();
    expect(unknownSubject(ITEMS, ['virology', 'astronmy'], 'mmlu/test')).toEqual({
      index: 1,
      message: 'mmlu/test has no subject "astronmy". Did you mean "astronomy"? Its 3 subjects: anatomy, astronomy, virology.',
    });
    expect(unknownSubject(ITEMS, ['zzz'], 's')!.message).toBe('s has no subject "zzz". Its 3 subjects: anatomy, astronomy, virology.');
  });
});
