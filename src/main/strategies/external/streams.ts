/**
 * Bounded readers for a child program's output: stdout split into lines (a line longer than the limit is dropped
 * and reported, never buffered without end), stderr kept as its last bytes only.
 */

export type LineItem = string | { overlong: number };

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private dropping = 0;
  private readonly out: LineItem[] = [];

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (this.dropping > 0 || this.size + piece.length > this.maxLineBytes) {
        this.dropping += this.size + piece.length;
        this.parts = [];
        this.size = 0;
      } else if (piece.length) {
        this.parts.push(piece);
        this.size += piece.length;
      }
      if (nl < 0) return;
      if (this.dropping > 0) {
        this.out.push({ overlong: this.dropping });
        this.dropping = 0;
      } else {
        const line = Buffer.concat(this.parts, this.size).toString('utf8');
        this.out.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
  }

  shift(): LineItem | undefined {
    return this.out.shift();
  }
}

export class StderrTail {
  private buf = Buffer.alloc(0);
  total = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const joined = Buffer.concat([this.buf, chunk]);
    this.buf = joined.length > this.maxBytes ? joined.subarray(joined.length - this.maxBytes) : joined;
  }

  /** The kept tail as text (a leading partial character from the cut is dropped by the decoder). */
  text(): string {
    return (this.total > this.buf.length ? '…' : '') + this.buf.toString('utf8');
  }

  /** The last `n` non-empty lines joined with " | ", at most 400 characters: for one-line error messages. */
  lastLines(n: number): string {
    const lines = this.buf.toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-n).join(' | ');
    return lines.length > 400 ? `…${lines.slice(-400)}` : lines;
  }
}
