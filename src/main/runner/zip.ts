/**
 * A small zip reader for Cactus weight archives (`weights/<slug>-int8.zip`): the central directory is read from
 * the end of the file, each entry is streamed out (stored or deflated, via node:zlib inflateRaw) and its CRC-32
 * checked. Zip64 archives (> 4 GB) and encrypted entries are refused with a clear message. Paths are confined to
 * the output folder (no `..`, no absolute paths).
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

/** Lists the entries of a zip file from its central directory. */
export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError(`${path} is not a zip file (no end-of-central-directory record); the download may be truncated or not a zip.`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      throw new ZipError(`${path} is a zip64 archive, which this reader does not support.`);
    }
    if (cdOffset + cdSize > size) throw new ZipError(`${path} is truncated (its central directory lies past the end of the file).`);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new ZipError(`${path}: central directory entry ${i} is damaged.`);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const offset = cd.readUInt32LE(p + 42);
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
      if (flags & 0x1) throw new ZipError(`${path}: entry ${name} is encrypted.`);
      entries.push({ name, method, crc32: crc, compressedSize, size: uncompressed, localHeaderOffset: offset, isDirectory: name.endsWith('/') });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** A path inside the archive → a relative path that stays inside the output folder, or null to skip it. */
export function safeEntryPath(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return null;
  const parts = n.split('/').filter((x) => x !== '' && x !== '.');
  if (parts.some((x) => x === '..')) return null;
  if (parts.length === 0) return null;
  if (parts.some((x) => x === '__MACOSX') || parts[parts.length - 1]!.startsWith('._')) return null;
  return parts.join(sep);
}

async function dataOffset(path: string, e: ZipEntry): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const h = Buffer.alloc(30);
    await fh.read(h, 0, 30, e.localHeaderOffset);
    if (h.readUInt32LE(0) !== LFH_SIG) throw new ZipError(`${path}: the local header of ${e.name} is damaged.`);
    return e.localHeaderOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  } finally {
    await fh.close();
  }
}

/**
 * Extracts every file entry into `outDir` (created). Each file is written to a temporary name and renamed once
 * its CRC-32 and size match. Returns the relative paths written.
 */
export async function extractZip(path: string, outDir: string, onProgress?: (bytes: number, total: number) => void): Promise<string[]> {
  const entries = await readZipEntries(path);
  const total = entries.reduce((n, e) => n + e.size, 0);
  let done = 0;
  const written: string[] = [];
  await mkdir(outDir, { recursive: true });
  for (const e of entries) {
    if (e.isDirectory) continue;
    const rel = safeEntryPath(e.name);
    if (!rel) continue;
    if (e.method !== 0 && e.method !== 8) throw new ZipError(`${path}: entry ${e.name} uses compression method ${e.method}; only stored (0) and deflate (8) are supported.`);
    const dest = join(outDir, rel);
    if (!normalize(dest).startsWith(normalize(outDir))) continue;
    await mkdir(dirname(dest), { recursive: true });
    const start = await dataOffset(path, e);
    const tmp = `${dest}.extracting`;
    let crc = 0;
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        done += chunk.length;
        onProgress?.(done, total);
        cb(null, chunk);
      },
    });
    const source = e.compressedSize === 0 ? [] : createReadStream(path, { start, end: start + e.compressedSize - 1 });
    try {
      if (e.method === 8) await pipeline(source, createInflateRaw(), check, createWriteStream(tmp));
      else await pipeline(source, check, createWriteStream(tmp));
    } catch (err) {
      await rm(tmp, { force: true });
      if (err instanceof ZipError) throw err;
      throw new ZipError(`${path}: entry ${e.name} could not be decompressed (${err instanceof Error ? err.message : String(err)}); the archive is corrupt.`);
    }
    if (size !== e.size || crc >>> 0 !== e.crc32 >>> 0) {
      await rm(tmp, { force: true });
      throw new ZipError(`${path}: entry ${e.name} fails its CRC-32/size check (corrupt archive).`);
    }
    await rename(tmp, dest);
    written.push(rel);
  }
  return written;
}
