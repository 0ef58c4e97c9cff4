/**
 * Keeps the lab's device list: what the adb server reports (tracked live), probed facts, live status polled at
 * a bounded rate, and every device ever seen (from the database) so a phone that went away keeps its history.
 * Network devices the user connected are re-connected when they drop: device farms and Wi-Fi links do.
 */
import { EventEmitter } from 'node:events';
import type { DeviceState, DeviceStatus, DeviceSummary } from '../../shared/devices';
import type { DeviceRepository } from '../store/device-repository';
import { transportOf } from './device-list';
import { DeviceError, errorMessage } from './errors';
import { probeDevice } from './probe';
import { readStatus } from './status';
import type { AdbDeviceEntry, DeviceBridge, DeviceTracker } from './types';

export const UNAUTHORIZED_HELP =
  'Unauthorized: accept the USB debugging prompt on the phone (tick "Always allow from this computer"). ' +
  'If no prompt appears, unlock the phone, or revoke USB debugging authorizations in Developer options and reconnect.';
const TRANSITIONAL_POLL_MS = 1000;
const TRANSITIONAL_STATES = new Set(['offline', 'connecting', 'authorizing', 'unknown']);

export const OFFLINE_HELP = 'adb reports the device offline: reconnect the cable or network link, or restart the phone.';
const UNKNOWN_HELP = 'adb cannot use this device (no permissions, or an unknown state). On Linux, check the udev rules.';

/** A failed probe is retried after this long while the device stays online. */
const PROBE_RETRY_MS = 30_000;
const LAST_SEEN_SAVE_MS = 30_000;

export type DeviceRepositoryPort = Pick<
  DeviceRepository,
  'upsertDevice' | 'setState' | 'saveFacts' | 'setError' | 'saveStatus' | 'listDevices' | 'latestStatus' | 'statusHistory'
>;

export interface DeviceManagerOptions {
  bridge: DeviceBridge;
  repository: DeviceRepositoryPort;
  /** Status poll period per online device. */
  pollIntervalMs?: number;
  /** Status polls in flight at once, across all devices. */
  maxConcurrentPolls?: number;
  /** How often dropped network devices are re-connected. */
  reconnectIntervalMs?: number;
  now?: () => number;
}

export interface DeviceManagerEvents {
  changed: [DeviceSummary[]];
  status: [DeviceStatus];
  /** The adb server is unusable (missing, port taken, stopped); the manager keeps retrying. */
  'adb-error': [string];
}

type ErrorSource = 'state' | 'probe' | 'status' | null;

interface Entry {
  summary: DeviceSummary;
  transportId: string | null;
  errorSource: ErrorSource;
  probing: Promise<void> | null;
  /** The transport the current facts were probed on; a new transport (reconnect) means probe again. */
  probedTransport: string | null;
  probeFailedAt: number | null;
  polling: boolean;
  lastPollAt: number;
  /** When the device row was last written (last_seen is refreshed at most every LAST_SEEN_SAVE_MS). */
  savedAt: number;
}

function helpFor(state: DeviceState): string | null {
  if (state === 'unauthorized') return UNAUTHORIZED_HELP;
  if (state === 'offline') return OFFLINE_HELP;
  if (state === 'unknown') return UNKNOWN_HELP;
  return null;
}

export class DeviceManager extends EventEmitter<DeviceManagerEvents> {
  readonly #bridge: DeviceBridge;
  readonly #repo: DeviceRepositoryPort;
  readonly #pollIntervalMs: number;
  readonly #maxPolls: number;
  readonly #reconnectMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Network addresses the user connected; re-connected whenever adb loses them. */
  readonly #wanted = new Set<string>();
  #listing = false;
  readonly #reconnecting = new Set<string>();
  readonly #pollQueue: string[] = [];
  #activePolls = 0;
  #tracker: DeviceTracker | null = null;
  #timers: NodeJS.Timeout[] = [];
  #started = false;
  #stopped = false;
  #listReceived = false;
  #adbError: string | null = null;

  constructor(opts: DeviceManagerOptions) {
    super();
    this.#bridge = opts.bridge;
    this.#repo = opts.repository;
    this.#pollIntervalMs = opts.pollIntervalMs ?? 2000;
    this.#maxPolls = Math.max(1, opts.maxConcurrentPolls ?? 4);
    this.#reconnectMs = opts.reconnectIntervalMs ?? 2000;
    this.#now = opts.now ?? Date.now;
  }

