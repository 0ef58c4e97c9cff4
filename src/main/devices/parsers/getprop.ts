/**
 * `getprop` output: one `[key]: [value]` per line. A value may span lines (it contains newlines), in which
 * case the closing `]` is at the end of a later line. Dumps pasted from a terminal sometimes carry several
 * properties on one line, padded into columns (`[a]: [15]      [b]: [35]`); such lines are split where a new
 * `[key]: [` starts after a run of spaces, so each property keeps its own value.
 */
import { ParseError } from '../errors';
import { describe, lines } from './text';

const START = /^\[([A-Za-z0-9_.\-:@]+)\]: \[(.*)$/;
/** Two or more spaces, then the start of another property on the same line. */
const COLUMN_BREAK = /\s{2,}(?=\[[A-Za-z0-9_.\-:@]+\]: \[)/;

function segments(line: string): string[] {
  return COLUMN_BREAK.test(line) ? line.split(COLUMN_BREAK) : [line];
}

export type Props = ReadonlyMap<string, string>;

export function parseGetprop(text: string): Map<string, string> {
  const props = new Map<string, string>();
  let pendingKey: string | null = null;
  let pendingValue = '';

  const take = (line: string) => {
    const start = START.exec(line);
    if (start) {
      // A new property while one is still open: the open one was truncated; keep what it had.
      if (pendingKey !== null) props.set(pendingKey, pendingValue);
      pendingKey = null;
      const [, key, rest] = start as unknown as [string, string, string];
      if (rest.endsWith(']')) {
        props.set(key, rest.slice(0, -1));
      } else {
        pendingKey = key;
        pendingValue = rest;
      }
      return;
    }
    if (pendingKey !== null) {
      if (line.endsWith(']')) {
        props.set(pendingKey, `${pendingValue}\n${line.slice(0, -1)}`);
        pendingKey = null;
      } else {
        pendingValue += `\n${line}`;
      }
    }
    // Other lines (blank, stray warnings from the shell) carry no properties.
  };
  for (const line of lines(text)) {
    // Inside a multi-line value a line is value text, whatever it looks like.
    if (pendingKey !== null) take(line);
    else for (const part of segments(line)) take(part);
  }
  if (pendingKey !== null) {
    throw new ParseError('getprop', `the value of [${pendingKey}] never ends (output truncated?)`);
  }
  if (props.size === 0) {
    throw new ParseError('getprop', `no "[key]: [value]" lines in ${describe(text)}`);
  }
  return props;
}
