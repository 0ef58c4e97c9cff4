/**
 * The power samples committed with one prompt result, packed into one BLOB stored in the result's own row
 * (db/0027). A row per sample cost each per-result commit two more b-trees (the table and its (run_id, t_ms) index),
 * i.e. more WAL frames than the result itself; in the result's row they cost only their bytes
 * (bench/campaigns/ingest.ts). Every value comes back exactly as given (a test round-trips them).
 *
 * Layout, version 1: the version byte; the count (varint); one bit per sample, set for an ODPM read (else fuel
 * gauge); then per field of FIELDS a mode byte and its values. Mode NONE: every value null. INT: every present
 * value an integer of at most 2^51 in size (and not -0): zigzag varints of the differences from the previous
 * present value (the first from 0), a few bytes where readings change little. F64: little-endian float64s. With
 * the PRESENCE bit the mode byte is followed by one bit per sample, set where the value is present; without it
 * every value is present.
 */
import type { StoredSample } from './sample-insert';

export const SAMPLE_PACK_VERSION = 1;
const FIELDS = ['tMs', 'rawCurrent', 'rawVoltage', 'chargeCounter', 'tempRaw', 'watts', 'energyJ'] as const;
type Field = (typeof FIELDS)[number];
const NONE = 0;
const INT = 1;
const F64 = 2;
const PRESENCE = 0x80;
const INT_LIMIT = 2 ** 51;

/** A packed sample as read back: every field present, null where it was not measured. */
export type UnpackedSample = { source: StoredSample['source'] } & { [K in Field]: K extends 'tMs' ? number : number | null };

class Writer {
  buf = Buffer.allocUnsafe(256);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(v: number): void {
    this.room(1);
    this.buf[this.at++] = v;
  }

  /** Unsigned varint of a non-negative integer up to 2^53 (arithmetic, not 32-bit bitwise operators). */
  varint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.at++] = v;
  }

  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.at);
    this.at += 8;
  }

  bits(n: number, on: (i: number) => boolean): void {
    const bytes = (n + 7) >> 3;
    this.room(bytes);
    this.buf.fill(0, this.at, this.at + bytes);
    for (let i = 0; i < n; i++) if (on(i)) this.buf[this.at + (i >> 3)]! |= 1 << (i & 7);
    this.at += bytes;
  }
}

const zigzag = (d: number): number => (d < 0 ? -2 * d - 1 : 2 * d);
const unzigzag = (z: number): number => (z % 2 === 1 ? -(z + 1) / 2 : z / 2);
const fieldOf = (s: StoredSample, f: Field): number | null => s[f] ?? null;

/** `samples` as one BLOB (any number, any mix of sources and missing values). */
export function packSamples(samples: readonly StoredSample[]): Buffer {
  const n = samples.length;
  const w = new Writer();
  w.byte(SAMPLE_PACK_VERSION);
  w.varint(n);
  w.bits(n, (i) => samples[i]!.source === 'odpm');
  for (const f of FIELDS) {
    let present = 0;
    let ints = true;
    for (const s of samples) {
      const v = fieldOf(s, f);
      if (v === null) continue;
      present++;
      if (ints && !(Number.isInteger(v) && Math.abs(v) <= INT_LIMIT && !Object.is(v, -0))) ints = false;
    }
    if (present === 0) {
      w.byte(NONE);
      continue;
    }
    w.byte((ints ? INT : F64) | (present < n ? PRESENCE : 0));
    if (present < n) w.bits(n, (i) => fieldOf(samples[i]!, f) !== null);
    let prev = 0;
    for (const s of samples) {
      const v = fieldOf(s, f);
      if (v === null) continue;
      if (ints) {
        w.varint(zigzag(v - prev));
        prev = v;
      } else w.f64(v);
    }
  }
  return w.buf.subarray(0, w.at);
}

/** Thrown for a BLOB that is not a pack this version of the lab wrote (a damaged or foreign value). */
export class SamplePackError extends Error {}

/** The samples of a pack, in the order they were packed. */
export function unpackSamples(blob: Uint8Array): UnpackedSample[] {
  const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  let at = 0;
  const need = (k: number): void => {
    if (at + k > buf.length) throw new SamplePackError(`packed power samples end early (${buf.length} bytes): the stored value is damaged`);
  };
  const byte = (): number => {
    need(1);
    return buf[at++]!;
  };
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new SamplePackError('packed power samples hold an over-long number: the stored value is damaged');
    }
  };
  const bits = (n: number): Uint8Array => {
    const bytes = (n + 7) >> 3;
    need(bytes);
    const out = buf.subarray(at, at + bytes);
    at += bytes;
    return out;
  };
  const version = byte();
  if (version !== SAMPLE_PACK_VERSION) throw new SamplePackError(`packed power samples of version ${version}: this lab reads version ${SAMPLE_PACK_VERSION}; update Aurora Lab`);
  const n = varint();
  const odpm = bits(n);
  const out: UnpackedSample[] = Array.from({ length: n }, (_, i) => ({
    source: odpm[i >> 3]! & (1 << (i & 7)) ? 'odpm' : 'fuel-gauge',
    tMs: 0,
    rawCurrent: null,
    rawVoltage: null,
    chargeCounter: null,
    tempRaw: null,
    watts: null,
    energyJ: null,
  }));
  for (const f of FIELDS) {
    const mode = byte();
    const kind = mode & ~PRESENCE;
    if (kind === NONE) {
      if (f === 'tMs' && n > 0) throw new SamplePackError('packed power samples without their times: the stored value is damaged');
      continue;
    }
    if (kind !== INT && kind !== F64) throw new SamplePackError(`packed power samples with an unknown encoding (${mode}) of ${f}: the stored value is damaged`);
    const present = mode & PRESENCE ? bits(n) : null;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      if (present && !(present[i >> 3]! & (1 << (i & 7)))) continue;
      let v: number;
      if (kind === INT) v = prev += unzigzag(varint());
      else {
        need(8);
        v = buf.readDoubleLE(at);
        at += 8;
      }
      (out[i] as Record<Field, number | null>)[f] = v;
    }
  }
  if (at !== buf.length) throw new SamplePackError(`packed power samples with ${buf.length - at} bytes left over: the stored value is damaged`);
  return out;
}
