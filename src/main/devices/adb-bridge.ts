/**
 * The one module that uses the adb library (@yume-chan/*). It talks to the user's adb server and exposes the
 * core's `DeviceBridge`: device listing and tracking, shell v2 commands and processes, sync push/pull/stat,
 * and `adb connect`/`disconnect` with adb's own answers.
 */
import { sleep } from '../../shared/kit/backoff';
import { AdbFeature, AdbServerClient } from '@yume-chan/adb';
import type { Adb, AdbSocket, AdbSync } from '@yume-chan/adb';
import { AdbServerNodeTcpConnector } from '@yume-chan/adb-server-node-tcp';
import { ReadableStream } from '@yume-chan/stream-extra';
import type { MaybeConsumable, ReadableStream as ReadableStreamType } from '@yume-chan/stream-extra';
import { open, stat as statLocal } from 'node:fs/promises';
import { networkAddressSchema } from '../../shared/contract';
import type { AdbInfo } from '../../shared/devices';
import { ADB_HOST, adbServerPort, describeAdb, ensureAdbServer } from './adb-server';
import { rawShellProcess, shellV2Process } from './adb-process';
import { parseDeviceList } from './device-list';
import { DeviceError, errorMessage } from './errors';
import type { ShellCommand } from './shell-command';
import type {
  AdbDeviceEntry,
  AdbServerInfo,
  DeviceBridge,
  DeviceProcess,
  DeviceTracker,
  PullOptions,
  PushOptions,
  RemoteStat,
  ShellOptions,
  ShellResult,
  SpawnOptions,
  TrackHandlers,
} from './types';

export interface AdbBridgeOptions {
  /** Default: ANDROID_ADB_SERVER_PORT, else 5037. */
  port?: number;
  /** The ADB path setting; else $ADB, else `adb` on PATH (only needed to start the server). */
  adbPath?: string | null;
  env?: NodeJS.ProcessEnv;
}

const CHUNK = 64 * 1024;
const TRACK_RETRY_MIN_MS = 250;
const TRACK_RETRY_MAX_MS = 2000;
/** Before asking a host service again that the adb server dropped unanswered. */
const DROPPED_RETRY_MS = 200;

/** The adb server closed a host service's connection before answering (@yume-chan's ExactReadableEndedError). */
export class AdbRequestDroppedError extends Error {
  constructor(service: string, port: number) {
    super(`the adb server on port ${port} closed the connection before answering ${service}`);
    this.name = 'AdbRequestDroppedError';
  }
}

const endedUnanswered = (err: unknown): boolean => err instanceof Error && err.message === 'ExactReadable ended';


/** A stream over bytes or a local file, reporting how much the consumer has pulled. */
async function sourceStream(
  source: string | Uint8Array,
  onProgress?: (bytes: number, total: number) => void,
): Promise<{ stream: ReadableStreamType<MaybeConsumable<Uint8Array>>; total: number; done: () => Promise<void> }> {
  let sent = 0;
  if (typeof source !== 'string') {
    const total = source.byteLength;
    const stream = new ReadableStream<MaybeConsumable<Uint8Array>>({
      pull(controller) {
        if (sent >= total) {
          controller.close();
          return;
        }
        const chunk = source.subarray(sent, Math.min(sent + CHUNK, total));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        onProgress?.(sent, total);
      },
    });
    return { stream, total, done: async () => {} };
  }
  const total = (await statLocal(source)).size;
  const handle = await open(source, 'r');
  const stream = new ReadableStream<MaybeConsumable<Uint8Array>>({
    async pull(controller) {
      const buffer = new Uint8Array(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) {
        controller.close();
        return;
      }
      sent += bytesRead;
      controller.enqueue(buffer.subarray(0, bytesRead));
      onProgress?.(sent, total);
    },
  });
  return { stream, total, done: () => handle.close() };
}

export class AdbBridge implements DeviceBridge {
  readonly serverPort: number;
  readonly #client: AdbServerClient;
  readonly #adbPath: string | null;
  readonly #env: NodeJS.ProcessEnv;
  readonly #adbs = new Map<string, Promise<Adb>>();

