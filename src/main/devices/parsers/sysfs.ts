/** Single-value sysfs files such as /sys/class/power_supply/battery/current_now: one integer and a newline. */
import { ParseError } from '../errors';
import { describe, parseIntStrict } from './text';

export function parseSysfsInt(text: string, what: string): number {
  const n = parseIntStrict(text);
  if (n === null) throw new ParseError(what, `expected one integer, got ${describe(text)}`);
  return n;
}
