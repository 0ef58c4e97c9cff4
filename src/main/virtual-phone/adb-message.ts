/**
 * ADB transport messages: a 24-byte header of six little-endian u32 (command, arg0, arg1, data_length,
 * data_check, magic) followed by the payload. See AOSP packages/modules/adb/protocol.md.
 */

export const A_CNXN = 0x4e584e43;
export const A_AUTH = 0x48545541;
export const A_OPEN = 0x4e45504f;
export const A_OKAY = 0x59414b4f;
export const A_WRTE = 0x45545257;
export const A_CLSE = 0x45534c43;
export const A_STLS = 0x534c5453;

export const A_VERSION = 0x01000001;
export const A_VERSION_MIN = 0x01000000;
export const MAX_PAYLOAD = 1024 * 1024;
/** CNXN and AUTH must fit in what a v1 peer can read before it knows our maxdata. */
export const MAX_HANDSHAKE_PAYLOAD = 4096;

export const AUTH_TOKEN = 1;
export const AUTH_SIGNATURE = 2;
export const AUTH_RSAPUBLICKEY = 3;

export const HEADER_SIZE = 24;

const KNOWN_COMMANDS = new Set([A_CNXN, A_AUTH, A_OPEN, A_OKAY, A_WRTE, A_CLSE, A_STLS]);

export interface AdbMessage {
  command: number;
  arg0: number;
  arg1: number;
  payload: Buffer;
}

export function commandName(command: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(command >>> 0);
  return /^[A-Z]{4}$/.test(b.toString('latin1')) ? b.toString('latin1') : `0x${(command >>> 0).toString(16)}`;
}

export function byteSum(payload: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += payload[i]!;
  return sum >>> 0;
}

export function encodeHeader(command: number, arg0: number, arg1: number, payload: Uint8Array): Buffer {
  const header = Buffer.allocUnsafe(HEADER_SIZE);
  header.writeUInt32LE(command >>> 0, 0);
  header.writeUInt32LE(arg0 >>> 0, 4);
  header.writeUInt32LE(arg1 >>> 0, 8);
  header.writeUInt32LE(payload.length, 12);
  header.writeUInt32LE(byteSum(payload), 16);
  header.writeUInt32LE((command ^ 0xffffffff) >>> 0, 20);
  return header;
}

export function encodeMessage(command: number, arg0: number, arg1: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([encodeHeader(command, arg0, arg1, payload), payload]);
}

export class AdbProtocolError extends Error {}

/**
 * Incremental decoder: feed socket chunks, get whole messages. Throws AdbProtocolError on anything that is
 * not an ADB message so the transport can drop that connection (a stray HTTP client, a port scanner...).
 */
export class AdbMessageDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private header: { command: number; arg0: number; arg1: number; length: number; check: number } | null = null;

  constructor(
    private maxPayload: number = MAX_PAYLOAD,
    /** Since 0x01000001 senders may write 0 in data_check; only older peers' sums are verified. */
    private verifyChecksum = false,
  ) {}

  setMaxPayload(n: number): void {
    this.maxPayload = n;
  }

  setVerifyChecksum(on: boolean): void {
    this.verifyChecksum = on;
  }

  push(chunk: Buffer): AdbMessage[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: AdbMessage[] = [];
    for (;;) {
      if (!this.header) {
        if (this.buffered < HEADER_SIZE) break;
        const h = this.take(HEADER_SIZE);
        const command = h.readUInt32LE(0);
        const magic = h.readUInt32LE(20);
        if (((command ^ 0xffffffff) >>> 0) !== magic || !KNOWN_COMMANDS.has(command)) {
          throw new AdbProtocolError(`bad ADB header (command ${commandName(command)}, magic 0x${magic.toString(16)})`);
        }
        const length = h.readUInt32LE(12);
        if (length > this.maxPayload) {
          throw new AdbProtocolError(`payload of ${length} bytes exceeds the negotiated maximum ${this.maxPayload}`);
        }
        this.header = { command, arg0: h.readUInt32LE(4), arg1: h.readUInt32LE(8), length, check: h.readUInt32LE(16) };
      }
      if (this.buffered < this.header.length) break;
      const payload = this.header.length === 0 ? Buffer.alloc(0) : this.take(this.header.length);
      if (this.verifyChecksum && byteSum(payload) !== this.header.check) {
        throw new AdbProtocolError(`data_check mismatch on ${commandName(this.header.command)}`);
      }
      out.push({ command: this.header.command, arg0: this.header.arg0, arg1: this.header.arg1, payload });
      this.header = null;
    }
    return out;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - off);
      c.copy(out, off, 0, k);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}
