/** toybox's inspecting commands: sha256sum, df, stat. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, stat, statfs } from 'node:fs/promises';
import { modeString, ownerOf, resolve } from './fs-paths';
import type { Command } from './types';
import { errnoMessage, fail, parseFlags } from './types';

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