  constructor(opts: AdbBridgeOptions = {}) {
    this.#env = opts.env ?? process.env;
    this.serverPort = opts.port ?? adbServerPort(this.#env);
    this.#adbPath = opts.adbPath ?? null;
    this.#client = new AdbServerClient(new AdbServerNodeTcpConnector({ host: ADB_HOST, port: this.serverPort }));
  }

  ensureServer(): Promise<AdbServerInfo> {
    return ensureAdbServer({ port: this.serverPort, adbPath: this.#adbPath, env: this.#env });
  }

  /** adb as Settings and `lab.info` show it: path, version, port, and what is wrong if it is not usable. */
  info(): Promise<AdbInfo> {
    return describeAdb({ port: this.serverPort, adbPath: this.#adbPath, env: this.#env });
  }

  /** One request/one string reply host service (`host:devices-l`, `host:connect:...`). */
  async #hostString(service: string): Promise<string> {
    let stream;
    try {
      stream = await this.#client.createConnection(service);
    } catch (err) {
      // A connection closed before OKAY or FAIL is no answer (it used to be taken for adb's own text).
      if (endedUnanswered(err)) throw new AdbRequestDroppedError(service, this.serverPort);
      // The server answered FAIL (e.g. "no such device '...'" for a disconnect): that text is adb's answer.
      // Socket errors (no server) carry an errno code and are real failures.
      if (err instanceof Error && !('code' in err)) return err.message;
      throw err;
    }
    try {
      return await stream.readString();
    } catch (err) {
      throw endedUnanswered(err) ? new AdbRequestDroppedError(service, this.serverPort) : err;
    } finally {
      await stream.dispose();
    }
  }

  /** A host service asked again once if the server dropped it unanswered (seen once from a real adb server under CI). */
  async #hostStringRetried(service: string): Promise<string> {
    try {
      return await this.#hostString(service);
    } catch (err) {
      if (!(err instanceof AdbRequestDroppedError)) throw err;
      await sleep(DROPPED_RETRY_MS);
      return this.#hostString(service);
    }
  }

  async listDevices(): Promise<AdbDeviceEntry[]> {
    return parseDeviceList(await this.#hostString('host:devices-l'));
  }

  trackDevices(handlers: TrackHandlers): DeviceTracker {
    let stopped = false;
    let current: { dispose(): Promise<void> } | undefined;
    const loop = async () => {
      let delay = TRACK_RETRY_MIN_MS;
      while (!stopped) {
        try {
          // unref: tracking alone must not keep a CLI process alive.
          const stream = await this.#client.createConnection('host:track-devices-l', { unref: true });
          current = stream;
          delay = TRACK_RETRY_MIN_MS;
          while (!stopped) handlers.onChange(parseDeviceList(await stream.readString()));
        } catch (err) {
          if (stopped) break;
          handlers.onError?.(err instanceof Error ? err : new Error(String(err)));
          this.#adbs.clear();
          await sleep(delay, { unref: true });
          delay = Math.min(delay * 2, TRACK_RETRY_MAX_MS);
          // The server went away (kill-server, crash): bring it back the way the adb CLI would.
          await this.ensureServer().catch((e: unknown) => {
            if (!stopped) handlers.onError?.(e instanceof Error ? e : new Error(String(e)));
          });
        }
      }
    };
    void loop();
    return {
      stop: async () => {
        stopped = true;
        await current?.dispose().catch(() => {});
      },
    };
  }

  #getAdb(serial: string): Promise<Adb> {
    let pending = this.#adbs.get(serial);
    if (!pending) {
      const created = this.#client.createAdb({ serial }).catch((err: unknown) => {
        throw this.#deviceError(serial, err);
      });
      pending = created;
      this.#adbs.set(serial, created);
      const forget = () => {
        if (this.#adbs.get(serial) === created) this.#adbs.delete(serial);
      };
      created.then((adb) => void adb.disconnected.then(forget, forget), forget);
    }
    return pending;
  }

  #deviceError(serial: string, err: unknown): DeviceError {
    if (err instanceof DeviceError) return err;
    const msg = errorMessage(err);
    if (/not found/i.test(msg)) return new DeviceError('device-not-found', `Device ${serial} is not connected (${msg.trim()})`, { cause: err });
    if (/unauthorized/i.test(msg)) {
      return new DeviceError('device-offline', `Device ${serial} is unauthorized: accept the USB debugging prompt on the phone.`, { cause: err });
    }
    return new DeviceError('device-offline', `Device ${serial} is not reachable: ${msg.trim()}`, { cause: err });
  }

  /**
   * Opens something on the device (a shell or sync socket). If the cached transport went stale (the device
   * reconnected under a new transport id), drops it and opens once more on a fresh one. Only the opening step is
   * retried, never a command that may already have run.
   */
  async #open<T>(serial: string, open: (adb: Adb) => Promise<T>): Promise<T> {
    const pending = this.#getAdb(serial);
    const adb = await pending;
    try {
      return await open(adb);
    } catch (err) {
      if (!/not found|no device|closed|disconnected|offline/i.test(errorMessage(err))) throw this.#deviceError(serial, err);
      if (this.#adbs.get(serial) === pending) this.#adbs.delete(serial);
      const fresh = await this.#getAdb(serial);
      try {
        return await open(fresh);
      } catch (again) {
        throw this.#deviceError(serial, again);
      }
    }
  }

  async #openShell(adb: Adb, command: ShellCommand): Promise<{ socket: AdbSocket; v2: boolean }> {
    const v2 = adb.canUseFeature(AdbFeature.ShellV2);
    const service = v2 ? `shell,v2,raw:${command.text}` : `shell:${command.text}`;
    return { socket: await adb.createSocket(service), v2 };
  }

