/**
 * Reads back the PNGs the chart renderer writes (8-bit RGBA or RGB, not interlaced: what resvg produces), so tests
 * check dimensions and pixels of the real file rather than trusting the encoder's own report.
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, row-major. */
  rgba: Uint8Array;
}

export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('Not a PNG (bad signature)');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function decodePng(png: Buffer): DecodedPng {
  const { width, height } = pngSize(png);
  const bitDepth = png[24];
  const colorType = png[25];
  const interlace = png[28];
  if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) throw new Error(`Unsupported PNG (depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
  const channels = colorType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const filter = raw[row] as number;
    for (let x = 0; x < stride; x++) {
      const v = raw[row + 1 + x] as number;
      const a = x >= channels ? (cur[x - channels] as number) : 0;
      const b = prev[x] as number;
      const c = x >= channels ? (prev[x - channels] as number) : 0;
      let out: number;
      if (filter === 0) out = v;
      else if (filter === 1) out = v + a;
      else if (filter === 2) out = v + b;
      else if (filter === 3) out = v + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        out = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[x] = out & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      rgba[o] = cur[x * channels] as number;
      rgba[o + 1] = cur[x * channels + 1] as number;
      rgba[o + 2] = cur[x * channels + 2] as number;
      rgba[o + 3] = channels === 4 ? (cur[x * channels + 3] as number) : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba };
}

/** Pixels inside the box whose colour is darker than `threshold` on every channel (text, axes on white). */
export function darkPixels(img: DecodedPng, box: { x: number; y: number; w: number; h: number }, threshold = 128): number {
  let n = 0;
  for (let y = box.y; y < Math.min(img.height, box.y + box.h); y++) {
    for (let x = box.x; x < Math.min(img.width, box.x + box.w); x++) {
      const o = (y * img.width + x) * 4;
      if ((img.rgba[o] as number) < threshold && (img.rgba[o + 1] as number) < threshold && (img.rgba[o + 2] as number) < threshold) n++;
    }
  }
  return n;
}
