/**
 * One run's measured columns (measured-columns.ts) as one BLOB, for db/0025's persisted cache (measured-reader.ts).
 * Made to decode fast: each typed array is a view of the BLOB's bytes (a copy where they are not aligned), and the
 * tables' strings are one UTF-8 section decoded once and cut by lengths in UTF-16 units (no JSON, no decode per
 * string).
 *
 * Layout, version 1: a header of 8 uint32 (MAGIC, version, rows, models, prompts, energy methods, UTF-8 bytes, 0);
 * the FLOATS columns (8 bytes a row), the INTS (4), the BYTES (1); padding to 4; one int32 length per string
 * (models, then id, text, subject of each prompt, then methods; -1 for a null subject); the UTF-8 section. Arrays
 * are in the host's byte order: a blob written on a host of the other order shows another MAGIC and is ignored.
 * The run column is not stored (one run: all 0) nor the run's serial and device model (read fresh, as for the
 * in-memory copy). A blob that does not decode to well-formed columns gives null (the caller reads SQLite again).
 */
import type { MeasuredColumns, MeasuredPromptRef, MeasuredRunRef } from './measured-columns';

export const MEASURED_BLOB_VERSION = 1;
const MAGIC = 0x4d43_4c41; // "ALCM" read little-endian
const HEADER = 32;
const FLOATS = ['position', 'rep', 'latencyMs', 'ttftMs', 'decodeTps', 'energyJ', 'netEnergyJ', 'outputTokens', 'peakRamMb'] as const;
const INTS = ['model', 'prompt', 'energyMethod'] as const;
const BYTES = ['ok', 'simulated', 'correct', 'unparsable'] as const;

const pad4 = (n: number): number => (n + 3) & ~3;

function layout(rows: number, strings: number): { ints: number; bytes: number; lengths: number; text: number } {
  const ints = HEADER + FLOATS.length * 8 * rows;
  const bytes = ints + INTS.length * 4 * rows;
  const lengths = pad4(bytes + BYTES.length * rows);
  return { ints, bytes, lengths, text: lengths + 4 * strings };
}

