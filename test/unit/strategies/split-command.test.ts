import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, splitCommand } from '../../../src/main/strategies/external/split-command';

describe('splitCommand', () => {
  it('splits on blanks', () => {
    expect(splitCommand('python3  router.py\t--k 5\n')).toEqual(['python3', 'router.py', '--k', '5']);
  });

  it('keeps single-quoted text literally and double-quoted text with only \\" and \\\\ escaped', () => {
    expect(splitCommand(`a 'b c' "d e"`)).toEqual(['a', 'b c', 'd e']);
    expect(splitCommand(`'a\\b "c"'`)).toEqual(['a\\b "c"']);
    // As in a POSIX shell, a backslash cannot escape a single quote inside single quotes.
    expect(() => splitCommand(`'it\\'s'`)).toThrow(/Unterminated single quote/);
    expect(splitCommand(`"say \\"hi\\" \\\\ \\n"`)).toEqual(['say "hi" \\ \\n']);
    expect(splitCommand(`a"b c"d 'e'"f"`)).toEqual(['ab cd', 'ef']);
    expect(splitCommand(`run "" ''`)).toEqual(['run', '', '']);
  });

  it('never interprets shell metacharacters: they stay in the arguments', () => {
    expect(splitCommand('router.py ; rm -rf / && echo $HOME | cat > out `id` $(id) *.py')).toEqual([
      'router.py', ';', 'rm', '-rf', '/', '&&', 'echo', '$HOME', '|', 'cat', '>', 'out', '`id`', '$(id)', '*.py',
    ]);
    expect(splitCommand('a;b')).toEqual(['a;b']);
  });

  it('escapes blanks, quotes and backslashes outside quotes, and keeps other backslashes (Windows paths)', () => {
    expect(splitCommand('my\\ router.py \\"x\\" \\\\')).toEqual(['my router.py', '"x"', '\\']);
    expect(splitCommand('C:\\tools\\router.exe --in C:\\data')).toEqual(['C:\\tools\\router.exe', '--in', 'C:\\data']);
    expect(splitCommand('trailing\\')).toEqual(['trailing\\']);
  });

  it('refuses unterminated quotes and empty commands with a message that says what to do', () => {
    expect(() => splitCommand(`python3 'router.py`)).toThrow(CommandSyntaxError);
    expect(() => splitCommand(`python3 'router.py`)).toThrow(/Unterminated single quote at character 9/);
    expect(() => splitCommand('python3 "router.py')).toThrow(/Unterminated double quote/);
    expect(() => splitCommand('   ')).toThrow(/empty: give a program and its arguments/);
    expect(() => splitCommand('"" router.py')).toThrow(/empty/);
  });
});
