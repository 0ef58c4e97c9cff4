import { createReadStream, createWriteStream } from 'node:fs';
import type { Stats, WriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { constants as osConstants } from 'node:os';
import { ownerOf } from './commands/fs-paths';
import type { DeviceFs } from './device-fs';
import type { AdbStream } from './streams';

/** Sync ids are four ASCII bytes read as a little-endian u32 (AOSP file_sync_protocol.h). */
const id = (s: string) => Buffer.from(s, 'latin1').readUInt32LE(0);
export const SYNC = {
  STAT: id('STAT'),
  STA2: id('STA2'),
  LST2: id('LST2'),
  LIST: id('LIST'),
  LIS2: id('LIS2'),
  DENT: id('DENT'),
  DNT2: id('DNT2'),
  SEND: id('SEND'),
  RECV: id('RECV'),
  DONE: id('DONE'),
  DATA: id('DATA'),
  OKAY: id('OKAY'),
  FAIL: id('FAIL'),
  QUIT: id('QUIT'),
} as const;

export const SYNC_DATA_MAX = 64 * 1024;
const MAX_PATH = 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function syncMessage(code: number, ...fields: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 + fields.length * 4);
  b.writeUInt32LE(code, 0);
  fields.forEach((f, i) => b.writeUInt32LE(f >>> 0, 4 + i * 4));
  return b;
}

export function failMessage(message: string): Buffer {
  const m = Buffer.from(message);
  return Buffer.concat([syncMessage(SYNC.FAIL, m.length), m]);
}

function errnoOf(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && (osConstants.errno as Record<string, number>)[code]) || osConstants.errno.EIO;
}

/** stat_v2 body (everything after the id): error, dev, ino, mode, nlink, uid, gid, size, atime, mtime, ctime. */
function statV2Body(st: Stats | null, error: number, devPath: string): Buffer {
  const b = Buffer.alloc(68);
  b.writeUInt32LE(error, 0);
  if (st) {
    const uid = ownerOf(devPath).uid;
    b.writeBigUInt64LE(BigInt(st.dev), 4);
    b.writeBigUInt64LE(BigInt(st.ino), 12);
    b.writeUInt32LE(st.mode >>> 0, 20);
    b.writeUInt32LE(st.nlink, 24);
    b.writeUInt32LE(uid, 28);
    b.writeUInt32LE(uid, 32);
    b.writeBigUInt64LE(BigInt(st.size), 36);
    b.writeBigInt64LE(BigInt(Math.floor(st.atimeMs / 1000)), 44);
    b.writeBigInt64LE(BigInt(Math.floor(st.mtimeMs / 1000)), 52);
    b.writeBigInt64LE(BigInt(Math.floor(st.ctimeMs / 1000)), 60);
  }
  return b;
}

interface Upload {
  devPath: string;
  hostPath: string;
  tmpPath: string;
  mode: number;
  out: WriteStream | null;
  error: string | null;
}

/**
 * The `sync:` service: a byte stream of requests (id + u32 + payload) that may be split or merged arbitrarily
 * across WRTE packets. Work is sequential; the OKAY for a WRTE is held until its bytes are handled, which is
 * what throttles `adb push` to the disk's pace.
 *
 * Chunks are consumed strictly one after another even when a peer sends the next WRTE before our OKAY (a host
 * with delayed acks, or any writer that does not wait): each chunk's handling waits for the previous one, so a
 * DATA chunk never reaches the upload before SEND has opened its file (that race dropped bytes of a push).
 */
export class SyncService {
  private buf: Buffer = Buffer.alloc(0);
  private upload: Upload | null = null;
  /** Bytes of the current DATA chunk still to arrive. */
  private dataLeft = 0;
  private closed = false;
  /** The handling of the chunks received so far (each one chained after the one before). */
  private handled: Promise<void> = Promise.resolve();

  constructor(
    private readonly stream: AdbStream,
    private readonly fs: DeviceFs,
  ) {
    stream.onData((chunk) => this.onData(chunk));
    stream.onClose(() => {
      this.closed = true;
      // After the chunk being handled, so its file is not unlinked from under a write still in progress.
      void this.handled.then(() => this.abortUpload());
    });
  }

