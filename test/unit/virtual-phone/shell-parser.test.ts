import { describe, expect, it } from 'vitest';
import { ShellSyntaxError, expandWord, parseScript, shellQuote } from '../../../src/main/virtual-phone/shell-parser';

const vars = (m: Record<string, string>) => (n: string) => m[n];

describe('shell parser', () => {
  it('honours single and double quotes and variable expansion only outside single quotes', () => {
    const [list] = parseScript(`echo 'a $X' "b $X" c$X "\\"q\\""`);
    const words = list!.first.commands[0]!.words.map((w) => expandWord(w, vars({ X: '1' })));
    expect(words, 'quoted words').toEqual(['echo', 'a $X', 'b 1', 'c1', '"q"']);
  });

  it('splits lists on ; && || and pipelines on |', () => {
    const script = parseScript('cd /data/local/tmp && ./runner || echo failed; ls | wc -l');
    expect(script.length, 'two lists separated by ;').toBe(2);
    expect(script[0]!.rest.map((r) => r.op), 'and/or chain').toEqual(['&&', '||']);
    expect(script[1]!.first.commands.length, 'pipeline of two').toBe(2);
  });

  it('reads VAR=value prefixes as assignments, not words', () => {
    const cmd = parseScript('CACTUS_NO_CLOUD_TELE=1 A="x y" ./bin arg')[0]!.first.commands[0]!;
    expect(cmd.assigns.map((a) => [a.name, expandWord(a.value, vars({}))]), 'assignments').toEqual([
      ['CACTUS_NO_CLOUD_TELE', '1'],
      ['A', 'x y'],
    ]);
    expect(cmd.words.map((w) => expandWord(w, vars({}))), 'words after assignments').toEqual(['./bin', 'arg']);
  });

  it('parses fd redirections: > >> < 2>/dev/null 2>&1', () => {
    const cmd = parseScript('cmd >out.txt 2>/dev/null >>log <in 2>&1')[0]!.first.commands[0]!;
    expect(cmd.redirects.map((r) => [r.fd, r.op, expandWord(r.target, vars({}))]), 'redirections in order').toEqual([
      [1, '>', 'out.txt'],
      [2, '>', '/dev/null'],
      [1, '>>', 'log'],
      [0, '<', 'in'],
      [2, '>&', '1'],
    ]);
    expect(cmd.words.length, 'only the command word remains').toBe(1);
  });

  it('expands $? and ${NAME}', () => {
    const w = parseScript('echo $?-${HOME}')[0]!.first.commands[0]!.words[1]!;
    expect(expandWord(w, vars({ '?': '127', HOME: '/' })), 'special and braced vars').toBe('127-/');
  });

  it('reports syntax errors instead of guessing', () => {
    expect(() => parseScript("echo 'unterminated"), 'open quote').toThrow(ShellSyntaxError);
    expect(() => parseScript('echo a && && b'), 'empty command after &&').toThrow(ShellSyntaxError);
    expect(() => parseScript('| ls'), 'leading pipe').toThrow(ShellSyntaxError);
  });

  it('quotes arguments so that parsing gives them back', () => {
    for (const s of ['plain', 'with space', "it's", '$HOME', '']) {
      const w = parseScript(`echo ${shellQuote(s)}`)[0]!.first.commands[0]!.words[1];
      expect(w ? expandWord(w, vars({ HOME: 'X' })) : '', `round trip of ${JSON.stringify(s)}`).toBe(s);
    }
  });
});
