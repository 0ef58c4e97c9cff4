/**
 * Shell commands for a phone, built from validated parts. The device runs every adb shell command through
 * `sh -c`, so a raw string from a user (a model path, a prompt) must never be pasted into one: a `ShellCommand`
 * can only be made here, program names must match a safe pattern, and every argument is single-quoted.
 */
import { DeviceError } from './errors';

/** Program names: a bare name (`getprop`) or a path (`./runner`, `/data/local/tmp/aurora/runner`). */
const PROGRAM = /^(?:[A-Za-z0-9_][A-Za-z0-9_.+-]*|\.{0,2}\/[A-Za-z0-9_.+/-]*)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * How a command binds, loosest last. Combinators add parentheses only where sh precedence needs them: the
 * device's sh handles subshells, but minimal shells (the lab's virtual phone) may not, and each one forks.
 */
type Kind = 'simple' | 'pipe' | 'and' | 'or' | 'seq';

let make: (text: string, kind: Kind) => ShellCommand;

export class ShellCommand {
  readonly #text: string;
  readonly #kind: Kind;

  private constructor(text: string, kind: Kind) {
    this.#text = text;
    this.#kind = kind;
  }

  static {
    make = (text, kind) => new ShellCommand(text, kind);
  }

  /** The exact text handed to the device's `sh -c`. */
  get text(): string {
    return this.#text;
  }

  /** One program invocation (env assignments and redirections can attach to it). */
  get isSimple(): boolean {
    return this.#kind === 'simple';
  }

  get kind(): Kind {
    return this.#kind;
  }

  toString(): string {
    return this.#text;
  }
}

export function isShellCommand(value: unknown): value is ShellCommand {
  return value instanceof ShellCommand;
}

function invalid(message: string): never {
  throw new DeviceError('invalid-command', message);
}

/** POSIX single quoting: inside '...' nothing is special except the quote itself, written as '\''. */
export function quote(arg: string | number): string {
  const s = typeof arg === 'number' ? numberArg(arg) : arg;
  // NUL ends the adb service name and C strings; it can never reach the program intact.
  if (s.includes('\0')) invalid('A shell argument cannot contain a NUL character');
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function numberArg(n: number): string {
  if (!Number.isFinite(n)) invalid(`A numeric shell argument must be finite, got ${n}`);
  return String(n);
}

function checkProgram(program: string): void {
  if (!PROGRAM.test(program)) {
    invalid(`"${program}" is not an allowed program name (letters, digits, _ . + - and / only)`);
  }
}

/** `sh('getprop', 'ro.product.model')` → `getprop 'ro.product.model'`. */
export function sh(program: string, ...args: Array<string | number>): ShellCommand {
  checkProgram(program);
  return make([program, ...args.map(quote)].join(' '), 'simple');
}

function grouped(cmd: ShellCommand): string {
  return `(${cmd.text})`;
}

function nonEmpty(cmds: ShellCommand[]): void {
  if (cmds.length === 0) invalid('A command list needs at least one command');
}

/** Runs every command in turn regardless of failures: `a; b`. `;` binds loosest, so nothing needs grouping. */
export function seq(...cmds: ShellCommand[]): ShellCommand {
  nonEmpty(cmds);
  if (cmds.length === 1) return cmds[0]!;
  return make(cmds.map((c) => c.text).join('; '), 'seq');
}

function andOr(op: 'and' | 'or', cmds: ShellCommand[]): ShellCommand {
  nonEmpty(cmds);
  if (cmds.length === 1) return cmds[0]!;
  // && and || share one precedence, left to right: a leading list of either kind and later lists of the same
  // kind read as intended; anything else (a later `||` inside an `&&` chain, or a `;` list) is grouped.
  const parts = cmds.map((c, i) => {
    if (c.kind === 'simple' || c.kind === 'pipe' || c.kind === op) return c.text;
    if (i === 0 && (c.kind === 'and' || c.kind === 'or')) return c.text;
    return grouped(c);
  });
  return make(parts.join(op === 'and' ? ' && ' : ' || '), op);
}

/** Runs each command while the previous one succeeded: `a && b`. */
export function and(...cmds: ShellCommand[]): ShellCommand {
  return andOr('and', cmds);
}

/** `a || b`. */
export function or(...cmds: ShellCommand[]): ShellCommand {
  return andOr('or', cmds);
}

/** `a | b`. */
export function pipe(...cmds: ShellCommand[]): ShellCommand {
  nonEmpty(cmds);
  if (cmds.length === 1) return cmds[0]!;
  return make(cmds.map((c) => (c.kind === 'simple' || c.kind === 'pipe' ? c.text : grouped(c))).join(' | '), 'pipe');
}

/** Environment variables for one command: `NAME='value' cmd` (a compound command gets a subshell). */
export function withEnv(vars: Record<string, string | number>, cmd: ShellCommand): ShellCommand {
  const assignments = Object.entries(vars).map(([name, value]) => {
    if (!ENV_NAME.test(name)) invalid(`"${name}" is not a valid environment variable name`);
    return `${name}=${quote(value)}`;
  });
  if (assignments.length === 0) return cmd;
  if (cmd.isSimple) return make(`${assignments.join(' ')} ${cmd.text}`, 'simple');
  return make(`(export ${assignments.join(' ')}; ${cmd.text})`, 'simple');
}

/**
 * `cd 'dir' && cmd`. The directory change lasts for the rest of this command line; adb runs every command line
 * in a fresh shell, so nothing outside it is affected.
 */
export function inDir(dir: string, cmd: ShellCommand): ShellCommand {
  return and(make(`cd ${quote(dir)}`, 'simple'), cmd);
}

/** Drops the command's stderr (e.g. probing files that may be unreadable). */
export function quietStderr(cmd: ShellCommand): ShellCommand {
  if (cmd.isSimple) return make(`${cmd.text} 2>/dev/null`, 'simple');
  return make(`${grouped(cmd)} 2>/dev/null`, 'simple');
}

const LABEL = /^[A-Za-z0-9_@:.-]+$/;

/**
 * `echo 'LABEL' $?`: prints a fixed label and the previous command's exit status. Lets one round trip run
 * several commands and still tell their outputs and results apart. The label is a constant, never user text.
 */
export function echoStatus(label: string): ShellCommand {
  if (!LABEL.test(label)) invalid(`"${label}" is not a valid marker label`);
  return make(`echo ${quote(label)} $?`, 'simple');
}
