import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, cp, lstat, mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { modeString, ownerOf, resolve } from './fs-paths';
import type { Command, CommandContext } from './types';
import { errnoMessage, fail, parseFlags } from './types';

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

