/**
 * One ADB stream (an OPENed service) with the protocol's flow control: at most one WRTE in flight per direction.
 * Without `delayed_ack` the peer waits for our OKAY before its next WRTE, so delaying the OKAY is how a slow
 * consumer (a disk, a child's stdin) pushes back on the host.
 */

export interface StreamSender {
  write(localId: number, remoteId: number, payload: Buffer): void;
  okay(localId: number, remoteId: number): void;
  close(localId: number, remoteId: number): void;
}

type DataHandler = (data: Buffer) => void | Promise<void>;

export class AdbStream {
  private queue: Buffer[] = [];
  private queued = 0;
  private inFlight = false;
  private ending = false;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private dataHandler: DataHandler = () => {};
  private closeHandlers: (() => void)[] = [];
  /** Keeps a full WRTE's worth ready behind the one in flight so the link never idles. */
  private readonly highWater: number;

  constructor(
    readonly localId: number,
    readonly remoteId: number,
    readonly maxData: number,
    private readonly sender: StreamSender,
  ) {
    this.highWater = maxData * 2;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onData(handler: DataHandler): void {
    this.dataHandler = handler;
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  /** Queues bytes for the host; resolves once the queue is short enough to accept more. */
  write(data: Buffer | string): Promise<void> {
    if (this.closed || this.ending) return Promise.resolve();
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length === 0) return Promise.resolve();
    this.queue.push(buf);
    this.queued += buf.length;
    this.pump();
    if (this.queued < this.highWater) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Sends what is queued, then CLSE. */
  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    this.pump();
  }

  /** Drops anything queued and closes now. */
  close(): void {
    if (this.closed) return;
    this.sender.close(this.localId, this.remoteId);
    this.finish();
  }

  // ---- called by the transport ----

  handleWrite(payload: Buffer): void {
    if (this.closed) return;
    let result: void | Promise<void>;
    try {
      result = this.dataHandler(payload);
    } catch {
      this.close();
      return;
    }
    if (result instanceof Promise) {
      result.then(
        () => this.closed || this.sender.okay(this.localId, this.remoteId),
        () => this.close(),
      );
    } else {
      this.sender.okay(this.localId, this.remoteId);
    }
  }

  handleOkay(): void {
    this.inFlight = false;
    this.pump();
  }

  /** The host closed its end: no CLSE goes back (it has already forgotten the stream). */
  handleClose(): void {
    this.finish();
  }

  private pump(): void {
    if (this.closed || this.inFlight) return;
    if (this.queued === 0) {
      if (this.ending) this.close();
      return;
    }
    let payload: Buffer;
    const first = this.queue[0]!;
    if (first.length >= this.maxData) {
      payload = first.subarray(0, this.maxData);
      if (first.length === this.maxData) this.queue.shift();
      else this.queue[0] = first.subarray(this.maxData);
    } else {
      const parts: Buffer[] = [];
      let n = 0;
      while (this.queue.length > 0 && n < this.maxData) {
        const b = this.queue[0]!;
        const k = Math.min(b.length, this.maxData - n);
        parts.push(k === b.length ? b : b.subarray(0, k));
        if (k === b.length) this.queue.shift();
        else this.queue[0] = b.subarray(k);
        n += k;
      }
      payload = parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
    }
    this.queued -= payload.length;
    this.inFlight = true;
    this.sender.write(this.localId, this.remoteId, payload);
    if (this.queued < this.highWater) this.releaseWaiters();
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queued = 0;
    this.releaseWaiters();
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const h of handlers) h();
  }
}
