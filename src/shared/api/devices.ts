/**
 * Devices: what the adb server reports, probed facts, live status and history; network devices connect and
 * disconnect. Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import type { CaptureResult, DeviceStatus, DeviceSummary } from '../devices';
import { method } from './method';

/** `host:port` as adb accepts it for network devices. Hostnames or IPv4; port 1-65535. */
export const networkAddressSchema = z
  .string()
  .trim()
  .min(1, 'Enter an address as host:port, e.g. 192.168.1.20:5555')
  .max(255)
  .refine((s) => /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$/.test(s), {
    message: 'Use host:port with a hostname or IPv4 address, e.g. 192.168.1.20:5555',
  })
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'The port must be between 1 and 65535');

/** A device serial as adb prints it; limited to characters adb uses so it can never carry shell syntax. */
export const serialSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:\-[\]]+$/, 'A serial has only letters, digits and . _ : - [ ]');

export interface ConnectResult {
  serial: string;
  message: string;
}

export const VIRTUAL_VENDORS = ['pixel', 'samsung'] as const;
export type VirtualVendor = (typeof VIRTUAL_VENDORS)[number];
/** 'simulated': the lab's simulated engine on a host-CPU phone; 'cactus': an arm64 phone running the real engine under qemu. */
export const VIRTUAL_ENGINES = ['simulated', 'cactus'] as const;
export type VirtualEngineName = (typeof VIRTUAL_ENGINES)[number];

/** A virtual phone the lab started and will stop. */
export interface OwnedVirtualPhone {
  /** What adb lists and every command takes: its host:port. */
  serial: string;
  vendor: VirtualVendor;
  engine: VirtualEngineName;
  /** The phone's own serial number (ro.serialno). */
  phoneSerial: string;
  /** Its file tree, under the lab home. */
  stateDir: string;
  startedAt: number;
}

/** A kind of virtual phone the lab can start; `available: false` says why not and what to do. */
export interface VirtualPhoneKind {
  vendor: VirtualVendor;
  engine: VirtualEngineName;
  label: string;
  description: string;
  available: boolean;
  /** Why it cannot be started here (e.g. the engine is not built: the command that builds it). */
  reason: string | null;
}

export interface VirtualPhonesState {
  phones: OwnedVirtualPhone[];
  kinds: VirtualPhoneKind[];
  /** How many the lab runs at most at once. */
  max: number;
}

/** A step of a `devices.capture` in progress. */
export interface CaptureProgress {
  serial: string;
  message: string;
  at: number;
}

export const devicesMethods = {
  /**
   * Every device the lab knows. `settleMs`: first wait up to that long for adb's list to arrive and for online
   * devices to be probed (a freshly started lab, e.g. the CLI).
   */
  list: method<DeviceSummary[]>()(z.object({ settleMs: z.number().int().min(0).max(600_000).optional() }).strict()),
  get: method<DeviceSummary>()(z.object({ serial: serialSchema }).strict()),
  /** Status readings stored for a device, oldest first. */
  history: method<DeviceStatus[]>()(
    z
      .object({
        serial: serialSchema,
        sinceMs: z.number().int().nonnegative().optional(),
        limit: z.number().int().positive().max(10_000).optional(),
      })
      .strict(),
  ),
  connect: method<ConnectResult>()(z.object({ address: networkAddressSchema }).strict()),
  disconnect: method<{ message: string }>()(z.object({ address: networkAddressSchema }).strict()),
  /** Probe again (facts change after an OS update, or the first probe failed). */
  reprobe: method<DeviceSummary>()(z.object({ serial: serialSchema }).strict()),
  /**
   * Saves what the lab reads from the phone (getprop, /proc, dumpsys battery/thermalservice/powerstats, the ODPM
   * dumps, power-supply nodes, thermal zones) and a few seconds of power readings into a new folder, for a bug
   * report or `aurora-lab virtual-phone --replay DIR`. Default folder: `<lab home>/captures/<serial>-<time>`.
   */
  capture: method<CaptureResult>()(
    z
      .object({
        serial: serialSchema,
        outDir: z.string().min(1).max(4096).optional(),
        seconds: z.number().int().min(1).max(60).optional(),
      })
      .strict(),
  ),
  /** The virtual phones this lab runs (started from the Devices page or `aurora-lab demo`) and the kinds it offers. */
  virtualPhones: method<VirtualPhonesState>()(z.object({}).strict()),
  /**
   * Starts a virtual phone owned by the lab (listening on 127.0.0.1 only, its files under
   * `<lab home>/virtual-phones/`), connects it through the adb server and resolves once it is probed, ready to
   * profile. It stops when the lab stops, or with `devices.stopVirtual`.
   */
  startVirtual: method<OwnedVirtualPhone>()(
    z
      .object({
        vendor: z.enum(VIRTUAL_VENDORS, { message: 'The vendor is pixel or samsung' }),
        engine: z.enum(VIRTUAL_ENGINES, { message: "The engine is 'simulated' or 'cactus' (the real engine, built with npm run build:engine)" }).optional(),
      })
      .strict(),
  ),
  /** Disconnects and stops a virtual phone this lab started (its serial is its host:port). */
  stopVirtual: method<{ message: string }>()(z.object({ serial: serialSchema }).strict()),
} as const;

export interface DevicesEvents {
  'devices.changed': DeviceSummary[];
  'devices.status': DeviceStatus;
  'devices.virtualPhones': VirtualPhonesState;
  'devices.captureProgress': CaptureProgress;
}

export const devicesEvents: Array<keyof DevicesEvents> = ['devices.changed', 'devices.status', 'devices.virtualPhones', 'devices.captureProgress'];
