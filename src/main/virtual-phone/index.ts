/**
 * A virtual Android phone that speaks the device side of ADB over TCP (`adb connect host:port`), for demos
 * without hardware and as the lab's test bed. Programs run on it are real host processes, started with:
 *   AURORA_DEVICE_ROOT    the host folder that is the device's "/" (map absolute device paths with it)
 *   AURORA_BOOT_EPOCH_MS  host epoch ms at phone boot: Date.now() - it = the phone's boot-clock ms
 *   AURORA_DEVICE_SERIAL  the phone's ro.serialno
 * Their CPU time drives the power model; `power.energyJoules(from, to)` is the ground truth to compare
 * fuel-gauge or ODPM measurements against. Results from it must be flagged: getprop ro.aurora.virtual = 1.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { PERSONAS, banner } from './personas';
import type { Vendor } from './personas';
import type { VirtualEngine } from './arm64-profile';
import type { ChargerType } from './power/battery-model';
import type { PowerSource } from './power/power-model';
import { createPhoneRuntime } from './phone-runtime';
import { loadCapture } from './replay/capture-folder';
import { attachReplay, type ReplayHandle } from './replay/replay';
import { parseShellService, startShellService } from './shell-service';
import type { AdbStream } from './streams';
import { SyncService } from './sync-service';
import { AdbTransport } from './transport';

export type { Vendor } from './personas';
export type { VirtualEngine } from './arm64-profile';
export type { PowerModel, PowerSource, GaugeReading } from './power/power-model';
export type { ChargerType } from './power/battery-model';
export { vendorCurrentNow } from './sysfs-writer';

/** Only what is implemented: never delayed_ack (changes OPEN/OKAY) nor sendrecv_v2. */
export const DEVICE_FEATURES = ['shell_v2', 'cmd', 'stat_v2'] as const;

export interface VirtualPhoneOptions {
  /** 0 = OS-assigned. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  vendor: Vendor;
  /** Device name, used in ro.serialno; default derived from vendor and port. */
  serial?: string;
  /** The per-phone file tree lives here; created if missing. */
  stateDir: string;
  /** Default true. */
  authorized?: boolean;
  /** Default null: on battery. */
  charging?: ChargerType;
  /** Diagnostics (dropped connections and the like); silent by default. */
  log?: (message: string) => void;
  /**
   * A capture folder (`aurora-lab capture`): the phone answers what was captured as the real phone printed it,
   * replays its power time series, and falls back to the persona for the rest.
   */
  replay?: string;
  /**
   * 'cactus': an arm64 phone (getprop, /proc/cpuinfo) for the real Cactus engine: the lab pushes it the aarch64
   * runner and libcactus.so, run under qemu-aarch64. Default 'simulated' (host programs, simulated engine).
   */
  engine?: VirtualEngine;
}

export interface VirtualPhone {
  readonly port: number;
  readonly host: string;
  /** host:port, what `adb connect` takes and what adb lists as the serial. */
  readonly address: string;
  readonly vendor: Vendor;
  readonly serial: string;
  readonly stateDir: string;
  /** The device's "/" on the host. */
  readonly fsRoot: string;
  /** Ground truth: energy ledger, boot clock, gauge and temperatures. */
  readonly power: PowerSource;
  /** The capture folder this phone replays, or null. */
  readonly replay: string | null;
  /** Stop listening, drop transports, kill spawned programs, stop timers. */
  close(): Promise<void>;
  /** Drop every transport and refuse new connections, as if the cable were pulled. */
  unplug(): void;
  /** Accept connections again. */
  plug(): void;
  /** Unauthorized: the host's CNXN gets AUTH TOKEN and no key is ever accepted, so adb shows `unauthorized`. */
  setAuthorized(ok: boolean): void;
  setCharging(src: ChargerType): void;
}

export async function startVirtualPhone(opts: VirtualPhoneOptions): Promise<VirtualPhone> {
  const persona = PERSONAS[opts.vendor];
  if (!persona) throw new Error(`unknown vendor '${String(opts.vendor)}' (expected pixel or samsung)`);
  const host = opts.host ?? '127.0.0.1';
  const stateDir = resolvePath(opts.stateDir);

  const server = createServer({ noDelay: true });
  const port = await listen(server, opts.port ?? 0, host);

  const serial = opts.serial ?? `aurora-${opts.vendor}-${port}`;
  let runtime;
  let replay: ReplayHandle | null = null;
  try {
    runtime = createPhoneRuntime({ vendor: opts.vendor, stateDir, serial, charging: opts.charging ?? null, ...(opts.engine ? { engine: opts.engine } : {}) });
    if (opts.replay) replay = attachReplay(runtime, loadCapture(resolvePath(opts.replay)));
    await runtime.start();
    await replay?.start();
  } catch (e) {
    await runtime?.stop().catch(() => {});
    server.close();
    throw e;
  }
  const { context: phone } = runtime;
  const { fs, power } = phone;

  let authorized = opts.authorized ?? true;
  let plugged = true;
  const transports = new Set<AdbTransport>();
  const sockets = new Set<Socket>();
  const id = replay?.identity;
  const bannerText = banner(id ? { ...persona, name: id.name ?? persona.name, model: id.model ?? persona.model, device: id.device ?? persona.device } : persona, DEVICE_FEATURES);

  const openService = (service: string): ((stream: AdbStream) => void) | null => {
    if (service === 'sync:') return (stream) => void new SyncService(stream, fs);
    const shell = parseShellService(service);
    if (shell) return (stream) => startShellService(stream, phone, shell);
    return null;
  };

  server.on('connection', (socket) => {
    if (!plugged) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    const t = new AdbTransport(socket, { banner: bannerText, isAuthorized: () => authorized, openService, log: opts.log });
    transports.add(t);
    socket.on('close', () => {
      sockets.delete(socket);
      transports.delete(t);
    });
  });

  const dropAll = () => {
    for (const t of transports) t.close();
    for (const s of sockets) s.destroy();
    transports.clear();
    sockets.clear();
  };

  let closed = false;
  return {
    port,
    host,
    address: `${host}:${port}`,
    vendor: opts.vendor,
    serial,
    stateDir,
    fsRoot: fs.root,
    power,
    replay: replay ? replay.capture.dir : null,
    async close() {
      if (closed) return;
      closed = true;
      plugged = false;
      dropAll();
      await replay?.stop();
      await runtime.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    unplug() {
      plugged = false;
      dropAll();
    },
    plug() {
      if (!closed) plugged = true;
    },
    setAuthorized(ok: boolean) {
      authorized = ok;
      if (ok) for (const t of transports) t.authorizeNow();
    },
    setCharging(src: ChargerType) {
      power.setCharging(src);
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') {
        reject(new Error(`port ${port} on ${host} is taken (by another virtual phone, adb, or some other program); pick another with --port`));
      } else if (e.code === 'EACCES') {
        reject(new Error(`not allowed to listen on ${host}:${port}; pick another with --port`));
      } else reject(e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
