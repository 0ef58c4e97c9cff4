import { readdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { findCommand } from './commands';
import type { CommandContext, PhoneContext } from './commands/types';
import type { Redirect, SimpleCommand, Word } from './shell-parser';
import { ShellSyntaxError, expandWord, hasGlob, parseScript } from './shell-parser';
import type { InStream, OutStream, ShellIO } from './shell-io';
import { FileSink, FileSource, Pipe, emptySource, nullSink } from './shell-io';

const SH = '/system/bin/sh';

/** Android's default PATH for the shell user; files found there in the phone's tree can be run by name. */
export const DEVICE_PATH = '/product/bin:/apex/com.android.runtime/bin:/apex/com.android.art/bin:/system_ext/bin:/system/bin:/system/xbin:/odm/bin:/vendor/bin:/vendor/xbin';

class ExitRequest {
  constructor(readonly code: number) {}
}

/**
 * One `sh -c` worth of state (cwd, variables, $?) running parsed scripts: builtins in-process, files from the
 * phone's tree as host processes.
 */
export class ShellSession {
  cwd = '/';
  lastStatus = 0;
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();

  constructor(private readonly phone: PhoneContext) {
    const base: [string, string][] = [
      ['PATH', DEVICE_PATH],
      ['HOME', '/'],
      ['SHELL', SH],
      ['USER', 'shell'],
      ['LOGNAME', 'shell'],
      ['HOSTNAME', 'localhost'],
      ['TMPDIR', '/data/local/tmp'],
      ['ANDROID_DATA', '/data'],
      ['ANDROID_ROOT', '/system'],
      ['ANDROID_STORAGE', '/storage'],
      ['EXTERNAL_STORAGE', '/sdcard'],
      ['ANDROID_ASSETS', '/system/app'],
    ];
    for (const [k, v] of base) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
  }

  /** Runs a command line; resolves with its exit status (syntax errors give 1, like mksh's -c). */
  async run(source: string, io: ShellIO, signal: AbortSignal): Promise<number> {
    let script;
    try {
      script = parseScript(source);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        await io.stderr.write(`${SH}: ${e.message}\n`);
        return (this.lastStatus = 2);
      }
      throw e;
    }
    try {
      for (const list of script) {
        if (signal.aborted) break;
        let status = await this.runPipeline(list.first.commands, list.first.negate, io, signal);
        for (const { op, pipeline } of list.rest) {
          if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
          status = await this.runPipeline(pipeline.commands, pipeline.negate, io, signal);
        }
        this.lastStatus = status;
      }
    } catch (e) {
      if (e instanceof ExitRequest) return (this.lastStatus = e.code);
      throw e;
    }
    return this.lastStatus;
  }

  private async runPipeline(commands: SimpleCommand[], negate: boolean, io: ShellIO, signal: AbortSignal): Promise<number> {
    let status: number;
    if (commands.length === 1) {
      status = await this.runSimple(commands[0]!, io, signal);
    } else {
      const pipes = commands.slice(1).map(() => new Pipe());
      const runs = commands.map(async (cmd, i) => {
        const stdin: InStream = i === 0 ? io.stdin : pipes[i - 1]!;
        const stdout: OutStream = i === commands.length - 1 ? io.stdout : pipes[i]!;
        try {
          return await this.runSimple(cmd, { stdin, stdout, stderr: io.stderr }, signal);
        } finally {
          if (i < commands.length - 1) pipes[i]!.end();
          if (i > 0) pipes[i - 1]!.closeReader();
        }
      });
      const results = await Promise.all(runs);
      status = results[results.length - 1]!;
    }
    this.lastStatus = status;
    return negate ? (status === 0 ? 1 : 0) : status;
  }

  private lookupVar = (name: string): string | undefined => {
    if (name === '?') return String(this.lastStatus);
    if (name === '$') return String(process.pid);
    if (name === '#') return '0';
    if (name === '0') return SH;
    return this.vars.get(name);
  };

  private async expandWords(words: Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) {
      const text = expandWord(w, this.lookupVar);
      if (hasGlob(w)) {
        const matches = await this.glob(text);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
      }
      // An unquoted empty expansion disappears, as in sh.
      if (text === '' && w.every((p) => p.type === 'var' && !p.quoted)) continue;
      out.push(text);
    }
    return out;
  }

  /** Globs in the last path component only, which covers `rm -rf dir/*` and `ls *.gguf`. */
  private async glob(pattern: string): Promise<string[]> {
    const dir = posix.dirname(pattern);
    const base = posix.basename(pattern);
    if (/[*?[]/.test(dir)) return [];
    const re = new RegExp(
      '^' +
        base
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c === '[' || c === ']' ? c : c.replace(/[.+^${}()|\\]/g, '\\$&')))
          .join('') +
        '$',
    );
    let names: string[];
    try {
      names = await readdir(this.phone.fs.hostPath(dir, this.cwd));
    } catch {
      return [];
    }
    return names
      .filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.')))
      .sort()
      .map((n) => (pattern.includes('/') ? posix.join(dir, n) : n));
  }

  private async openRedirects(redirects: Redirect[], io: ShellIO): Promise<{ io: ShellIO; cleanup: () => Promise<void> } | string> {
    const fds: (InStream | OutStream)[] = [io.stdin, io.stdout, io.stderr];
    const opened: (FileSink | FileSource)[] = [];
    const cleanup = async () => {
      for (const f of opened) {
        if (f instanceof FileSink) await f.close();
        else f.close();
      }
    };
    for (const r of redirects) {
      const target = expandWord(r.target, this.lookupVar);
      if (r.op === '>&') {
        const n = Number(target);
        if (!Number.isInteger(n) || n < 0 || n > 2) {
          await cleanup();
          return `${target}: bad file descriptor`;
        }
        fds[r.fd] = fds[n]!;
        continue;
      }
      const devPath = this.phone.fs.devicePath(target, this.cwd);
      if (devPath === '/dev/null') {
        fds[r.fd] = r.op === '<' ? emptySource : nullSink;
        continue;
      }
      try {
        const host = this.phone.fs.hostPath(target, this.cwd);
        if (r.op === '<') {
          await stat(host);
          const src = new FileSource(host);
          opened.push(src);
          fds[r.fd] = src;
        } else {
          const sink = new FileSink(host, r.op === '>>');
          await sink.opened;
          opened.push(sink);
          fds[r.fd] = sink;
        }
      } catch (e) {
        await cleanup();
        const code = (e as NodeJS.ErrnoException).code;
        return `${target}: ${code === 'ENOENT' ? (r.op === '<' ? 'No such file or directory' : 'Directory nonexistent') : code === 'EISDIR' ? 'Is a directory' : 'Permission denied'}`;
      }
    }
    return { io: { stdin: fds[0] as InStream, stdout: fds[1] as OutStream, stderr: fds[2] as OutStream }, cleanup };
  }

  private async runSimple(cmd: SimpleCommand, parentIo: ShellIO, signal: AbortSignal): Promise<number> {
    const words = await this.expandWords(cmd.words);
    const assigns = cmd.assigns.map((a) => [a.name, expandWord(a.value, this.lookupVar)] as const);
    const redirected = await this.openRedirects(cmd.redirects, parentIo);
    if (typeof redirected === 'string') {
      await parentIo.stderr.write(`${SH}: ${redirected}\n`);
      return 1;
    }
    const { io, cleanup } = redirected;
    try {
      if (words.length === 0) {
        for (const [k, v] of assigns) this.vars.set(k, v);
        return 0;
      }
      const [name, ...args] = words as [string, ...string[]];
      const builtin = await this.shellBuiltin(name, args, io);
      if (builtin !== null) return builtin;

      const env = new Map<string, string>();
      for (const k of this.exported) {
        const v = this.vars.get(k);
        if (v !== undefined) env.set(k, v);
      }
      for (const [k, v] of assigns) env.set(k, v);

      const ctx: CommandContext = { name, args, env, cwd: this.cwd, io, phone: this.phone, signal };
      if (!name.includes('/')) {
        const command = this.phone.commandOverrides?.get(name) ?? findCommand(name);
        if (command) return await command(ctx);
        const found = await this.searchPath(name, env.get('PATH') ?? DEVICE_PATH);
        if (!found) {
          await io.stderr.write(`${SH}: ${name}: inaccessible or not found\n`);
          return 127;
        }
        return await this.phone.launcher.run({ name, devicePath: found, args, cwd: this.cwd, env, io, signal });
      }
      const devicePath = this.phone.fs.devicePath(name, this.cwd);
      return await this.phone.launcher.run({ name, devicePath, args, cwd: this.cwd, env, io, signal });
    } finally {
      await cleanup();
    }
  }

  private async searchPath(name: string, path: string): Promise<string | null> {
    for (const dir of path.split(':')) {
      if (!dir.startsWith('/')) continue;
      const candidate = posix.join(dir, name);
      try {
        const st = await stat(this.phone.fs.hostPath(candidate));
        if (st.isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
    return null;
  }

  /** Builtins that change the shell itself; null when `name` is not one. */
  private async shellBuiltin(name: string, args: string[], io: ShellIO): Promise<number | null> {
    switch (name) {
      case 'cd': {
        const target = args[0] === undefined ? this.vars.get('HOME') ?? '/' : args[0] === '-' ? this.vars.get('OLDPWD') ?? this.cwd : args[0];
        const dev = this.phone.fs.devicePath(target, this.cwd);
        let ok = false;
        try {
          ok = (await stat(this.phone.fs.hostPath(dev))).isDirectory();
        } catch {
          ok = false;
        }
        if (!ok) {
          await io.stderr.write(`${SH}: cd: ${dev}: No such file or directory\n`);
          return 2;
        }
        this.vars.set('OLDPWD', this.cwd);
        this.cwd = dev;
        this.vars.set('PWD', dev);
        return 0;
      }
      case 'pwd':
        await io.stdout.write(`${this.cwd}\n`);
        return 0;
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          const k = eq >= 0 ? a.slice(0, eq) : a;
          if (eq >= 0) this.vars.set(k, a.slice(eq + 1));
          this.exported.add(k);
        }
        return 0;
      case 'unset':
        for (const a of args) {
          this.vars.delete(a);
          this.exported.delete(a);
        }
        return 0;
      case 'exit':
        throw new ExitRequest(args[0] === undefined ? this.lastStatus : Number(args[0]) & 0xff);
      case ':':
        return 0;
      case 'command':
      case 'type':
      case 'which': {
        const names = name === 'command' ? args.filter((a) => a !== '-v') : args;
        let status = 0;
        for (const n of names) {
          if (findCommand(n) || ['cd', 'pwd', 'export', 'unset', 'exit', ':'].includes(n)) {
            await io.stdout.write(name === 'which' ? `/system/bin/${n}\n` : `${n}\n`);
          } else if (n.includes('/')) {
            await io.stdout.write(`${n}\n`);
          } else {
            const found = await this.searchPath(n, this.vars.get('PATH') ?? DEVICE_PATH);
            if (found) await io.stdout.write(`${found}\n`);
            else status = 1;
          }
        }
        return status;
      }
      default:
        return null;
    }
  }
}
