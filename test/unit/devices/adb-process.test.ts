import type { AdbSocket } from '@yume-chan/adb';
import { describe, expect, it } from 'vitest';
import { rawShellProcess, shellV2Process } from '../../../src/main/devices/adb-process';

/** A socket whose device side is scripted: `chunks` arrive in order, writes are recorded. */
function fakeSocket(chunks: Uint8Array[]): { socket: AdbSocket; written: Uint8Array[]; closed: () => boolean } {
  const written: Uint8Array[] = [];
  let closed = false;
  const readable = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  const writable = new WritableStream<Uint8Array>({ write: (c) => void written.push(c) });
  const socket = {
    service: 'shell,v2,raw:test',
    readable,
    writable,
    closed: Promise.resolve(undefined),
    close: () => void (closed = true),
  } as unknown as AdbSocket;
  return { socket, written, closed: () => closed };
}

function packet(id: number, data: string | number[]): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const header = Buffer.alloc(5);
  header.writeUInt8(id, 0);
  header.writeUInt32LE(body.length, 1);
  return new Uint8Array(Buffer.concat([header, body]));
}

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  let s = '';
  for await (const c of it) s += c.toString();
  return s;
}

describe('shell v2 framing', () => {
  it('separates stdout, stderr and the exit code even when packets are split across chunks', async () => {
    const stream = Buffer.concat([packet(1, 'hello '), packet(2, 'oops\n'), packet(1, 'world\n'), packet(3, [42])]);
    // Split at awkward places: inside a header and inside a payload.
    const chunks = [stream.subarray(0, 3), stream.subarray(3, 9), stream.subarray(9, 20), stream.subarray(20)].map((b) => new Uint8Array(b));
    const seen: string[] = [];
    const { socket } = fakeSocket(chunks);
    const proc = shellV2Process(socket, { onStdout: (c) => seen.push(c.toString()) });
    const [out, err, code] = await Promise.all([collect(proc.stdout), collect(proc.stderr), proc.exit]);
    expect(out).toBe('hello world\n');
    expect(err).toBe('oops\n');
    expect(code).toBe(42);
    expect(seen).toEqual(['hello ', 'world\n']);
  });

  it('frames stdin and close-stdin packets', async () => {
    const { socket, written } = fakeSocket([packet(3, [0])]);
    const proc = shellV2Process(socket, {});
    await proc.write('{"id":1}\n');
    await proc.closeStdin();
    await proc.closeStdin(); // once only
    expect(written.map((w) => Buffer.from(w).toString('hex'))).toEqual([
      Buffer.from(packet(0, '{"id":1}\n')).toString('hex'),
      Buffer.from(packet(4, '')).toString('hex'),
    ]);
    expect(await proc.exit).toBe(0);
  });

  it('reports null when the stream ends without an exit packet', async () => {
    const { socket } = fakeSocket([packet(1, 'partial')]);
    expect(await shellV2Process(socket, {}).exit).toBeNull();
  });
});

describe('plain shell: fallback', () => {
  it('passes all output through stdout with no exit code', async () => {
    const { socket, written } = fakeSocket([new TextEncoder().encode('out and err\r\n')]);
    const proc = rawShellProcess(socket, {});
    await proc.write('input');
    const [out, err, code] = await Promise.all([collect(proc.stdout), collect(proc.stderr), proc.exit]);
    expect(out).toBe('out and err\r\n');
    expect(err).toBe('');
    expect(code).toBeNull();
    expect(Buffer.from(written[0]!).toString()).toBe('input');
  });

  it('kill closes the socket', async () => {
    const { socket, closed } = fakeSocket([]);
    await rawShellProcess(socket, {}).kill();
    expect(closed()).toBe(true);
  });
});
