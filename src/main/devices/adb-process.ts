/**
 * Processes on the phone over an adb socket: shell protocol v2 framing (separate stdout/stderr, exit code,
 * close-stdin), and plain `shell:` for devices without it. Output is drained into queues as it arrives.
 */
import type { AdbSocket } from '@yume-chan/adb';
import type { MaybeConsumable, ReadableStream, WritableStreamDefaultWriter } from '@yume-chan/stream-extra';
import { AsyncQueue } from './async-queue';
import type { DeviceProcess, SpawnOptions } from './types';

/** stdin goes out in bounded shell packets, so one large write never becomes one huge frame. */
const CHUNK = 64 * 1024;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** Drains a byte stream, handing each chunk to `each`. Resolves when the stream ends; errors end it quietly. */
async function drain(stream: ReadableStream<Uint8Array>, each: (chunk: Buffer) => void): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      each(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch {
    // The socket closed under us (killed, device gone): what was read is all there is.
  } finally {
    reader.releaseLock();
  }
}

/** Shell protocol v2: `[id u8][len u32 LE][data]` packets; 0 stdin, 1 stdout, 2 stderr, 3 exit, 4 close-stdin. */
export function shellV2Process(socket: AdbSocket, opts: SpawnOptions): DeviceProcess {
  const stdout = new AsyncQueue<Buffer>();
  const stderr = new AsyncQueue<Buffer>();
  let exitCode: number | null = null;
  let pending: Buffer = Buffer.alloc(0);
  const writer: WritableStreamDefaultWriter<MaybeConsumable<Uint8Array>> = socket.writable.getWriter();
  const packet = (id: number, data: Uint8Array) => {
    const header = Buffer.alloc(5);
    header.writeUInt8(id, 0);
    header.writeUInt32LE(data.byteLength, 1);
    return new Uint8Array(Buffer.concat([header, data]));
  };
  const exit = drain(socket.readable, (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 5) {
      const len = pending.readUInt32LE(1);
      if (pending.length < 5 + len) break;
      const id = pending[0];
      const data = Buffer.from(pending.subarray(5, 5 + len));
      pending = pending.subarray(5 + len);
      if (id === 1) {
        opts.onStdout?.(data);
        stdout.push(data);
      } else if (id === 2) {
        opts.onStderr?.(data);
        stderr.push(data);
      } else if (id === 3) {
        exitCode = data[0] ?? null;
      }
    }
  }).then(() => {
    stdout.end();
    stderr.end();
    return exitCode;
  });
  const kill = async () => {
    await Promise.resolve(socket.close()).catch(() => {});
  };
  opts.signal?.addEventListener('abort', () => void kill(), { once: true });
  let stdinClosed = false;
  return {
    write: async (data) => {
      const bytes = toBytes(data);
      for (let off = 0; off < bytes.byteLength; off += CHUNK) {
        await writer.write(packet(0, bytes.subarray(off, off + CHUNK)));
      }
    },
    closeStdin: async () => {
      if (stdinClosed) return;
      stdinClosed = true;
      await writer.write(packet(4, new Uint8Array(0))).catch(() => {});
    },
    stdout,
    stderr,
    exit,
    kill,
  };
}

/** Plain `shell:` for devices without shell v2: one mixed output stream and no exit code. */
export function rawShellProcess(socket: AdbSocket, opts: SpawnOptions): DeviceProcess {
  const stdout = new AsyncQueue<Buffer>();
  const stderr = new AsyncQueue<Buffer>();
  stderr.end();
  const writer = socket.writable.getWriter();
  const exit = drain(socket.readable, (chunk) => {
    opts.onStdout?.(chunk);
    stdout.push(chunk);
  }).then(() => {
    stdout.end();
    return null;
  });
  const kill = async () => {
    await Promise.resolve(socket.close()).catch(() => {});
  };
  opts.signal?.addEventListener('abort', () => void kill(), { once: true });
  return {
    write: async (data) => {
      await writer.write(toBytes(data));
    },
    closeStdin: async () => {},
    stdout,
    stderr,
    exit,
    kill,
  };
}