  /** Resolves (and the stream sends its OKAY) once this chunk and every earlier one are handled. */
  private onData(chunk: Buffer): Promise<void> {
    const run = this.handled.then(() => this.consume(chunk));
    this.handled = run.catch(() => {});
    return run;
  }

  private async consume(chunk: Buffer): Promise<void> {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.closed) return;
      if (this.dataLeft > 0) {
        if (this.buf.length === 0) return;
        const part = this.buf.subarray(0, this.dataLeft);
        this.buf = this.buf.subarray(part.length);
        this.dataLeft -= part.length;
        await this.writeUpload(part);
        continue;
      }
      if (this.buf.length < 8) return;
      const code = this.buf.readUInt32LE(0);
      const len = this.buf.readUInt32LE(4);
      if (this.upload) {
        this.buf = this.buf.subarray(8);
        if (code === SYNC.DATA) {
          if (len > SYNC_DATA_MAX) return this.protocolError('data chunk too large');
          this.dataLeft = len;
        } else if (code === SYNC.DONE) {
          await this.finishUpload(len);
        } else {
          return this.protocolError('unexpected message during SEND');
        }
        continue;
      }
      if (code === SYNC.QUIT) {
        this.stream.end();
        this.closed = true;
        return;
      }
      if (len > MAX_PATH) return this.protocolError('path too long');
      if (this.buf.length < 8 + len) return;
      const path = this.buf.subarray(8, 8 + len).toString('utf8');
      this.buf = this.buf.subarray(8 + len);
      await this.handleRequest(code, path);
    }
  }

  private async protocolError(message: string): Promise<void> {
    await this.stream.write(failMessage(message));
    await this.abortUpload();
    this.stream.end();
    this.closed = true;
  }

  private resolve(path: string): { dev: string; host: string } | null {
    try {
      const dev = this.fs.devicePath(path);
      return { dev, host: this.fs.hostPath(dev) };
    } catch {
      return null;
    }
  }

  private async handleRequest(code: number, path: string): Promise<void> {
    switch (code) {
      case SYNC.STAT: {
        const r = this.resolve(path);
        const st = r ? await lstat(r.host).catch(() => null) : null;
        await this.stream.write(st ? syncMessage(SYNC.STAT, st.mode, st.size, Math.floor(st.mtimeMs / 1000)) : syncMessage(SYNC.STAT, 0, 0, 0));
        return;
      }
      case SYNC.STA2:
      case SYNC.LST2: {
        const r = this.resolve(path);
        let st: Stats | null = null;
        let error = osConstants.errno.ENOENT;
        if (r) {
          try {
            st = code === SYNC.STA2 ? await stat(r.host) : await lstat(r.host);
            error = 0;
          } catch (e) {
            error = errnoOf(e);
          }
        }
        await this.stream.write(Buffer.concat([u32(code), statV2Body(st, error, r?.dev ?? path)]));
        return;
      }
      case SYNC.LIST:
      case SYNC.LIS2:
        return this.list(path, code === SYNC.LIS2);
      case SYNC.SEND:
        return this.startUpload(path);
      case SYNC.RECV:
        return this.download(path);
      default:
        return this.protocolError(`unknown sync request 0x${code.toString(16)}`);
    }
  }

  private async list(path: string, v2: boolean): Promise<void> {
    const r = this.resolve(path);
    let names: string[] = [];
    if (r) names = await readdir(r.host).catch(() => []);
    const entries = names.length > 0 || (r && (await stat(r.host).catch(() => null))?.isDirectory()) ? ['.', '..', ...names] : [];
    const out: Buffer[] = [];
    for (const name of entries) {
      const dev = posix.join(r!.dev, name);
      const st = await lstat(name === '..' ? dirname(r!.host) : posix.join(r!.host, name)).catch(() => null);
      if (!st) continue;
      const nameBuf = Buffer.from(name);
      if (v2) out.push(u32(SYNC.DNT2), statV2Body(st, 0, dev), u32(nameBuf.length), nameBuf);
      else out.push(syncMessage(SYNC.DENT, st.mode, st.size, Math.floor(st.mtimeMs / 1000), nameBuf.length), nameBuf);
    }
    out.push(v2 ? Buffer.concat([u32(SYNC.DONE), Buffer.alloc(72)]) : syncMessage(SYNC.DONE, 0, 0, 0, 0));
    await this.stream.write(Buffer.concat(out));
  }

  private async startUpload(spec: string): Promise<void> {
    const comma = spec.lastIndexOf(',');
    const path = comma >= 0 ? spec.slice(0, comma) : spec;
    const mode = comma >= 0 ? Number(spec.slice(comma + 1)) : 0o644;
    const r = this.resolve(path);
    const up: Upload = { devPath: r?.dev ?? path, hostPath: r?.host ?? '', tmpPath: this.fs.stagingPath('push'), mode, out: null, error: null };
    this.upload = up;
    if (!r) {
      up.error = `${path}: path escapes the device root`;
      return;
    }
    if ((mode & S_IFMT) === S_IFLNK) {
      up.error = 'symlinks are not supported on this device';
      return;
    }
    if (r.dev.startsWith('/proc/') || r.dev.startsWith('/sys/')) {
      up.error = `couldn't create file: Permission denied`;
      return;
    }
    try {
      await mkdir(dirname(r.host), { recursive: true });
      const existing = await stat(r.host).catch(() => null);
      if (existing?.isDirectory()) throw Object.assign(new Error('Is a directory'), { code: 'EISDIR' });
      const out = createWriteStream(up.tmpPath, { highWaterMark: 4 * 1024 * 1024 });
      await new Promise<void>((resolve, reject) => {
        out.once('open', () => resolve());
        out.once('error', reject);
      });
      out.on('error', (e) => (up.error ??= `write failed: ${e.message}`));
      up.out = out;
    } catch (e) {
      up.error = `couldn't create file: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'Is a directory' : (e as Error).message}`;
    }
  }

  private async writeUpload(data: Buffer): Promise<void> {
    const up = this.upload;
    if (!up?.out || up.error) return;
    // No copy needed: socket buffers are never reused, so the slice stays valid until the write completes.
    if (!up.out.write(data)) {
      const out = up.out;
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.once('drain', done);
        out.once('close', done);
      });
    }
  }

  private async finishUpload(mtime: number): Promise<void> {
    const up = this.upload!;
    this.upload = null;
    if (up.out) {
      const out = up.out;
      await new Promise<void>((resolve) => out.end(() => resolve()));
    }
    if (!up.error) {
      try {
        await chmod(up.tmpPath, (up.mode & 0o7777) || 0o644);
        if (mtime > 0) await utimes(up.tmpPath, mtime, mtime);
        await rename(up.tmpPath, up.hostPath);
      } catch (e) {
        up.error = `couldn't finish file: ${(e as Error).message}`;
      }
    }
    if (up.error) {
      await unlink(up.tmpPath).catch(() => {});
      await this.stream.write(failMessage(up.error));
      return;
    }
    await this.stream.write(syncMessage(SYNC.OKAY, 0));
  }

  private async abortUpload(): Promise<void> {
    const up = this.upload;
    this.upload = null;
    if (!up) return;
    up.out?.destroy();
    await unlink(up.tmpPath).catch(() => {});
  }

  private async download(path: string): Promise<void> {
    const r = this.resolve(path);
    const st = r ? await stat(r.host).catch(() => null) : null;
    if (!r || !st) return void (await this.stream.write(failMessage('open failed: No such file or directory')));
    if (!st.isFile() || (st.mode & S_IFMT) !== S_IFREG) return void (await this.stream.write(failMessage('open failed: Is a directory')));
    const input = createReadStream(r.host, { highWaterMark: SYNC_DATA_MAX });
    try {
      for await (const chunk of input) {
        if (this.closed) break;
        const data = chunk as Buffer;
        await this.stream.write(Buffer.concat([syncMessage(SYNC.DATA, data.length), data]));
      }
    } catch (e) {
      await this.stream.write(failMessage(`read failed: ${(e as Error).message}`));
      return;
    } finally {
      input.destroy();
    }
    await this.stream.write(syncMessage(SYNC.DONE, 0));
  }
}
