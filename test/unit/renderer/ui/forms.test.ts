import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueLines, optionalInt, toggled } from '../../../../src/renderer/src/ui/forms';

describe('form helpers', () => {
  it('toggles selections in picking order', () => {
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
  });

  it('reads an optional whole number in range, naming the field when it is not one', () => {
    const errors: string[] = [];
    expect(optionalInt(' 12 ', 'Repetitions', 1, 100, errors)).toBe(12);
    expect(optionalInt('', 'Repetitions', 1, 100, errors)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(optionalInt('0', 'Repetitions', 1, 100, errors)).toBeUndefined();
    expect(optionalInt('2.5', 'Seed', 0, 2 ** 31 - 1, errors)).toBeUndefined();
    expect(optionalInt('x', 'K', 1, 64, errors)).toBeUndefined();
    expect(errors).toEqual([
      'Repetitions must be a whole number from 1 to 100.',
      'Seed must be a whole number from 0 to 2147483647.',
      'K must be a whole number from 1 to 64.',
    ]);
  });

  it('turns a schema’s complaints into lines naming the field', () => {
    const schema = z.object({ n: z.number().int(), nested: z.object({ k: z.string() }) }).strict();
    const r = schema.safeParse({ n: 1.5, nested: { k: 3 } });
    expect(r.success).toBe(false);
    if (r.success) return;
    const lines = issueLines(r.error);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^n: /);
    expect(lines[1]).toMatch(/^nested\.k: /);
    const whole = z.string().safeParse(5);
    expect(!whole.success && issueLines(whole.error)[0]).not.toMatch(/^:/);
  });
});
