/**
 * Keeps the lab's device list: what the adb server reports (tracked live), probed facts, live status polled at
 * a bounded rate, and every device ever seen (from the database) so a phone that went away keeps its history.
 * Network devices the user connected are re-connected when they drop: device farms and Wi-Fi links do.
 */
import { EventEmitter } from 'node:events';
import { waitFor } from '../../shared/kit/backoff';
import type { DeviceStatus, DeviceSummary } from '../../shared/devices';
import { transportOf } from './device-list';
import { DeviceError, errorMessage } from './errors';
import { probeDevice } from './probe';
import { readStatus } from './status';
import type { AdbDeviceEntry, DeviceBridge, DeviceTracker } from './types';
import { KeyedQueue } from './keyed-queue';
import { connectFailedHelp, helpFor, LAST_SEEN_SAVE_MS, newEntry, PROBE_RETRY_MS, TRANSITIONAL_POLL_MS, TRANSITIONAL_STATES } from './entries';
import type { DeviceManagerEvents, DeviceManagerOptions, DeviceRepositoryPort, Entry, ErrorSource } from './entries';

export { OFFLINE_HELP, UNAUTHORIZED_HELP, type DeviceManagerEvents, type DeviceManagerOptions, type DeviceRepositoryPort } from './entries';

export class DeviceManager extends EventEmitter<DeviceManagerEvents> {
  readonly #bridge: DeviceBridge;
  readonly #repo: DeviceRepositoryPort;
  readonly #pollIntervalMs: number;
  readonly #reconnectMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Network addresses the user connected; re-connected whenever adb loses them. */
  readonly #wanted = new Set<string>();
  #listing = false;
  readonly #reconnecting = new Set<string>();
  readonly #polls: KeyedQueue;
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
    this.#polls = new KeyedQueue(Math.max(1, opts.maxConcurrentPolls ?? 4));
    this.#reconnectMs = opts.reconnectIntervalMs ?? 2000;
    this.#now = opts.now ?? Date.now;
  }

  /** Loads known devices, makes sure the adb server runs, and starts tracking. Never throws for adb problems. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#stopped = false;
    for (const rec of this.#repo.listDevices()) {
      const summary: DeviceSummary = {
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
      };
      this.#entries.set(rec.serial, newEntry(summary, null));
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
    this.#polls.clear();
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
    const done = () =>
      (this.#listReceived || this.#adbError !== null) &&
      [...this.#entries.values()].every(
        (e) =>
          e.summary.state !== 'device' ||
          (e.probing === null &&
            (e.summary.error !== null || (e.summary.facts !== null && (e.summary.status !== null || e.errorSource === 'status')))),
      );
    await waitFor(done, { timeoutMs, intervalMs: 50 });
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
    throw new DeviceError('device-offline', connectFailedHelp(address, message.replace(/^failed to connect to '?[^']*'?:\s*/, '') || 'no answer'));
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
        e = newEntry(
          {
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
          d.transportId,
        );
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

      const help = helpFor(d.state, d.serial);
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
      if (!this.#polls.has(e.summary.serial) && now - e.lastPollAt >= this.#pollIntervalMs) this.#enqueuePoll(e.summary.serial);
    }
  }

  #enqueuePoll(serial: string): void {
    if (this.#entries.has(serial) && !this.#stopped) this.#polls.add(serial, () => this.#poll(serial));
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
    const listed = () => {
      const state = this.#entries.get(serial)?.summary.state;
      return state !== undefined && state !== 'disconnected' && state !== 'connecting';
    };
    await waitFor(listed, { timeoutMs, intervalMs: 25 });
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
