/**
 * The lab core's own view of adb. Everything outside adb-bridge.ts talks to phones through `DeviceBridge`,
 * so the adb library can change (or be faked in unit tests) without touching the core.
 */
import type { AdbInfo, DeviceState } from '../../shared/devices';
import type { ShellCommand } from './shell-command';

/** One line of `adb devices -l`. */
export interface AdbDeviceEntry {
  serial: string;
  state: DeviceState;
  product: string | null;
  model: string | null;
  device: string | null;
  transportId: string | null;
  transport: 'usb' | 'tcp';
}

export interface ShellOptions {
  stdin?: string | Uint8Array;
  /** Kills the command and rejects with a 'shell-timeout' DeviceError. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ShellResult {
  stdout: Buffer;
  stderr: Buffer;
  /** Null when the device has no shell v2 (plain `shell:` carries no exit code; stderr is then mixed into stdout). */
  exitCode: number | null;
}

export interface SpawnOptions {
  signal?: AbortSignal;
  /** Called per chunk as it arrives; the async iterables below still see every chunk. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

/** A long-lived process on the phone (e.g. the runner reading JSON lines on stdin). */
export interface DeviceProcess {
  /** Writes to the process's stdin. */
  write(data: string | Uint8Array): Promise<void>;
  /** Closes stdin (EOF for the process). Shell v2 only; a no-op otherwise. */
  closeStdin(): Promise<void>;
  stdout: AsyncIterable<Buffer>;
  /** Empty without shell v2 (stderr arrives on stdout). */
  stderr: AsyncIterable<Buffer>;
  /** Exit code, or null when unknown (no shell v2, or killed). Never rejects. */
  exit: Promise<number | null>;
  /** Closes the stream; adbd then hangs up the process (SIGHUP). */
  kill(): Promise<void>;
}

export interface PushOptions {
  /** Unix permission bits, e.g. 0o755 for an executable. Default 0o644. */
  mode?: number;
  onProgress?: (bytes: number, total: number) => void;
  signal?: AbortSignal;
}

export interface PullOptions {
  onProgress?: (bytes: number, total: number | null) => void;
  signal?: AbortSignal;
}

export interface RemoteStat {
  /** File type and permission bits as in st_mode. */
  mode: number;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  isDirectory: boolean;
  isFile: boolean;
}

export interface AdbServerInfo {
  port: number;
  /** The adb server's protocol version (41 for platform-tools 29+). */
  serverVersion: number;
  /** True when this call had to start the server. */
  started: boolean;
  /** The adb executable used to start it (or that would be used), when known. */
  adbPath: string | null;
}

export interface DeviceTracker {
  stop(): Promise<void>;
}

export interface TrackHandlers {
  /** The full device list, on the first read and on every change. */
  onChange: (devices: AdbDeviceEntry[]) => void;
  /** The tracking connection dropped (adb server stopped). The tracker keeps retrying on its own. */
  onError?: (error: Error) => void;
}

export interface DeviceBridge {
  readonly serverPort: number;
  ensureServer(): Promise<AdbServerInfo>;
  info(): Promise<AdbInfo>;
  listDevices(): Promise<AdbDeviceEntry[]>;
  trackDevices(handlers: TrackHandlers): DeviceTracker;
  shell(serial: string, command: ShellCommand, opts?: ShellOptions): Promise<ShellResult>;
  spawn(serial: string, command: ShellCommand, opts?: SpawnOptions): Promise<DeviceProcess>;
  push(serial: string, source: string | Uint8Array, remotePath: string, opts?: PushOptions): Promise<void>;
  pull(serial: string, remotePath: string, localPath: string, opts?: PullOptions): Promise<number>;
  /** Null when the path does not exist. */
  stat(serial: string, remotePath: string): Promise<RemoteStat | null>;
  /** adb's own answer: "connected to X", "already connected to X", "failed to connect to X", ... */
  connect(address: string): Promise<string>;
  disconnect(address: string): Promise<string>;
  /** Drops cached device connections. */
  close(): Promise<void>;
}

/** The part of the bridge that probing and status reading need (unit tests fake just this). */
export type DeviceShell = Pick<DeviceBridge, 'shell'>;
