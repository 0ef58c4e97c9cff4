/** /proc/meminfo: `MemTotal:  11698204 kB` is the RAM the kernel manages (a bit under the marketing size). */
import { ParseError } from '../errors';
import { describe } from './text';

export function parseMemTotalKb(text: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB\s*$/m.exec(text);
  if (!m) throw new ParseError('/proc/meminfo', `no "MemTotal: N kB" line in ${describe(text)}`);
  const kb = Number(m[1]);
  if (!Number.isSafeInteger(kb) || kb <= 0) throw new ParseError('/proc/meminfo', `MemTotal "${m[1]}" is not a size`);
  return kb;
}

export function memTotalMb(text: string): number {
  return Math.round(parseMemTotalKb(text) / 1024);
}
