import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { DatasetError } from './errors';

/**
 * A minimal reader for POSIX ustar / GNU tar archives (no compression): regular files, directories, GNU long
 * names (`L`) and pax `path` records (`x`). Streams from disk, so a large archive (MMLU's data.tar is ~166 MB,
 * mostly auxiliary_train) costs no more memory than its largest extracted entry.
 *
 * `pick(name)` returns the relative output path for an entry to keep, or null to skip it.
 * Returns the number of files written.
 */
export async function extractTar(tarPath: string, outDir: string, pick: (name: string) => string | null): Promise<number> {
  const fh = await open(tarPath, 'r');
  const root = resolve(outDir);
  try {
    const { size: fileSize } = await fh.stat();
    const header = Buffer.alloc(512);
    let pos = 0;
    let written = 0;
    let longName: string | null = null;
    while (pos + 512 <= fileSize) {
      await readExactly(fh, header, pos);
      pos += 512;
      if (header.every((b) => b === 0)) break;
      checkHeader(header, tarPath, pos - 512);
      const size = parseSize(header.subarray(124, 136));
      const type = String.fromCharCode(header[156]!);
      let name = cString(header, 0, 100);
      if (header.subarray(257, 262).toString('latin1') === 'ustar') {
        const prefix = cString(header, 345, 155);
        if (prefix) name = `${prefix}/${name}`;
      }
      const dataStart = pos;
      pos += Math.ceil(size / 512) * 512;
      if (type === 'L' || type === 'x') {
        const data = Buffer.alloc(size);
        await readExactly(fh, data, dataStart);
        longName = type === 'L' ? cString(data, 0, size) : (paxPath(data) ?? longName);
        continue;
      }
      if (longName !== null) {
        name = longName;
        longName = null;
      }
      if (type !== '0' && type !== '\0' && type !== '7') continue;
      const rel = pick(name);
      if (rel === null) continue;
      const target = resolve(root, rel);
      if (!target.startsWith(root + sep)) {
        throw new DatasetError('download-failed', `Refusing to extract ${name} outside ${root}.`, { file: tarPath });
      }
      const data = Buffer.alloc(size);
      await readExactly(fh, data, dataStart);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
      written++;
    }
    return written;
  } finally {
    await fh.close();
  }
}

async function readExactly(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new DatasetError('download-failed', 'The tar archive is truncated.');
    done += bytesRead;
  }
}

function cString(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

function parseSize(field: Buffer): number {
  if ((field[0]! & 0x80) !== 0) {
    // GNU base-256: big-endian binary after the marker bit.
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = cString(field, 0, field.length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checkHeader(header: Buffer, tarPath: string, offset: number): void {
  const stored = parseInt(cString(header, 148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  if (Number.isNaN(stored) || stored !== sum) {
    throw new DatasetError('download-failed',
      `${tarPath} is not a valid tar archive (bad header checksum at offset ${offset}).`, { file: tarPath });
  }
}

/** The `path` record of a pax extended header ("<len> path=<value>\n" records; lengths count bytes). */
function paxPath(data: Buffer): string | null {
  let i = 0;
  let path: string | null = null;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.subarray(i, space).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    i += len;
  }
  return path;
}
