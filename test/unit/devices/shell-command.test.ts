import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../../src/main/devices/errors';
import { and, echoStatus, inDir, or, pipe, quietStderr, quote, seq, sh, withEnv } from '../../../src/main/devices/shell-command';

/** Runs the command text in a real POSIX sh, as adbd does with `sh -c`, printing each argv entry NUL-terminated. */
function argvOf(text: string): string[] {
  const out = execFileSync('sh', ['-c', `printargs() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${text}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('quote', () => {
  it('single-quotes and escapes embedded quotes', () => {
    expect(quote('ro.product.model')).toBe(`'ro.product.model'`);
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('')).toBe(`''`);
    expect(quote(42)).toBe(`'42'`);
  });

  it('rejects NUL and non-finite numbers', () => {
    expect(() => quote('a\0b')).toThrow(DeviceError);
    expect(() => quote(Number.NaN)).toThrow(/finite/);
  });
});

describe('sh', () => {
  it('builds `program args` with every argument quoted', () => {
    expect(sh('getprop', 'ro.product.model').text).toBe(`getprop 'ro.product.model'`);
    expect(sh('/data/local/tmp/aurora/runner', '--port', 0).text).toBe(`/data/local/tmp/aurora/runner '--port' '0'`);
    expect(sh('./runner').text).toBe('./runner');
  });

  it.each(['rm -rf /', 'getprop;reboot', '$(reboot)', '`id`', 'a|b', '-rf', '', 'a b', 'x>y', "it's"])(
    'rejects the program name %j',
    (name) => {
      expect(() => sh(name)).toThrow(/not an allowed program name/);
    },
  );

  const attacks = [
    `'; reboot; echo '`,
    '$(reboot)',
    '`reboot`',
    '"; reboot; "',
    'a && reboot',
    'x | sh',
    'line1\nreboot',
    '$HOME ${PATH} $?',
    "\\'",
    '> /sdcard/pwned',
    '*',
    '~',
  ];
  it.each(attacks)('keeps the injection attempt %j one inert argument', (attack) => {
    const cmd = sh('printargs', attack, 'after');
    expect(argvOf(cmd.text)).toEqual([attack, 'after']);
  });

  it('cannot be constructed from a raw string', () => {
    // The constructor is private: the only way in is sh()/the combinators.
    expect(Object.keys(sh('true'))).toEqual([]);
  });
});

describe('combinators', () => {
  it('joins commands with && ; | and groups compound parts', () => {
    expect(and(sh('true'), sh('echo', 'a')).text).toBe(`true && echo 'a'`);
    expect(seq(sh('a'), and(sh('b'), sh('c'))).text).toBe(`a; b && c`);
    expect(and(sh('a'), seq(sh('b'), sh('c'))).text).toBe(`a && (b; c)`);
    expect(and(and(sh('a'), sh('b')), and(sh('c'), sh('d'))).text).toBe(`a && b && c && d`);
    expect(and(sh('a'), or(sh('b'), sh('c'))).text).toBe(`a && (b || c)`);
    expect(or(and(sh('a'), sh('b')), sh('c')).text).toBe(`a && b || c`);
    expect(pipe(sh('a'), and(sh('b'), sh('c'))).text).toBe(`a | (b && c)`);
    expect(quietStderr(and(sh('a'), sh('b'))).text).toBe(`(a && b) 2>/dev/null`);
    expect(pipe(sh('cat', '/proc/cpuinfo'), sh('grep', 'Features')).text).toBe(`cat '/proc/cpuinfo' | grep 'Features'`);
    expect(quietStderr(sh('cat', '/x')).text).toBe(`cat '/x' 2>/dev/null`);
    expect(echoStatus('@@AURORA@@getprop').text).toBe(`echo '@@AURORA@@getprop' $?`);
  });

  it('sets env for one command and quotes values', () => {
    const cmd = withEnv({ CACTUS_NO_CLOUD_TELE: 1, NOTE: '$(reboot)' }, sh('printargs', 'x'));
    expect(cmd.text).toBe(`CACTUS_NO_CLOUD_TELE='1' NOTE='$(reboot)' printargs 'x'`);
    expect(() => withEnv({ 'A;B': 'x' }, sh('true'))).toThrow(/environment variable/);
    const compound = withEnv({ A: 'v' }, and(sh('true'), sh('true')));
    expect(compound.text).toBe(`(export A='v'; true && true)`);
  });

  it('runs in a directory, and only if cd worked', () => {
    const out = execFileSync('sh', ['-c', inDir('/tmp', sh('pwd')).text], { encoding: 'utf8', cwd: '/' });
    expect(out.trim()).toBe('/tmp');
    expect(inDir("/data/local/tmp/it's", sh('ls')).text).toBe(`cd '/data/local/tmp/it'\\''s' && ls`);
    expect(() => execFileSync('sh', ['-c', inDir('/nonexistent', sh('echo', 'ran')).text], { stdio: 'pipe' })).toThrow();
  });

  it('rejects bad marker labels and empty lists', () => {
    expect(() => echoStatus('x; reboot')).toThrow(/marker/);
    expect(() => and()).toThrow(/at least one/);
  });
});