  /** Loads known devices, makes sure the adb server runs, and starts tracking. Never throws for adb problems. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#stopped = false;
    for (const rec of this.#repo.listDevices()) {
      this.#entries.set(rec.serial, {
        summary: {
          serial: rec.serial,
          // Until adb says otherwise, a remembered device is not connected.
          state: 'disconnected',
          transport: rec.transport,
          product: rec.product,
          model: rec.model,
          device: rec.device,
          virtual: rec.virtual,
          facts: rec.facts,
          status: this.#repo.latestStatus(rec.serial),
          error: null,
          firstSeen: rec.firstSeen,
          lastSeen: rec.lastSeen,
        },
        transportId: null,
        errorSource: null,
        probing: null,
        probedTransport: null,
        probeFailedAt: null,
        polling: false,
        lastPollAt: 0,
        savedAt: 0,
      });
    }
    try {
      await this.#bridge.ensureServer();
    } catch (err) {
      // The tracker below keeps retrying (and restarting the server); the lab stays usable meanwhile.
      this.#setAdbError(errorMessage(err));
    }
    if (this.#stopped) return;
    this.#tracker = this.#bridge.trackDevices({
      onChange: (list) => this.#applyList(list),
      onError: (err) => this.#onTrackError(err),
    });
    this.#timers.push(setInterval(() => this.#pollTick(), Math.max(50, Math.floor(this.#pollIntervalMs / 2))));
    this.#timers.push(setInterval(() => this.#reconnectTick(), this.#reconnectMs));
    this.#timers.push(setInterval(() => this.#transitionalTick(), TRANSITIONAL_POLL_MS));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#started = false;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#pollQueue.length = 0;
    const tracker = this.#tracker;
    this.#tracker = null;
    await tracker?.stop();
    await this.#bridge.close();
  }

  /** The last adb server problem, or null when adb is fine. */
  get adbError(): string | null {
    return this.#adbError;
  }

