import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneRuntime } from '../../../src/main/virtual-phone/phone-runtime';
import { createPhoneRuntime } from '../../../src/main/virtual-phone/phone-runtime';
import { ShellSession } from '../../../src/main/virtual-phone/shell-interpreter';
import { BufferSink, Pipe, emptySource } from '../../../src/main/virtual-phone/shell-io';

let dir: string;
let runtime: PhoneRuntime;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vp-shell-'));
  runtime = createPhoneRuntime({ vendor: 'samsung', stateDir: dir, serial: 'unit-phone' });
  await runtime.start();
});

afterAll(async () => {
  await runtime.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function sh(command: string, stdin?: string, session = new ShellSession(runtime.context)) {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  let input = emptySource;
  if (stdin !== undefined) {
    const p = new Pipe();
    void p.write(stdin);
    p.end();
    input = p;
  }
  const code = await session.run(command, { stdin: input, stdout, stderr }, new AbortController().signal);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('emulated shell', () => {
  it('runs && || ; with correct statuses and $?', async () => {
    const r = await sh('false && echo no; false || echo yes; nosuchcmd; echo "status=$?"');
    expect(r.stdout, 'only the || branch ran; $? is 127 after an unknown command').toBe('yes\nstatus=127\n');
    expect(r.stderr, 'mksh-style not-found message').toBe('/system/bin/sh: nosuchcmd: inaccessible or not found\n');
  });

  it('exits 127 for an unknown command', async () => {
    expect((await sh('definitely-not-here')).code, 'exit code').toBe(127);
  });

  it('keeps cd between commands and redirects into files, appending with >>', async () => {
    const r = await sh('mkdir -p /data/local/tmp/u && cd /data/local/tmp/u && echo one > f && echo two >> f && cat f && pwd');
    expect(r.stdout, 'file content then cwd').toBe('one\ntwo\n/data/local/tmp/u\n');
  });

  it('discards stderr with 2>/dev/null and merges with 2>&1', async () => {
    expect((await sh('ls /nope 2>/dev/null')).stderr, 'stderr dropped').toBe('');
    const merged = await sh('ls /nope 2>&1');
    expect(merged.stdout, 'stderr went to stdout').toContain('No such file or directory');
  });

  it('pipes between builtins', async () => {
    expect((await sh('getprop | grep ro.product.model')).stdout, 'grep over getprop').toBe('[ro.product.model]: [SM-S938B]\n');
    expect((await sh('cat', 'from stdin')).stdout, 'cat copies stdin').toBe('from stdin');
  });

  it('answers getprop with the persona and flags the phone as virtual', async () => {
    expect((await sh('getprop ro.soc.model')).stdout, 'soc').toBe('SM8750\n');
    expect((await sh('getprop ro.aurora.virtual')).stdout, 'virtual flag').toBe('1\n');
    expect((await sh('getprop ro.serialno')).stdout, 'serial').toBe('unit-phone\n');
  });

  it('spawns executable files with env prefixes, args, stdin and the exit code; refuses non-executables with 126', async () => {
    const prog = join(runtime.context.fs.hostPath('/data/local/tmp'), 'prog.sh');
    writeFileSync(prog, '#!/system/bin/sh\nread line\necho "got:$line arg:$1 foo:$FOO root:${AURORA_DEVICE_ROOT:+set} pwd:$(basename $PWD)"\nexit 3\n');
    chmodSync(prog, 0o755);
    const r = await sh('cd /data/local/tmp && FOO=bar ./prog.sh first', 'hello\n');
    expect(r.stdout, 'program output').toBe('got:hello arg:first foo:bar root:set pwd:tmp\n');
    expect(r.code, 'program exit code').toBe(3);
    chmodSync(prog, 0o644);
    const denied = await sh('/data/local/tmp/prog.sh');
    expect(denied.code, 'non-executable exits 126').toBe(126);
    expect(denied.stderr, 'non-executable message').toContain('Permission denied');
  });

  it('refuses paths that escape the device root', async () => {
    const r = await sh('cat /../../../../etc/passwd');
    expect(r.code, 'clamped at / so it is the device /etc/passwd, which does not exist').toBe(1);
    expect(r.stdout, 'nothing from the host leaks').toBe('');
  });

  it('freezes dumpsys battery on unplug and resumes on reset', async () => {
    await sh('dumpsys battery unplug');
    const frozen = await sh('dumpsys battery');
    expect(frozen.stdout, 'updates-stopped banner').toContain("(UPDATES STOPPED -- use 'reset' to restart)");
    expect(frozen.stdout, 'unplugged view').toContain('AC powered: false');
    await sh('dumpsys battery reset');
    expect((await sh('dumpsys battery')).stdout, 'live again').not.toContain('UPDATES STOPPED');
  });

  it('reports no ODPM on samsung the way dumpsys does', async () => {
    const r = await sh('dumpsys android.hardware.power.stats.IPowerStats/default');
    expect(r.stderr, 'missing service').toBe("Can't find service: android.hardware.power.stats.IPowerStats/default\n");
    expect(r.code, 'dumpsys still exits 0').toBe(0);
  });

  it('prints thermal status and both temperature blocks', async () => {
    const r = await sh('dumpsys thermalservice');
    expect(r.stdout, 'status line').toMatch(/^Thermal Status: 0$/m);
    expect(r.stdout, 'HAL block').toMatch(/Current temperatures from HAL:\n\tTemperature\{mValue=\d+\.\d, mType=\d, mName=[^,]+, mStatus=\d\}/);
    expect(r.stdout, 'cached block').toContain('Cached temperatures:');
  });

  it('prints df in toybox layout', async () => {
    const r = await sh('df -k /data/local/tmp');
    const [header, row] = r.stdout.trim().split('\n');
    expect(header!.split(/\s+/), 'header columns').toEqual(['Filesystem', '1K-blocks', 'Used', 'Available', 'Use%', 'Mounted', 'on']);
    expect(row, 'data row').toMatch(/^\/dev\/block\/\S+\s+\d+\s+\d+\s+\d+\s+\d+%\s+\/data$/);
  });
});
