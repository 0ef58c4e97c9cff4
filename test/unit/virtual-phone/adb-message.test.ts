import { describe, expect, it } from 'vitest';
import {
  A_CNXN,
  A_WRTE,
  AdbMessageDecoder,
  AdbProtocolError,
  HEADER_SIZE,
  byteSum,
  encodeMessage,
} from '../../../src/main/virtual-phone/adb-message';

describe('adb message codec', () => {
  it('writes the header as six little-endian u32 with magic = command ^ 0xffffffff and the byte sum', () => {
    const payload = Buffer.from('host::\0');
    const m = encodeMessage(A_CNXN, 0x01000001, 1024 * 1024, payload);
    expect(m.length, 'header + payload').toBe(HEADER_SIZE + payload.length);
    expect(m.readUInt32LE(0), 'command').toBe(A_CNXN);
    expect(m.readUInt32LE(4), 'arg0').toBe(0x01000001);
    expect(m.readUInt32LE(8), 'arg1').toBe(1024 * 1024);
    expect(m.readUInt32LE(12), 'data_length').toBe(payload.length);
    expect(m.readUInt32LE(16), 'data_check is the unsigned byte sum').toBe(byteSum(payload));
    expect(m.readUInt32LE(20), 'magic').toBe((A_CNXN ^ 0xffffffff) >>> 0);
    expect(m.subarray(0, 4).toString('latin1'), 'command reads as ASCII CNXN').toBe('CNXN');
  });

  it('reassembles messages split at every byte boundary and merged in one chunk', () => {
    const a = encodeMessage(A_WRTE, 5, 7, Buffer.from('hello'));
    const b = encodeMessage(A_WRTE, 5, 7, Buffer.alloc(0));
    const all = Buffer.concat([a, b]);
    const dec = new AdbMessageDecoder();
    const got = [];
    for (let i = 0; i < all.length; i++) got.push(...dec.push(all.subarray(i, i + 1)));
    expect(got.map((m) => m.payload.toString()), 'byte-by-byte feeding yields both messages').toEqual(['hello', '']);
    const merged = new AdbMessageDecoder().push(all);
    expect(merged.length, 'one chunk with two messages').toBe(2);
    expect(merged[0]!.arg0, 'arg0 survives').toBe(5);
    expect(merged[0]!.arg1, 'arg1 survives').toBe(7);
  });

  it('rejects garbage (bad magic) and oversized payloads', () => {
    expect(() => new AdbMessageDecoder().push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')), 'HTTP is not ADB').toThrow(AdbProtocolError);
    const big = encodeMessage(A_WRTE, 1, 1, Buffer.alloc(10));
    big.writeUInt32LE(5000, 12);
    expect(() => new AdbMessageDecoder(4096).push(big), 'data_length above the negotiated maximum').toThrow(/exceeds/);
  });

  it('verifies data_check only when asked (pre-0x01000001 peers)', () => {
    const m = encodeMessage(A_WRTE, 1, 1, Buffer.from('abc'));
    m.writeUInt32LE(0, 16);
    expect(new AdbMessageDecoder(4096, false).push(m).length, 'zero checksum accepted from modern peers').toBe(1);
    expect(() => new AdbMessageDecoder(4096, true).push(m), 'zero checksum rejected from v1 peers').toThrow(/data_check/);
  });
});
