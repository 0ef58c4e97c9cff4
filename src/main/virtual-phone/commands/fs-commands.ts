import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, cp, lstat, mkdir, readdir, rename, rm, stat, statfs, utimes, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Command, CommandContext } from './types';
import { errnoMessage, fail, parseFlags } from './types';

function resolve(ctx: CommandContext, p: string): { dev: string; host: string } {
  const dev = ctx.phone.fs.devicePath(p, ctx.cwd);
  return { dev, host: ctx.phone.fs.hostPath(dev) };
}

/** Files under the shell user's areas belong to shell; everything else to root, as on a real phone. */
export function ownerOf(devPath: string): { uid: number; name: string } {
  return devPath.startsWith('/data/local/tmp') || devPath.startsWith('/sdcard') || devPath.startsWith('/storage')
    ? { uid: 2000, name: 'shell' }
    : { uid: 0, name: 'root' };
}

export function modeString(mode: number): string {
  const type = (mode & 0o170000) === 0o040000 ? 'd' : (mode & 0o170000) === 0o120000 ? 'l' : '-';
  const bits = 'rwxrwxrwx';
  let s = type;
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function lsDate(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

async function pipeFile(ctx: CommandContext, host: string): Promise<void> {
  const stream = createReadStream(host, { highWaterMark: 256 * 1024 });
  for await (const chunk of stream) {
    if (ctx.signal.aborted) {
      stream.destroy();
      return;
    }
    await ctx.io.stdout.write(chunk as Buffer);
  }
}

export const cat: Command = async (ctx) => {
  const { operands } = parseFlags(ctx.args);
  let status = 0;
  for (const f of operands.length ? operands : ['-']) {
    if (f === '-') {
      for (;;) {
        const c = await ctx.io.stdin.read();
        if (c === null) break;
        await ctx.io.stdout.write(c);
      }
      continue;
    }
    try {
      const { dev, host } = resolve(ctx, f);
      if (dev === '/dev/null') continue;
      const st = await stat(host);
      if (st.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
      await pipeFile(ctx, host);
    } catch (e) {
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

interface Entry {
  name: string;
  dev: string;
  st: Stats;
}

export const ls: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args);
  const long = flags.has('l') || flags.has('n');
  const all = flags.has('a');
  const almostAll = flags.has('A');
  let status = 0;
  const targets = operands.length ? operands : ['.'];
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const t of targets) {
    try {
      const { dev, host } = resolve(ctx, t);
      const st = await stat(host);
      (st.isDirectory() && !flags.has('d') ? dirs : files).push({ name: t, dev, st });
    } catch (e) {
      status = await fail(ctx, `${t}: ${errnoMessage(e)}`);
    }
  }
  const format = (entries: Entry[], withTotal: boolean): string => {
    if (!long) return entries.map((e) => `${e.name}\n`).join('');
    const rows = entries.map((e) => {
      const owner = ownerOf(e.dev);
      const user = flags.has('n') ? String(owner.uid) : owner.name;
      return [modeString(e.st.mode), String(e.st.nlink), user, user, String(e.st.size), lsDate(e.st.mtime), e.name];
    });
    const widths = [0, 1, 2, 3, 4].map((i) => Math.max(0, ...rows.map((r) => r[i]!.length)));
    const lines = rows.map((r) =>
      [r[0]!, r[1]!.padStart(widths[1]!), r[2]!.padEnd(widths[2]!), r[3]!.padEnd(widths[3]!), r[4]!.padStart(widths[4]!), r[5]!, r[6]!].join(' '),
    );
    const total = Math.ceil(entries.reduce((n, e) => n + e.st.blocks, 0) / 2);
    return (withTotal ? `total ${total}\n` : '') + lines.map((l) => `${l}\n`).join('');
  };
  let out = format(
    files.sort((a, b) => (a.name < b.name ? -1 : 1)),
    false,
  );
  const showHeaders = targets.length > 1;
  for (const d of dirs) {
    let names: string[];
    try {
      names = await readdir(ctx.phone.fs.hostPath(d.dev));
    } catch (e) {
      status = await fail(ctx, `${d.name}: ${errnoMessage(e)}`);
      continue;
    }
    names = names.filter((n) => all || almostAll || !n.startsWith('.'));
    if (all) names.push('.', '..');
    names.sort();
    const entries: Entry[] = [];
    for (const n of names) {
      const dev = posix.join(d.dev, n);
      try {
        entries.push({ name: n, dev, st: await lstat(ctx.phone.fs.hostPath(dev)) });
      } catch {
        /* vanished while listing */
      }
    }
    if (showHeaders) out += `${out ? '\n' : ''}${d.name}:\n`;
    out += format(entries, true);
  }
  await ctx.io.stdout.write(out);
  return status;
};

export const mkdirCmd: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, ['m']);
  if (operands.length === 0) return fail(ctx, 'Needs 1 argument');
  let status = 0;
  for (const d of operands) {
    try {
      await mkdir(resolve(ctx, d).host, { recursive: flags.has('p') });
    } catch (e) {
      status = await fail(ctx, `'${d}': ${errnoMessage(e)}`);
    }
  }
  return status;
};

export const rmCmd: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args);
  const recursive = flags.has('r') || flags.has('R');
  const force = flags.has('f');
  let status = 0;
  for (const f of operands) {
    try {
      const { dev, host } = resolve(ctx, f);
      if (dev === '/') throw Object.assign(new Error('refusing'), { code: 'EPERM' });
      const st = await lstat(host);
      if (st.isDirectory() && !recursive) {
        status = await fail(ctx, `${f}: Is a directory`);
        continue;
      }
      await rm(host, { recursive, force: false });
    } catch (e) {
      if (force && (e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

/** Applies an octal or symbolic (`u+x`, `a-w`, `+x,go-w`) mode to an existing mode. */
export function applyMode(spec: string, current: number, isDir = false): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([+=-])([rwxX]*)$/.exec(clause);
    if (!m) return null;
    const who = m[1] || 'a';
    let bits = 0;
    for (const p of m[3]!) {
      if (p === 'r') bits |= 4;
      if (p === 'w') bits |= 2;
      if (p === 'x' || (p === 'X' && (isDir || (current & 0o111) !== 0))) bits |= 1;
    }
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= bits << 6;
    if (who.includes('g') || who.includes('a')) mask |= bits << 3;
    if (who.includes('o') || who.includes('a')) mask |= bits;
    const whoMask = (who.includes('u') || who.includes('a') ? 0o700 : 0) | (who.includes('g') || who.includes('a') ? 0o070 : 0) | (who.includes('o') || who.includes('a') ? 0o007 : 0);
    if (m[2] === '+') mode |= mask;
    else if (m[2] === '-') mode &= ~mask;
    else mode = (mode & ~whoMask) | mask;
  }
  return mode;
}

export const chmodCmd: Command = async (ctx) => {
  const args = ctx.args.filter((a) => a !== '-R');
  const recursive = args.length !== ctx.args.length;
  const [spec, ...files] = args;
  if (!spec || files.length === 0) return fail(ctx, 'Needs 2 arguments');
  let status = 0;
  const apply = async (host: string, display: string): Promise<void> => {
    const st = await stat(host);
    const mode = applyMode(spec, st.mode, st.isDirectory());
    if (mode === null) {
      status = await fail(ctx, `bad mode '${spec}'`);
      return;
    }
    await chmod(host, mode);
    if (recursive && st.isDirectory()) {
      for (const n of await readdir(host)) await apply(posix.join(host, n), posix.join(display, n));
    }
  };
  for (const f of files) {
    try {
      await apply(resolve(ctx, f).host, f);
    } catch (e) {
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

export const touch: Command = async (ctx) => {
  const { operands } = parseFlags(ctx.args);
  let status = 0;
  for (const f of operands) {
    try {
      const { host } = resolve(ctx, f);
      const now = new Date();
      await utimes(host, now, now).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
        await writeFile(host, '', { flag: 'a' });
      });
    } catch (e) {
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

async function destinationFor(ctx: CommandContext, src: string, dst: string): Promise<string> {
  const d = resolve(ctx, dst).host;
  const st = await stat(d).catch(() => null);
  return st?.isDirectory() ? posix.join(d, posix.basename(src)) : d;
}

export const mv: Command = async (ctx) => {
  const { operands } = parseFlags(ctx.args);
  if (operands.length < 2) return fail(ctx, 'Needs 2 arguments');
  const dst = operands.pop()!;
  let status = 0;
  for (const s of operands) {
    try {
      await rename(resolve(ctx, s).host, await destinationFor(ctx, s, dst));
    } catch (e) {
      status = await fail(ctx, `${s}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

export const cpCmd: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args);
  if (operands.length < 2) return fail(ctx, 'Needs 2 arguments');
  const dst = operands.pop()!;
  let status = 0;
  for (const s of operands) {
    try {
      const src = resolve(ctx, s).host;
      const st = await stat(src);
      if (st.isDirectory() && !(flags.has('r') || flags.has('R') || flags.has('a'))) {
        status = await fail(ctx, `${s}: Is a directory`);
        continue;
      }
      await cp(src, await destinationFor(ctx, s, dst), { recursive: true, preserveTimestamps: flags.has('p') || flags.has('a') });
    } catch (e) {
      status = await fail(ctx, `${s}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

export const sha256sum: Command = async (ctx) => {
  const { operands } = parseFlags(ctx.args);
  let status = 0;
  for (const f of operands.length ? operands : ['-']) {
    const hash = createHash('sha256');
    try {
      if (f === '-') {
        for (;;) {
          const c = await ctx.io.stdin.read();
          if (c === null) break;
          hash.update(c);
        }
      } else {
        const { host } = resolve(ctx, f);
        if ((await stat(host)).isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
        for await (const chunk of createReadStream(host, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
      }
      await ctx.io.stdout.write(`${hash.digest('hex')}  ${f}\n`);
    } catch (e) {
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};

function mountFor(dev: string): { fs: string; mount: string } {
  if (/^\/(data|sdcard|storage)(\/|$)/.test(dev)) return { fs: '/dev/block/dm-46', mount: '/data' };
  if (/^\/(proc)(\/|$)/.test(dev)) return { fs: 'proc', mount: '/proc' };
  if (/^\/(sys)(\/|$)/.test(dev)) return { fs: 'sysfs', mount: '/sys' };
  return { fs: '/dev/block/dm-7', mount: '/' };
}

function human(kb: number): string {
  const units = ['K', 'M', 'G', 'T'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/**
 * toybox df. Space figures are the host's real free space under the phone's tree: a push that does not fit on
 * the host would not fit on the phone either.
 */
export const df: Command = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args);
  const paths = operands.length ? operands : ['/', '/data'];
  const rows: string[][] = [];
  let status = 0;
  const seen = new Set<string>();
  for (const p of paths) {
    try {
      const { dev, host } = resolve(ctx, p);
      await stat(host);
      const m = mountFor(dev);
      if (seen.has(m.mount)) continue;
      seen.add(m.mount);
      const s = await statfs(host);
      const kb = (blocks: number) => Math.floor((blocks * s.bsize) / 1024);
      const sizeKb = m.mount === '/' ? 6_643_200 : kb(s.blocks);
      const availKb = m.mount === '/' ? 0 : kb(s.bavail);
      const usedKb = m.mount === '/' ? 6_643_200 : kb(s.blocks - s.bfree);
      const pct = usedKb + availKb > 0 ? Math.ceil((usedKb * 100) / (usedKb + availKb)) : 0;
      const n = flags.has('h') ? human : (v: number) => String(v);
      rows.push([m.fs, n(sizeKb), n(usedKb), n(availKb), `${pct}%`, m.mount]);
    } catch (e) {
      status = await fail(ctx, `${p}: ${errnoMessage(e)}`);
    }
  }
  const header = ['Filesystem', flags.has('h') ? 'Size' : '1K-blocks', 'Used', 'Available', 'Use%', 'Mounted on'];
  const all = [header, ...rows];
  const w = [0, 1, 2, 3, 4].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => [r[0]!.padEnd(w[0]!), r[1]!.padStart(w[1]!), r[2]!.padStart(w[2]!), r[3]!.padStart(w[3]!), r[4]!.padStart(w[4]!), r[5]!].join(' '));
  await ctx.io.stdout.write(lines.map((l) => `${l}\n`).join(''));
  return status;
};

function fileType(st: Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symbolic link';
  return st.size === 0 ? 'regular empty file' : 'regular file';
}

export const statCmd: Command = async (ctx) => {
  const { values, operands } = parseFlags(ctx.args, ['c']);
  const format = values.get('c');
  let status = 0;
  for (const f of operands) {
    try {
      const { dev, host } = resolve(ctx, f);
      const st = await lstat(host);
      const owner = ownerOf(dev);
      if (format !== undefined) {
        const out = format.replace(/%([a-zA-Z%])/g, (_, k: string) => {
          switch (k) {
            case 's': return String(st.size);
            case 'n': return f;
            case 'a': return (st.mode & 0o7777).toString(8);
            case 'A': return modeString(st.mode);
            case 'f': return st.mode.toString(16);
            case 'F': return fileType(st);
            case 'u': return String(owner.uid);
            case 'g': return String(owner.uid);
            case 'U': return owner.name;
            case 'G': return owner.name;
            case 'Y': return String(Math.floor(st.mtimeMs / 1000));
            case 'X': return String(Math.floor(st.atimeMs / 1000));
            case 'Z': return String(Math.floor(st.ctimeMs / 1000));
            case 'y': return st.mtime.toISOString().replace('T', ' ').replace('Z', '');
            case 'i': return String(st.ino);
            case 'h': return String(st.nlink);
            case 'b': return String(st.blocks);
            case 'B': return '512';
            case '%': return '%';
            default: return `%${k}`;
          }
        });
        await ctx.io.stdout.write(`${out}\n`);
      } else {
        await ctx.io.stdout.write(
          `  File: ${f}\n  Size: ${st.size}\t Blocks: ${st.blocks}\t IO Blocks: ${st.blksize}\t${fileType(st)}\n` +
            `Device: ${st.dev.toString(16)}h/${st.dev}d\t Inode: ${st.ino}\t Links: ${st.nlink}\n` +
            `Access: (${(st.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(st.mode)})\tUid: (${owner.uid}/${owner.name.padStart(8)})\tGid: (${owner.uid}/${owner.name.padStart(8)})\n` +
            `Access: ${st.atime.toISOString()}\nModify: ${st.mtime.toISOString()}\nChange: ${st.ctime.toISOString()}\n`,
        );
      }
    } catch (e) {
      status = await fail(ctx, `${f}: ${errnoMessage(e)}`);
    }
  }
  return status;
};
