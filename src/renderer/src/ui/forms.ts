/**
 * What every form of the renderer checks the same way: a whole number in a range (blank means the lab's default),
 * the contract schema's own verdict as lines a person reads, and multi-select lists. Pure, unit-tested in
 * test/unit/renderer/ui/forms.test.ts.
 */
import type { z } from 'zod';

/**
 * A whole number from `min` to `max`, or undefined when blank (the lab's default). A bad value adds
 * "<label> must be a whole number from <min> to <max>." to `errors` (plain digits: what the user types).
 */
export function optionalInt(text: string, label: string, min: number, max: number, errors: string[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${label} must be a whole number from ${min} to ${max}.`);
    return undefined;
  }
  return n;
}

/** A schema's complaints as "field.path: message" lines (the field is left out when the whole request is wrong). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** A selection toggled on or off, keeping the order items were picked in. */
export function toggled<T extends string>(list: readonly T[], item: T, on: boolean): T[] {
  if (on) return list.includes(item) ? [...list] : [...list, item];
  return list.filter((x) => x !== item);
}
