import { describe, expect, it } from 'vitest';
import { fingerprintItems, fingerprintSelection } from '../../../src/main/datasets/fingerprint';
import type { PromptItem } from '../../../src/main/datasets/types';

const base: PromptItem[] = [
  { id: 'x/0', subject: 's', question: 'Q0', choices: ['a', 'b', 'c', 'd'], answer: 'A', source: { file: 'f', line: 1 } },
  { id: 'x/1', subject: 's', question: 'Q1', choices: ['a', 'b', 'c', 'd'], answer: 'B', source: { file: 'f', line: 2 } },
  { id: 'x/2', subject: 't', question: 'Open prompt', choices: null, answer: null, source: { file: 'f', line: 3 } },
];

const clone = (): PromptItem[] => structuredClone(base);

describe('fingerprintItems', () => {
  const reference = fingerprintItems(base);

  it('is a sha256 hex digest, stable across calls and copies', () => {
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintItems(clone())).toBe(reference);
  });

  it('pins the serialisation (a change here breaks comparability with stored runs)', () => {
    expect(reference).toMatchInlineSnapshot(`"d77f139c34ba49d739fc7bb4bb78410ac7fa50ae05dab790d45fae7794ea9a41"`);
  });

  it('ignores where items came from', () => {
    const moved = clone().map((i) => ({ ...i, source: { file: '/elsewhere.csv', line: 99 } }));
    expect(fingerprintItems(moved)).toBe(reference);
  });

  it.each<[string, (items: PromptItem[]) => void]>([
    ['id', (i) => (i[0]!.id = 'x/9')],
    ['subject', (i) => (i[0]!.subject = 'S')],
    ['question text (one char)', (i) => (i[1]!.question = 'Q1 ')],
    ['a choice', (i) => (i[0]!.choices![2] = 'C')],
    ['an answer', (i) => (i[1]!.answer = 'C')],
    ['an answer removed', (i) => (i[1]!.answer = null)],
    ['choices removed', (i) => (i[0]!.choices = null)],
    ['order', (i) => i.reverse()],
    ['an item dropped', (i) => i.pop()],
    ['an item duplicated', (i) => i.push(i[0]!)],
  ])('changes when %s changes', (_what, mutate) => {
    const items = clone();
    mutate(items);
    expect(fingerprintItems(items)).not.toBe(reference);
  });

  it('does not confuse field boundaries', () => {
    const a = clone();
    const b = clone();
    a[0]!.question = 'ab';
    a[0]!.choices = ['c', 'b', 'c', 'd'];
    b[0]!.question = 'a';
    b[0]!.choices = ['bc', 'b', 'c', 'd'];
    expect(fingerprintItems(a)).not.toBe(fingerprintItems(b));
  });

  it('fingerprintSelection records both the set and the selection', () => {
    const set = { name: 'x', items: base, fingerprint: reference };
    const sel = fingerprintSelection(set, base.slice(0, 2));
    expect(sel).toMatchObject({ setName: 'x', setFingerprint: reference, count: 2, fingerprintVersion: 'aurora-prompts/v1' });
    expect(sel.selectionFingerprint).toBe(fingerprintItems(base.slice(0, 2)));
    expect(sel.selectionFingerprint).not.toBe(reference);
  });
});
