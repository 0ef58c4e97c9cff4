import { fileError } from './errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a dataset file as strict UTF-8 (a UTF-8 byte-order mark is dropped). Refuses, naming the file and line:
 * UTF-16/UTF-32 (by byte-order mark, or NUL bytes near the start), and bytes that are not valid UTF-8.
 */
export function decodeUtf8(buf: Uint8Array, file: string): string {
  const b0 = buf[0];
  const b1 = buf[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const endian = b0 === 0xff ? 'little-endian' : 'big-endian';
    throw fileError('encoding', { file, line: 1 },
      `the file is UTF-16 (${endian}; it starts with a UTF-16 byte-order mark). Re-save it as UTF-8 ` +
        '(e.g. "Save as... > CSV UTF-8", or `iconv -f UTF-16 -t UTF-8 in > out`).');
  }
  const head = Math.min(buf.length, 4096);
  for (let i = 0; i < head; i++) {
    if (buf[i] === 0) {
      throw fileError('encoding', { file, line: lineAt(buf, i) },
        `NUL byte at offset ${i}: the file looks like UTF-16 without a byte-order mark, or is not a text file. ` +
          'Re-save it as UTF-8.');
    }
  }
  try {
    return UTF8.decode(buf);
  } catch {
    const offset = firstInvalidUtf8(buf);
    const byte = buf[offset] ?? 0;
    throw fileError('encoding', { file, line: lineAt(buf, offset) },
      `invalid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset}). The file is probably in ` +
        'another encoding such as Windows-1252 or Latin-1: re-save it as UTF-8.');
  }
}

function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence (buf.length if none). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}
