/**
 * `--router-cmd "python3 my_router.py --k 5"` -> argv, without a shell: the program is spawned directly, so no shell
 * metacharacter (`|`, `;`, `&&`, `$VAR`, `*`, `>`, backticks) is ever interpreted; they are plain characters of
 * an argument. Quoting follows the POSIX shell's, minus everything that expands:
 * - blanks (space, tab, newline) separate arguments;
 * - '...' keeps everything literally (no escape inside);
 * - "..." keeps everything literally except \" and \\ (a backslash before anything else stays a backslash);
 * - outside quotes a backslash escapes a blank, a quote or a backslash; before any other character it is kept, so
 *   a Windows path like C:\tools\router.exe survives unquoted;
 * - quotes join with adjacent text (a"b c"d is one argument: ab cd), and "" is an empty argument.
 */

export class CommandSyntaxError extends Error {
  override readonly name = 'CommandSyntaxError';
}

const BLANK = /[ \t\r\n]/;

export function splitCommand(command: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inArg = false;
  let i = 0;
  const n = command.length;
  while (i < n) {
    const c = command[i] as string;
    if (BLANK.test(c)) {
      if (inArg) args.push(cur);
      cur = '';
      inArg = false;
      i++;
      continue;
    }
    inArg = true;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new CommandSyntaxError(`Unterminated single quote at character ${i + 1} of the command: ${command}`);
      cur += command.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = command[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) {
          cur += command[i + 1];
          i += 2;
          continue;
        }
        cur += d;
        i++;
      }
      if (!closed) throw new CommandSyntaxError(`Unterminated double quote in the command: ${command}`);
      continue;
    }
    if (c === '\\') {
      const next = command[i + 1];
      if (next !== undefined && (BLANK.test(next) || next === '"' || next === "'" || next === '\\')) {
        cur += next;
        i += 2;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (inArg) args.push(cur);
  if (args.length === 0 || args[0] === '') throw new CommandSyntaxError('The router command is empty: give a program and its arguments, e.g. --router-cmd "python3 my_router.py"');
  return args;
}