/** `c` (one run's columns) as a blob; null when a string would not come back the same (a lone surrogate). */
export function encodeColumns(c: MeasuredColumns): Buffer | null {
  const n = c.length;
  const strings: Array<string | null> = [...c.models];
  for (const p of c.prompts) strings.push(p.id, p.text, p.subject);
  strings.push(...c.energyMethods);
  const joined = strings.join('');
  const text = Buffer.from(joined, 'utf8');
  if (text.toString('utf8') !== joined) return null;
  const at = layout(n, strings.length);
  // Every byte is written below (the padding too): no need to zero the memory first.
  const out = Buffer.allocUnsafeSlow(at.text + text.byteLength);
  out.fill(0, at.bytes + BYTES.length * n, at.lengths);
  new Uint32Array(out.buffer, out.byteOffset, 8).set([MAGIC, MEASURED_BLOB_VERSION, n, c.models.length, c.prompts.length, c.energyMethods.length, text.byteLength, 0]);
  const put = (v: ArrayBufferView, offset: number): void => void out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
  FLOATS.forEach((k, i) => put(c[k].subarray(0, n), HEADER + i * 8 * n));
  INTS.forEach((k, i) => put(c[k].subarray(0, n), at.ints + i * 4 * n));
  BYTES.forEach((k, i) => put(c[k].subarray(0, n), at.bytes + i * n));
  const lengths = Int32Array.from(strings, (s) => (s === null ? -1 : s.length));
  put(lengths, at.lengths);
  out.set(text, at.text);
  return out;
}

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array;
interface TypedCtor<T extends Typed> {
  new (n: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * `n` elements at `offset` of `buf`: a view of the blob's own memory when it is aligned for `T` (a large BLOB from
 * better-sqlite3 is a Buffer of its own, at offset 0), else a copy (a view at an unaligned offset would throw).
 */
function arrayAt<T extends Typed>(buf: Buffer, offset: number, Ctor: TypedCtor<T>, n: number): T {
  const at = buf.byteOffset + offset;
  if (at % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(buf.buffer, at, n);
  const out = new Ctor(n);
  new Uint8Array(out.buffer).set(buf.subarray(offset, offset + out.byteLength));
  return out;
}

function inRange(a: Int32Array, lo: number, hi: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! < lo || a[i]! >= hi) return false;
  return true;
}

/** The tables list each entry once (what ColumnsBuilder.from, appending rows to decoded columns, relies on). */
function distinct(models: readonly string[], prompts: readonly MeasuredPromptRef[], methods: readonly string[]): boolean {
  if (new Set(models).size !== models.length || new Set(methods).size !== methods.length) return false;
  // Prompt ids are nearly always distinct; the same id stored with another text or subject is a second entry.
  if (new Set(prompts.map((p) => p.id)).size === prompts.length) return true;
  return new Set(prompts.map((p) => `${p.id}\u0000${p.text}\u0000${p.subject === null ? '\u0001' : `\u0002${p.subject}`}`)).size === prompts.length;
}

/** The columns in `buf` as `run`'s, or null when `buf` is not a whole blob of this version. */
export function decodeColumns(buf: Buffer, run: MeasuredRunRef): MeasuredColumns | null {
  if (buf.byteLength < HEADER) return null;
  const [magic, version, n, nModels, nPrompts, nMethods, textBytes] = arrayAt(buf, 0, Uint32Array, 8);
  if (magic !== MAGIC || version !== MEASURED_BLOB_VERSION) return null;
  const nStrings = nModels! + 3 * nPrompts! + nMethods!;
  const at = layout(n!, nStrings);
  if (buf.byteLength !== at.text + textBytes!) return null;
  const lengths = arrayAt(buf, at.lengths, Int32Array, nStrings);
  const text = buf.toString('utf8', at.text, at.text + textBytes!);
  let pos = 0;
  let textPos = 0;
  let bad = false;
  const next = (nullable: boolean): string | null => {
    const len = lengths[pos++]!;
    if (len < 0) {
      bad ||= !nullable || len !== -1;
      return null;
    }
    const s = text.slice(textPos, textPos + len);
    textPos += len;
    return s;
  };
  const models: string[] = [];
  for (let i = 0; i < nModels!; i++) models.push(next(false) ?? '');
  const prompts: MeasuredPromptRef[] = [];
  for (let i = 0; i < nPrompts!; i++) {
    const id = next(false) ?? '';
    const promptText = next(false) ?? '';
    prompts.push({ id, text: promptText, subject: next(true) });
  }
  const energyMethods: string[] = [];
  for (let i = 0; i < nMethods!; i++) energyMethods.push(next(false) ?? '');
  if (bad || textPos !== text.length || !distinct(models, prompts, energyMethods)) return null;

  const f = (i: number): Float64Array => arrayAt(buf, HEADER + i * 8 * n!, Float64Array, n!);
  const int = (i: number): Int32Array => arrayAt(buf, at.ints + i * 4 * n!, Int32Array, n!);
  const u8 = (i: number): Uint8Array => arrayAt(buf, at.bytes + i * n!, Uint8Array, n!);
  const i8 = (i: number): Int8Array => arrayAt(buf, at.bytes + i * n!, Int8Array, n!);
  const c: MeasuredColumns = {
    length: n!, runs: [run], models, prompts, energyMethods,
    run: new Int32Array(n!), model: int(0), prompt: int(1), energyMethod: int(2),
    position: f(0), rep: f(1), latencyMs: f(2), ttftMs: f(3), decodeTps: f(4), energyJ: f(5), netEnergyJ: f(6), outputTokens: f(7), peakRamMb: f(8),
    ok: u8(0), simulated: u8(1), correct: i8(2), unparsable: i8(3),
  };
  // Indices the consumers follow, and the flags' values: a damaged blob must not reach them.
  if (!inRange(c.model, 0, nModels!) || !inRange(c.prompt, 0, nPrompts!) || !inRange(c.energyMethod, -1, nMethods!)) return null;
  for (let i = 0; i < n!; i++) {
    if (c.ok[i]! > 1 || c.simulated[i]! > 1 || c.correct[i]! < -1 || c.correct[i]! > 1 || c.unparsable[i]! < -1 || c.unparsable[i]! > 1) return null;
  }
  return c;
}
