import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants as fsConstants, existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { delimiter } from 'node:path';
import type { DeviceFs } from './device-fs';
import type { PowerSource } from './power/power-model';
import { aarch64Command, EM_AARCH64, elfMachine } from './qemu-launcher';
import type { ShellIO } from './shell-io';

export interface LaunchRequest {
  /** The command word as typed (for error messages). */
  name: string;
  devicePath: string;
  args: string[];
  cwd: string;
  env: Map<string, string>;
  io: ShellIO;
  signal: AbortSignal;
}

/**
 * Runs files from the phone's tree as real host processes, so a runner pushed to /data/local/tmp really
 * executes and really burns CPU (which the power model measures). Each program leads its own process group:
 * that is what the CPU accounting follows and what gets killed when the ADB stream closes.
 */
export class ProcessLauncher {
  private live = new Set<ChildProcess>();

  constructor(
    private readonly fs: DeviceFs,
    private readonly power: PowerSource,
    /** Follows a spawned program's CPU time (the power model's input). */
    private readonly cpu: { track(pid: number): void },
    private readonly serial: string,
    /** Run pushed aarch64 programs (under qemu-aarch64 on other hosts): the arm64 virtual phone. */
    private readonly runsArm64 = false,
  ) {}

  get running(): number {
    return this.live.size;
  }

  killAll(): void {
    for (const child of this.live) killGroup(child);
  }

  async run(req: LaunchRequest): Promise<number> {
    const { io } = req;
    const sh = '/system/bin/sh';
    let hostPath: string;
    try {
      hostPath = this.fs.hostPath(req.devicePath);
    } catch {
      await io.stderr.write(`${sh}: ${req.name}: inaccessible or not found\n`);
      return 127;
    }
    const st = await stat(hostPath).catch(() => null);
    if (!st) {
      await io.stderr.write(`${sh}: ${req.name}: inaccessible or not found\n`);
      return 127;
    }
    if (st.isDirectory()) {
      await io.stderr.write(`${sh}: ${req.name}: can't execute: Is a directory\n`);
      return 126;
    }
    if ((st.mode & 0o111) === 0) {
      await io.stderr.write(`${sh}: ${req.name}: can't execute: Permission denied\n`);
      return 126;
    }

    const launch = await this.interpreterFor(hostPath, req.args, req.name);
    if ('reason' in launch) {
      await io.stderr.write(`${sh}: ${req.name}: can't execute: ${launch.reason}\n`);
      return 126;
    }
    const { command, argv } = launch;
    const cwdHost = (() => {
      try {
        const h = this.fs.hostPath(req.cwd);
        return existsSync(h) ? h : this.fs.root;
      } catch {
        return this.fs.root;
      }
    })();

    let child: ChildProcess;
    try {
      child = spawn(command, argv, {
        cwd: cwdHost,
        env: this.childEnv(req.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        argv0: req.name,
      });
    } catch (e) {
      await io.stderr.write(`${sh}: ${req.name}: can't execute: ${(e as Error).message}\n`);
      return 126;
    }
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    if (!spawned || child.pid === undefined) {
      await io.stderr.write(`${sh}: ${req.name}: can't execute: Exec format error\n`);
      return 126;
    }
    this.live.add(child);
    this.cpu.track(child.pid);

    const onAbort = () => killGroup(child);
    req.signal.addEventListener('abort', onAbort, { once: true });

    const pumpOut = (from: NodeJS.ReadableStream | null, to: ShellIO['stdout']) =>
      new Promise<void>((resolve) => {
        if (!from) return resolve();
        from.on('data', (chunk: Buffer) => {
          from.pause();
          void to.write(chunk).then(() => from.resume());
        });
        from.on('end', resolve);
        from.on('error', () => resolve());
      });
    const outDone = pumpOut(child.stdout, io.stdout);
    const errDone = pumpOut(child.stderr, io.stderr);

    let exited = false;
    // EPIPE when the program exits without reading its input is normal.
    child.stdin?.on('error', () => {});
    void (async () => {
      const stdin = child.stdin;
      if (!stdin) return;
      for (;;) {
        const chunk = await io.stdin.read();
        if (exited) return;
        if (chunk === null) {
          stdin.end();
          return;
        }
        if (!stdin.write(chunk)) await new Promise((r) => stdin.once('drain', r));
      }
    })();

    const code = await new Promise<number>((resolve) => {
      child.once('exit', (c, signal) => {
        exited = true;
        resolve(c ?? 128 + (signal ? (osConstants.signals[signal] ?? 9) : 9));
      });
    });
    await drained(Promise.all([outDone, errDone]), child.pid!);
    req.signal.removeEventListener('abort', onAbort);
    this.live.delete(child);
    return code;
  }

  /**
   * Scripts written for the phone start with `#!/system/bin/sh`, which does not exist on the host; they run
   * under the host's /bin/sh instead. A text file without a shebang runs under /bin/sh, as sh itself would.
   */
  private async interpreterFor(hostPath: string, args: string[], name: string): Promise<{ command: string; argv: string[] } | { reason: string }> {
    const head = Buffer.alloc(256);
    let n = 0;
    try {
      const fh = await open(hostPath, fsConstants.O_RDONLY);
      try {
        n = (await fh.read(head, 0, head.length, 0)).bytesRead;
      } finally {
        await fh.close();
      }
    } catch {
      return { command: hostPath, argv: args };
    }
    const text = head.subarray(0, n).toString('latin1');
    if (text.startsWith('\x7fELF')) {
      if (!this.runsArm64 || elfMachine(head.subarray(0, n)) !== EM_AARCH64) return { command: hostPath, argv: args };
      const emu = aarch64Command(hostPath, args, name);
      return emu.ok ? { command: emu.command, argv: emu.argv } : { reason: emu.reason };
    }
    if (text.startsWith('#!')) {
      const line = text.slice(2).split('\n')[0]!.trim();
      const [interp, ...iargs] = line.split(/\s+/);
      if (interp === '/system/bin/sh' || interp === '/bin/sh') return { command: '/bin/sh', argv: [hostPath, ...args] };
      if (interp && existsSync(interp)) return { command: hostPath, argv: args };
      if (interp?.startsWith('/system/bin/')) return { command: interp.slice('/system/bin/'.length), argv: [...iargs, hostPath, ...args] };
      return { command: hostPath, argv: args };
    }
    return { command: '/bin/sh', argv: [hostPath, ...args] };
  }

  private childEnv(shellEnv: Map<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      // The program runs on the host, so it needs the host's PATH to find its tools.
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: process.env.LANG ?? 'C.UTF-8',
    };
    for (const [k, v] of shellEnv) {
      if (k === 'PATH') continue;
      env[k] = this.mapPathList(v);
    }
    env.HOME = this.fs.hostPath('/data/local/tmp');
    env.TMPDIR = this.fs.hostPath('/data/local/tmp');
    env.AURORA_DEVICE_ROOT = this.fs.root;
    env.AURORA_BOOT_EPOCH_MS = String(this.power.bootEpochMs);
    env.AURORA_DEVICE_SERIAL = this.serial;
    env.ANDROID_SERIAL = this.serial;
    return env;
  }