  async shell(serial: string, command: ShellCommand, opts: ShellOptions = {}): Promise<ShellResult> {
    opts.signal?.throwIfAborted();
    const proc = await this.spawn(serial, command, { signal: opts.signal });
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            void proc.kill();
          }, opts.timeoutMs);
    try {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const reading = Promise.all([
        (async () => {
          for await (const c of proc.stdout) stdout.push(c);
        })(),
        (async () => {
          for await (const c of proc.stderr) stderr.push(c);
        })(),
      ]);
      if (opts.stdin !== undefined) await proc.write(opts.stdin);
      // A one-shot command gets EOF on stdin, like `adb shell cmd < /dev/null`, so `cat`-style commands end.
      await proc.closeStdin();
      const exitCode = await proc.exit;
      await reading;
      if (timedOut) {
        throw new DeviceError('shell-timeout', `\`${command.text}\` on ${serial} did not finish within ${opts.timeoutMs} ms`);
      }
      opts.signal?.throwIfAborted();
      return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), exitCode };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async spawn(serial: string, command: ShellCommand, opts: SpawnOptions = {}): Promise<DeviceProcess> {
    opts.signal?.throwIfAborted();
    const { socket, v2 } = await this.#open(serial, (adb) => this.#openShell(adb, command));
    return v2 ? shellV2Process(socket, opts) : rawShellProcess(socket, opts);
  }

  async #withSync<T>(serial: string, fn: (sync: AdbSync) => Promise<T>): Promise<T> {
    const sync = await this.#open(serial, (adb) => adb.sync());
    try {
      return await fn(sync);
    } finally {
      await sync.dispose().catch(() => {});
    }
  }

  async push(serial: string, source: string | Uint8Array, remotePath: string, opts: PushOptions = {}): Promise<void> {
    opts.signal?.throwIfAborted();
    const src = await sourceStream(source, opts.onProgress);
    try {
      await this.#withSync(serial, async (sync) => {
        const abort = () => void sync.dispose();
        opts.signal?.addEventListener('abort', abort, { once: true });
        try {
          await sync.write({ filename: remotePath, file: src.stream, permission: opts.mode ?? 0o644 });
        } finally {
          opts.signal?.removeEventListener('abort', abort);
        }
      });
    } catch (err) {
      if (err instanceof DeviceError && err.code !== 'transfer-failed' && err.code !== 'device-offline') throw err;
      throw new DeviceError('transfer-failed', `Pushing to ${remotePath} on ${serial} failed: ${errorMessage(err)}`, { cause: err });
    } finally {
      await src.done();
    }
    opts.signal?.throwIfAborted();
    if (src.total === 0) opts.onProgress?.(0, 0);
  }

  async pull(serial: string, remotePath: string, localPath: string, opts: PullOptions = {}): Promise<number> {
    opts.signal?.throwIfAborted();
    const handle = await open(localPath, 'w');
    let received = 0;
    try {
      await this.#withSync(serial, async (sync) => {
        const info = await this.#statWith(sync, remotePath);
        const total = info ? info.size : null;
        const reader = sync.read(remotePath).getReader();
        try {
          for (;;) {
            opts.signal?.throwIfAborted();
            const { done, value } = await reader.read();
            if (done) break;
            await handle.write(value);
            received += value.byteLength;
            opts.onProgress?.(received, total);
          }
        } finally {
          reader.releaseLock();
        }
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new DeviceError('transfer-failed', `Pulling ${remotePath} from ${serial} failed: ${errorMessage(err)}`, { cause: err });
    } finally {
      await handle.close();
    }
    return received;
  }

  async #statWith(sync: AdbSync, remotePath: string): Promise<RemoteStat | null> {
    try {
      const s = sync.supportsStat ? await sync.stat(remotePath) : await sync.lstat(remotePath);
      const type = s.mode >> 12;
      return { mode: s.mode, size: Number(s.size), mtime: Number(s.mtime), isDirectory: type === 0o04, isFile: type === 0o10 };
    } catch (err) {
      // v2 reports the errno name; v1 answers all zeroes for anything missing ("lstat error").
      if (/ENOENT|ENOTDIR|lstat error/.test(errorMessage(err))) return null;
      throw err;
    }
  }

  stat(serial: string, remotePath: string): Promise<RemoteStat | null> {
    return this.#withSync(serial, (sync) => this.#statWith(sync, remotePath));
  }

  async connect(address: string): Promise<string> {
    const valid = networkAddressSchema.parse(address);
    return (await this.#hostStringRetried(`host:connect:${valid}`)).trim();
  }

  async disconnect(address: string): Promise<string> {
    const valid = networkAddressSchema.parse(address);
    this.#adbs.delete(valid);
    return (await this.#hostStringRetried(`host:disconnect:${valid}`)).trim();
  }

  async close(): Promise<void> {
    const adbs = [...this.#adbs.values()];
    this.#adbs.clear();
    await Promise.all(adbs.map((p) => p.then((adb) => adb.close()).catch(() => {})));
  }
}

export function createAdbBridge(opts: AdbBridgeOptions = {}): DeviceBridge {
  return new AdbBridge(opts);
}
