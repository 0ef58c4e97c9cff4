/** Option parsers shared by the commands: each refuses bad input with the flag and the range in the message. */
import { InvalidArgumentError, type Command } from 'commander';
import { TABLE_FORMATS, type TableFormat } from '../../shared/kit/printers';

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** `a,b, c` -> ['a', 'b', 'c']. */
export const listOption = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A repeatable option's values, in order. */
export const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function kOption(value: string): 'auto' | number {
  if (value === 'auto') return 'auto';
  return intOption('--k', 1, 64)(value);
}

export function seedOption(value: string): number {
  return intOption('--seed', 0, 2 ** 31 - 1)(value);
}

export function preferenceOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('--preference must be a number from 0 (small/fast) to 1 (quality).');
  return n;
}

/** Table formats on the command line (`--json` prints the API's documents instead). */
const CLI_FORMATS = TABLE_FORMATS.filter((f) => f !== 'json');

export function formatOption(value: string): TableFormat {
  const f = CLI_FORMATS.find((x) => x === value);
  if (!f) throw new InvalidArgumentError(`--format must be one of ${CLI_FORMATS.join(', ')}.`);
  return f;
}

/** `--port` (0 = any free port) and `--host` (default loopback) of the commands that listen. */
export function addListenOptions(cmd: Command, defaultPort: number): Command {
  return cmd.option('--port <n>', 'TCP port to listen on (0 = any free port)', intOption('--port', 0, 65535), defaultPort).option('--host <addr>', 'address to listen on', '127.0.0.1');
}