  /**
   * `LD_LIBRARY_PATH=/data/local/tmp/lib ./runner` must find the libraries on the host: a value made of absolute
   * device paths that exist in the tree is rewritten to host paths. Anything else passes through unchanged.
   */
  private mapPathList(value: string): string {
    if (!value.startsWith('/')) return value;
    const parts = value.split(':');
    if (!parts.every((p) => p.startsWith('/'))) return value;
    let mapped = false;
    const out = parts.map((p) => {
      try {
        const h = this.fs.hostPath(p);
        if (existsSync(h) && p !== '/') {
          mapped = true;
          return h;
        }
      } catch {
        /* outside the tree: keep */
      }
      return p;
    });
    return mapped ? out.join(delimiter) : value;
  }
}

/** Whether any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits for a program's output to be forwarded after it exited. Its pipes end as soon as nothing holds their write
 * ends, so while its process group is empty the wait is for data already written (a crash report on stderr, the
 * last result line), however long a loaded machine takes to deliver it; a fixed grace period cut those off under
 * load. Only grandchildren still alive in the group can keep the pipes open for ever: then the wait ends after 2 s.
 */
async function drained(pipes: Promise<unknown>, pgid: number): Promise<void> {
  let done = false;
  void pipes.then(() => (done = true));
  const exitedAt = Date.now();
  while (!done) {
    await Promise.race([pipes, new Promise((r) => setTimeout(r, 100))]);
    if (done) return;
    if (groupAlive(pgid) ? Date.now() - exitedAt > 2000 : Date.now() - exitedAt > 60_000) return;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
