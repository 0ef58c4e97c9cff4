/**
 * Devices as the lab uses them: the device manager (adb's list, probes, live status, history, reconnects) behind
 * the questions the API and the measuring domains ask. Its changes go to the lab's event bus.
 */
import type { ConnectResult, OwnedVirtualPhone, VirtualEngineName, VirtualPhonesState, VirtualVendor } from '../../shared/api/devices';
import type { AdbInfo, CaptureResult, DeviceFacts, DeviceStatus, DeviceSummary } from '../../shared/devices';
import { sleep } from '../../shared/kit/backoff';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import { labVersion } from '../lab-info/version';
import { captureForLab, type CaptureRequest } from './capture/service';
import type { DeviceManager } from './device-manager';
import { sh } from './shell-command';
import type { DeviceBridge } from './types';
import { realEngineCheck, type EngineCheck } from './virtual-phones/kinds';
import { VirtualPhoneOwner } from './virtual-phones/owner';

/** A phone that is online and probed, ready to measure on. */
export interface OnlineDevice {
  serial: string;
  facts: DeviceFacts;
  model: string | null;
}

export interface DevicesServiceOptions {
  manager: DeviceManager;
  bridge: DeviceBridge;
  events: LabEventSink;
  /** The lab home: captures without a folder of their own go to `<home>/captures/`. */
  home: string;
  /** Whether the real-engine virtual phone can run here (default: its build and qemu are looked for). */
  engineCheck?: EngineCheck;
}

export const UNKNOWN_DEVICE_HELP = 'Run `aurora-lab devices` to see the list (virtual phones: `aurora-lab connect HOST:PORT` first).';

export class DevicesService {
  readonly bridge: DeviceBridge;
  readonly #manager: DeviceManager;
  readonly #home: string;
  readonly #events: LabEventSink;
  readonly #virtual: VirtualPhoneOwner;

  constructor(opts: DevicesServiceOptions) {
    this.#manager = opts.manager;
    this.#home = opts.home;
    this.#events = opts.events;
    this.bridge = opts.bridge;
    this.#manager.on('changed', (list) => opts.events.emit('devices.changed', list));
    this.#manager.on('status', (status) => opts.events.emit('devices.status', status));
    this.#virtual = new VirtualPhoneOwner({
      home: opts.home,
      connect: (address) => this.#manager.connect(address),
      disconnect: (address) => this.#manager.disconnect(address),
      // Ready to profile: online and probed. A loaded machine may take a while to answer the first probe.
      ready: (serial) => this.online(serial, { waitMs: 60_000 }),
      changed: (state) => opts.events.emit('devices.virtualPhones', state),
      engineCheck: opts.engineCheck ?? realEngineCheck(opts.home),
    });
  }

  start(): Promise<void> {
    return this.#manager.start();
  }

  /** Stops the virtual phones the lab runs (while adb is still there to disconnect them), then device tracking. */
  async stop(): Promise<void> {
    await this.#virtual.close();
    await this.#manager.stop();
  }

  virtualPhones(): VirtualPhonesState {
    return this.#virtual.state();
  }

  startVirtual(vendor: VirtualVendor, engine?: VirtualEngineName): Promise<OwnedVirtualPhone> {
    return this.#virtual.start(vendor, engine);
  }

  stopVirtual(serial: string): Promise<{ message: string }> {
    return this.#virtual.stop(serial);
  }

  /** Every known device; with `settleMs`, after adb's list arrived and online devices were probed (or the time ran out). */
  async list(settleMs?: number): Promise<DeviceSummary[]> {
    if (settleMs) await this.#manager.settled(settleMs);
    return this.#manager.list();
  }

  /** adb as lab.info shows it; a live problem of the adb server (it stopped, its port was taken) is said first. */
  async adb(): Promise<AdbInfo> {
    const info = await this.bridge.info();
    const live = this.#manager.adbError;
    return live && info.available ? { ...info, available: false, error: live } : live && !info.error ? { ...info, error: live } : info;
  }

  /** The device as the lab knows it now, or undefined. */
  find(serial: string): DeviceSummary | undefined {
    return this.#manager.get(serial);
  }

  get(serial: string): DeviceSummary {
    const d = this.#manager.get(serial);
    if (!d) throw new LabError('not-found', `No device "${serial}" is known to the lab. ${UNKNOWN_DEVICE_HELP}`);
    return d;
  }

  history(serial: string, sinceMs?: number, limit?: number): DeviceStatus[] {
    this.get(serial);
    return this.#manager.history(serial, sinceMs, limit);
  }

  connect(address: string): Promise<ConnectResult> {
    return this.#manager.connect(address);
  }

  disconnect(address: string): Promise<{ message: string }> {
    return this.#manager.disconnect(address);
  }

  reprobe(serial: string): Promise<DeviceSummary> {
    this.get(serial);
    return this.#manager.reprobe(serial);
  }

  /** What the lab reads from the phone, saved as the phone printed it (devices/capture/), for a bug report or a replay. */
  capture(req: CaptureRequest): Promise<CaptureResult> {
    const onProgress = (message: string) => this.#events.emit('devices.captureProgress', { serial: req.serial, message, at: Date.now() });
    return captureForLab({ shell: this.bridge, device: (s) => this.#manager.get(s) ?? null, home: this.#home, labVersion: labVersion(), onProgress }, req);
  }

  /**
   * The phone, online and probed, or a clear refusal. A network device that just dropped (adb server restart, a
   * Wi-Fi blip) is waited for up to `waitMs` while the manager reconnects it. With `field` (the request field that
   * named the phone, e.g. `devices.0`) the errors name that field.
   */
  async online(serial: string, opts: { waitMs?: number; field?: string } = {}): Promise<OnlineDevice> {
    const { field } = opts;
    const refuse = (code: 'not-found' | 'bad-request' | 'unavailable', message: string) =>
      new LabError(code, field ? `${field}: ${message}` : message, field ? [{ path: field, message }] : undefined);
    let d = this.#manager.get(serial);
    if (!d) throw refuse(field ? 'bad-request' : 'not-found', `No device "${serial}" is known to the lab. ${UNKNOWN_DEVICE_HELP}`);
    const limit = opts.waitMs ?? 8000;
    for (let waited = 0; (d.state !== 'device' || !d.facts) && waited < limit; waited += 100) {
      await sleep(100);
      d = this.#manager.get(serial) ?? d;
    }
    if (d.state !== 'device') throw refuse('unavailable', `${serial} is ${d.state}; it must be online to measure.${d.error ? ` ${d.error}` : ''}`);
    if (!d.facts) d = await this.#manager.reprobe(serial);
    if (!d.facts) throw refuse('unavailable', `${serial} could not be probed: ${d.error ?? 'unknown error'}`);
    return { serial, facts: d.facts, model: d.model };
  }

  /** The phone's latest status reading (null when none yet). */
  status(serial: string): DeviceStatus | null {
    return this.#manager.get(serial)?.status ?? null;
  }

  /** Whether the phone answers a shell command now (the device list can lag behind a pulled cable). */
  async answers(serial: string): Promise<boolean> {
    if (this.#manager.get(serial)?.state !== 'device') return false;
    return this.bridge.shell(serial, sh('true'), { timeoutMs: 3000 }).then(
      () => true,
      () => false,
    );
  }
}
