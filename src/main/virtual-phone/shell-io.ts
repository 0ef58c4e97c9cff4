import { createReadStream, createWriteStream } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:fs';

/** Where a command writes; the promise resolves when the consumer can take more (backpressure). */
export interface OutStream {
  write(data: Buffer | string): Promise<void>;
}

/** Where a command reads; null is end of input. */
export interface InStream {
  read(): Promise<Buffer | null>;
}

export interface ShellIO {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
}

export const nullSink: OutStream = { write: () => Promise.resolve() };
export const emptySource: InStream = { read: () => Promise.resolve(null) };

/** An in-memory pipe with a bounded buffer, used for `a | b` and for the shell's stdin. */
export class Pipe implements InStream, OutStream {
  private chunks: Buffer[] = [];
  private size = 0;
  private ended = false;
  private readerGone = false;
  private readWaiter: (() => void) | null = null;
  private writeWaiters: (() => void)[] = [];

  constructor(private readonly highWater = 256 * 1024) {}

  write(data: Buffer | string): Promise<void> {
    if (this.readerGone || this.ended) return Promise.resolve();
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length === 0) return Promise.resolve();
    this.chunks.push(buf);
    this.size += buf.length;
    this.wakeReader();
    if (this.size < this.highWater) return Promise.resolve();
    return new Promise((resolve) => this.writeWaiters.push(resolve));
  }

  end(): void {
    this.ended = true;
    this.wakeReader();
  }

  /** The reader stopped (like a closed pipe): pending and future writes are discarded. */
  closeReader(): void {
    this.readerGone = true;
    this.chunks = [];
    this.size = 0;
    this.wakeWriters();
  }

  async read(): Promise<Buffer | null> {
    for (;;) {
      const c = this.chunks.shift();
      if (c) {
        this.size -= c.length;
        if (this.size < this.highWater) this.wakeWriters();
        return c;
      }
      if (this.ended || this.readerGone) return null;
      await new Promise<void>((resolve) => (this.readWaiter = resolve));
    }
  }

  private wakeReader(): void {
    const w = this.readWaiter;
    this.readWaiter = null;
    w?.();
  }

  private wakeWriters(): void {
    const ws = this.writeWaiters;
    this.writeWaiters = [];
    for (const w of ws) w();
  }
}

/** Collects output in memory (command tests, `$?`-style captures). */
export class BufferSink implements OutStream {
  private parts: Buffer[] = [];
  write(data: Buffer | string): Promise<void> {
    this.parts.push(typeof data === 'string' ? Buffer.from(data) : data);
    return Promise.resolve();
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

export class FileSink implements OutStream {
  private stream: WriteStream;
  private error: Error | null = null;
  readonly opened: Promise<void>;

  constructor(hostPath: string, append: boolean) {
    this.stream = createWriteStream(hostPath, { flags: append ? 'a' : 'w' });
    this.opened = new Promise((resolve, reject) => {
      this.stream.once('open', () => resolve());
      this.stream.once('error', (e) => {
        this.error = e;
        reject(e);
      });
    });
  }

  write(data: Buffer | string): Promise<void> {
    if (this.error) return Promise.resolve();
    if (this.stream.write(data)) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.error) return resolve();
      this.stream.end(() => resolve());
    });
  }
}

export class FileSource implements InStream {
  private stream: ReadStream;
  private iterator: AsyncIterator<Buffer>;

  constructor(hostPath: string) {
    this.stream = createReadStream(hostPath, { highWaterMark: 256 * 1024 });
    this.iterator = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  async read(): Promise<Buffer | null> {
    const r = await this.iterator.next();
    return r.done ? null : r.value;
  }

  close(): void {
    this.stream.destroy();
  }
}

export async function readAll(input: InStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const c = await input.read();
    if (c === null) return Buffer.concat(parts);
    parts.push(c);
  }
}