  list(): DeviceSummary[] {
    return [...this.#entries.values()]
      .map((e) => structuredClone(e.summary))
      .sort((a, b) => a.firstSeen - b.firstSeen || a.serial.localeCompare(b.serial));
  }

  get(serial: string): DeviceSummary | undefined {
    const e = this.#entries.get(serial);
    return e ? structuredClone(e.summary) : undefined;
  }

  history(serial: string, sinceMs?: number, limit?: number): DeviceStatus[] {
    return this.#repo.statusHistory(serial, sinceMs, limit);
  }

  /**
   * Resolves once adb's first device list has arrived and every online device is probed (or failed to be) and has
   * its first status reading (or failed to), or after `timeoutMs`. For one-shot commands such as `aurora-lab devices`.
   */
  async settled(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const done = () =>
      (this.#listReceived || this.#adbError !== null) &&
      [...this.#entries.values()].every(
        (e) =>
          e.summary.state !== 'device' ||
          (e.probing === null &&
            (e.summary.error !== null || (e.summary.facts !== null && (e.summary.status !== null || e.errorSource === 'status')))),
      );
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  async connect(address: string): Promise<{ serial: string; message: string }> {
    const message = await this.#bridge.connect(address);
    // "failed to authenticate": the device is there (listed as unauthorized, with help) until the prompt is
    // accepted, so it counts as connected and is kept connected.
    if (/^(connected to|already connected to|failed to authenticate)/.test(message)) {
      this.#wanted.add(address);
      await this.#waitForListed(address, 3000);
      return { serial: address, message };
    }
    throw new DeviceError('device-offline', message || `adb could not connect to ${address}`);
  }

  async disconnect(address: string): Promise<{ message: string }> {
    this.#wanted.delete(address);
    const message = await this.#bridge.disconnect(address);
    return { message };
  }

  /** Probes again (after an OS update, or when the first probe failed). */
  async reprobe(serial: string): Promise<DeviceSummary> {
    const e = this.#entries.get(serial);
    if (!e) throw new DeviceError('device-not-found', `No device "${serial}" is known to the lab.`);
    if (e.summary.state !== 'device') {
      throw new DeviceError('device-offline', `${serial} is ${e.summary.state}; it can be probed once it is online.`);
    }
    await (e.probing ?? this.#probe(serial, true));
    return structuredClone(e.summary);
  }

  #emitChanged(): void {
    if (!this.#stopped) this.emit('changed', this.list());
  }

  #setAdbError(message: string | null): void {
    if (message === this.#adbError) return;
    this.#adbError = message;
    if (message) this.emit('adb-error', message);
  }

  #setError(e: Entry, source: ErrorSource, error: string | null): boolean {
    if (e.summary.error === error && e.errorSource === source) return false;
    e.summary.error = error;
    e.errorSource = error === null ? null : source;
    if (!this.#stopped) this.#repo.setError(e.summary.serial, error);
    return true;
  }

  #applyList(list: AdbDeviceEntry[]): void {
    if (this.#stopped) return;
    this.#listReceived = true;
    this.#setAdbError(null);
    this.#merge(list);
  }

  #merge(list: AdbDeviceEntry[]): void {
    const now = this.#now();
    let changed = false;
    const seen = new Set<string>();
    for (const d of list) {
      seen.add(d.serial);
      let e = this.#entries.get(d.serial);
      const isNew = !e;
      if (!e) {
        e = {
          summary: {
            serial: d.serial,
            state: d.state,
            transport: d.transport ?? transportOf(d.serial),
            product: d.product,
            model: d.model,
            device: d.device,
            virtual: false,
            facts: null,
            status: null,
            error: null,
            firstSeen: now,
            lastSeen: now,
          },
          transportId: d.transportId,
          errorSource: null,
          probing: null,
          probedTransport: null,
          probeFailedAt: null,
          polling: false,
          lastPollAt: 0,
          savedAt: 0,
        };
        this.#entries.set(d.serial, e);
        changed = true;
      }
      const s = e.summary;
      const differs =
        s.state !== d.state ||
        e.transportId !== d.transportId ||
        (d.product !== null && s.product !== d.product) ||
        (d.model !== null && s.model !== d.model) ||
        (d.device !== null && s.device !== d.device);
      if (differs) changed = true;
      // adb re-sends the whole list whenever any device changes; only write what changed, plus a periodic
      // last_seen refresh.
      if (differs || isNew || now - e.savedAt >= LAST_SEEN_SAVE_MS) {
        this.#repo.upsertDevice({ ...d, at: now });
        e.savedAt = now;
      }
      s.state = d.state;
      s.transport = d.transport;
      s.product = d.product ?? s.product;
      s.model = d.model ?? s.model;
      s.device = d.device ?? s.device;
      s.lastSeen = now;
      e.transportId = d.transportId;

      const help = helpFor(d.state);
      if (help) changed = this.#setError(e, 'state', help) || changed;
      else if (e.errorSource === 'state') changed = this.#setError(e, null, null) || changed;

      if (d.state === 'device' && this.#needsProbe(e)) void this.#probe(d.serial, false);
    }
    for (const e of this.#entries.values()) {
      if (seen.has(e.summary.serial) || e.summary.state === 'disconnected') continue;
      e.summary.state = 'disconnected';
      e.transportId = null;
      if (e.errorSource === 'state') this.#setError(e, null, null);
      this.#repo.setState(e.summary.serial, 'disconnected');
      changed = true;
    }
    if (changed) this.#emitChanged();
  }

  #onTrackError(err: Error): void {
    if (this.#stopped) return;
    this.#setAdbError(`Lost the adb server on port ${this.#bridge.serverPort}: ${err.message}`);
    // Without a server no device is reachable; the next list from the restarted server brings them back.
    this.#merge([]);
  }

  #needsProbe(e: Entry): boolean {
    if (e.probing) return false;
    const transport = e.transportId ?? 'unknown';
    if (e.probedTransport === transport && e.summary.facts) return false;
    if (e.probeFailedAt !== null && e.probedTransport === transport && this.#now() - e.probeFailedAt < PROBE_RETRY_MS) {
      return false;
    }
    return true;
  }

  #probe(serial: string, force: boolean): Promise<void> {
    const e = this.#entries.get(serial);
    if (!e) return Promise.resolve();
    if (e.probing) return e.probing;
    if (!force && !this.#needsProbe(e)) return Promise.resolve();
    const transport = e.transportId ?? 'unknown';
    const run = async () => {
      try {
        const facts = await probeDevice(this.#bridge, serial, this.#now);
        if (this.#stopped) return;
        e.summary.facts = facts;
        e.summary.virtual = facts.virtual;
        e.probedTransport = transport;
        e.probeFailedAt = null;
        this.#repo.saveFacts(serial, facts);
        if (e.errorSource === 'probe') this.#setError(e, null, null);
        this.#emitChanged();
        // The first status right away, so a new device shows its battery without waiting a poll period.
        this.#enqueuePoll(serial);
      } catch (err) {
        if (this.#stopped) return;
        e.probedTransport = transport;
        e.probeFailedAt = this.#now();
        // A device that vanished mid-probe: keep the reason on its record; tracking marks it disconnected.
        if (this.#setError(e, 'probe', `Probe failed: ${errorMessage(err)}`)) this.#emitChanged();
      } finally {
        e.probing = null;
      }
    };
    e.probing = run();
    return e.probing;
  }

  #pollTick(): void {
    if (this.#stopped) return;
    const now = this.#now();
    for (const e of this.#entries.values()) {
      if (e.summary.state !== 'device') continue;
      if (this.#needsProbe(e)) {
        void this.#probe(e.summary.serial, false);
        continue;
      }
      if (!e.polling && now - e.lastPollAt >= this.#pollIntervalMs) this.#enqueuePoll(e.summary.serial);
    }
  }

  #enqueuePoll(serial: string): void {
    const e = this.#entries.get(serial);
    // One poll per device at a time: queued or running counts.
    if (!e || e.polling || this.#stopped) return;
    e.polling = true;
    this.#pollQueue.push(serial);
    this.#pump();
  }

  #pump(): void {
    while (this.#activePolls < this.#maxPolls && this.#pollQueue.length > 0) {
      const serial = this.#pollQueue.shift()!;
      this.#activePolls += 1;
      void this.#poll(serial).finally(() => {
        this.#activePolls -= 1;
        const e = this.#entries.get(serial);
        if (e) e.polling = false;
        this.#pump();
      });
    }
  }

  async #poll(serial: string): Promise<void> {
    const e = this.#entries.get(serial);
    if (!e || e.summary.state !== 'device') return;
    e.lastPollAt = this.#now();
    try {
      const status = await readStatus(this.#bridge, serial, this.#now);
      if (this.#stopped) return;
      e.summary.status = status;
      this.#repo.saveStatus(status);
      if (e.errorSource === 'status' && this.#setError(e, null, null)) this.#emitChanged();
      this.emit('status', structuredClone(status));
    } catch (err) {
      if (this.#stopped || e.summary.state !== 'device') return;
      if (e.errorSource !== 'probe' && this.#setError(e, 'status', `Reading status failed: ${errorMessage(err)}`)) {
        this.#emitChanged();
      }
    } finally {
      e.lastPollAt = this.#now();
    }
  }

  async #waitForListed(serial: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const state = this.#entries.get(serial)?.summary.state;
      if (state && state !== 'disconnected' && state !== 'connecting') return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * adb 1.0.41's track-devices does not report a transport moving from `offline` to `unauthorized` (seen with
   * `adb connect` to a phone that asks for authorization), so while any device sits in a transitional state the
   * list is also polled.
   */
  #transitionalTick(): void {
    if (this.#stopped || this.#listing) return;
    const transitional = [...this.#entries.values()].some((e) => TRANSITIONAL_STATES.has(e.summary.state));
    if (!transitional) return;
    this.#listing = true;
    void this.#bridge
      .listDevices()
      .then((list) => this.#applyList(list))
      .catch(() => {
        // The tracker reports a lost server; nothing to add here.
      })
      .finally(() => (this.#listing = false));
  }

  #reconnectTick(): void {
    if (this.#stopped) return;
    for (const address of this.#wanted) {
      const state = this.#entries.get(address)?.summary.state;
      if (state === 'device' || state === 'unauthorized' || state === 'connecting' || state === 'authorizing') continue;
      if (this.#reconnecting.has(address)) continue;
      this.#reconnecting.add(address);
      void this.#bridge
        .connect(address)
        .catch(() => '')
        .finally(() => this.#reconnecting.delete(address));
    }
  }
}
