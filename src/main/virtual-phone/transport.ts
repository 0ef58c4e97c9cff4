import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  A_AUTH,
  A_CLSE,
  A_CNXN,
  A_OKAY,
  A_OPEN,
  A_STLS,
  A_VERSION,
  A_VERSION_MIN,
  A_WRTE,
  AUTH_RSAPUBLICKEY,
  AUTH_SIGNATURE,
  AUTH_TOKEN,
  AdbMessageDecoder,
  MAX_HANDSHAKE_PAYLOAD,
  MAX_PAYLOAD,
  encodeHeader,
} from './adb-message';
import type { AdbMessage } from './adb-message';
import { AdbStream } from './streams';

export interface TransportOptions {
  banner: string;
  isAuthorized: () => boolean;
  /** What starts the named service on its stream, or null to refuse the OPEN. */
  openService: (service: string) => ((stream: AdbStream) => void) | null;
  log?: (message: string) => void;
}

type State = 'waiting-cnxn' | 'authorizing' | 'online' | 'closed';

/**
 * The device end of one ADB connection: the handshake (CNXN, optional AUTH), then streams. Anything that is not
 * ADB (or breaks the protocol) closes this connection only.
 */
export class AdbTransport {
  private readonly decoder = new AdbMessageDecoder(MAX_HANDSHAKE_PAYLOAD * 64, false);
  private state: State = 'waiting-cnxn';
  private maxData = MAX_HANDSHAKE_PAYLOAD;
  private streams = new Map<number, AdbStream>();
  private nextLocalId = 1;
  /** The host offered its public key: an "Allow USB debugging?" dialog is up until setAuthorized(true). */
  private keyOffered = false;

  constructor(
    private readonly socket: Socket,
    private readonly opts: TransportOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** A method, not a field read, because handle() may close the transport mid-loop. */
  isClosed(): boolean {
    return this.state === 'closed';
  }

  get isOnline(): boolean {
    return this.state === 'online';
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const s of this.streams.values()) s.handleClose();
    this.streams.clear();
    this.socket.destroy();
  }

  /** The user tapped "Allow": a connection waiting with its key offered comes online. */
  authorizeNow(): void {
    if (this.state === 'authorizing' && this.keyOffered) this.goOnline();
  }

  // ---- internals ----

  private send(command: number, arg0: number, arg1: number, payload: Buffer = Buffer.alloc(0)): void {
    if (this.state === 'closed') return;
    this.socket.write(encodeHeader(command, arg0, arg1, payload));
    if (payload.length) this.socket.write(payload);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    let messages: AdbMessage[];
    try {
      messages = this.decoder.push(chunk);
    } catch (e) {
      this.opts.log?.(`dropping connection: ${(e as Error).message}`);
      this.close();
      return;
    }
    for (const m of messages) {
      if (this.isClosed()) return;
      this.handle(m);
    }
  }

  private handle(m: AdbMessage): void {
    switch (m.command) {
      case A_CNXN:
        return this.onConnect(m);
      case A_AUTH:
        return this.onAuth(m);
      case A_STLS:
        // TLS is never offered (no "tls" in our banner), so a STLS here is a protocol error.
        return this.close();
    }
    if (this.state !== 'online') return;
    switch (m.command) {
      case A_OPEN:
        return this.onOpen(m);
      case A_OKAY:
        return this.streams.get(m.arg1)?.handleOkay();
      case A_WRTE: {
        const s = this.streams.get(m.arg1);
        if (s) s.handleWrite(m.payload);
        else this.send(A_CLSE, 0, m.arg0);
        return;
      }
      case A_CLSE: {
        const s = this.streams.get(m.arg1);
        this.streams.delete(m.arg1);
        s?.handleClose();
        return;
      }
    }
  }

  private onConnect(m: AdbMessage): void {
    if (m.arg0 < A_VERSION_MIN) {
      this.close();
      return;
    }
    // A reconnecting host restarts the handshake: old streams are gone on its side.
    for (const s of this.streams.values()) s.handleClose();
    this.streams.clear();
    this.maxData = Math.max(MAX_HANDSHAKE_PAYLOAD, Math.min(m.arg1 || MAX_HANDSHAKE_PAYLOAD, MAX_PAYLOAD));
    this.decoder.setMaxPayload(MAX_PAYLOAD);
    this.decoder.setVerifyChecksum(m.arg0 < A_VERSION);
    if (this.opts.isAuthorized()) this.goOnline();
    else this.requestAuth();
  }

  private requestAuth(): void {
    this.state = 'authorizing';
    this.send(A_AUTH, AUTH_TOKEN, 0, randomBytes(20));
  }

  private onAuth(m: AdbMessage): void {
    if (this.state !== 'authorizing') return;
    if (m.arg0 === AUTH_SIGNATURE) {
      // We hold no keys, so no signature can verify; ask again as adbd does, until the host offers its key.
      if (this.opts.isAuthorized()) this.goOnline();
      else this.send(A_AUTH, AUTH_TOKEN, 0, randomBytes(20));
    } else if (m.arg0 === AUTH_RSAPUBLICKEY) {
      this.keyOffered = true;
      if (this.opts.isAuthorized()) this.goOnline();
    }
  }

  private goOnline(): void {
    this.state = 'online';
    this.send(A_CNXN, A_VERSION, this.maxData, Buffer.from(this.opts.banner));
  }

  private onOpen(m: AdbMessage): void {
    const service = m.payload.toString('utf8').replace(/\0+$/, '');
    const remoteId = m.arg0;
    if (remoteId === 0) return;
    const start = this.opts.openService(service);
    if (!start) {
      // adbd refuses a service it cannot start with CLSE(0, remote-id) and no OKAY.
      this.send(A_CLSE, 0, remoteId);
      return;
    }
    const localId = this.nextLocalId++;
    if (this.nextLocalId > 0x7fffffff) this.nextLocalId = 1;
    const stream = new AdbStream(localId, remoteId, this.maxData, {
      write: (l, r, p) => this.send(A_WRTE, l, r, p),
      okay: (l, r) => this.send(A_OKAY, l, r),
      close: (l, r) => {
        this.streams.delete(l);
        this.send(A_CLSE, l, r);
      },
    });
    this.streams.set(localId, stream);
    // The OKAY must precede anything the service writes.
    this.send(A_OKAY, localId, remoteId);
    try {
      start(stream);
    } catch (e) {
      this.opts.log?.(`service ${service} failed: ${(e as Error).message}`);
      stream.close();
    }
  }
}
