/**
 * The live device list shared by every page: an initial `devices.list`, then `devices.changed` (whole list)
 * and `devices.status` (one reading) events. A plain external store for `useSyncExternalStore`; it takes the
 * client as an argument so tests can drive it with a fake. No DOM.
 */
import type { LabClient } from '../../../shared/contract';
import type { DeviceSummary } from '../../../shared/devices';
import { errorMessage } from '../lab/errors';
import { applyStatus, freshestDevice } from './device-view';

export interface DevicesSnapshot {
  /** Null until the first answer. */
  devices: readonly DeviceSummary[] | null;
  loading: boolean;
  /** The last failure of `devices.list`, in words; cleared by the next success. */
  error: string | null;
}

type Listener = () => void;
export type DeviceStoreClient = Pick<LabClient, 'devices' | 'on'>;

export class DeviceStore {
  private snapshot: DevicesSnapshot = { devices: null, loading: false, error: null };
  private readonly listeners = new Set<Listener>();
  private unsubscribeEvents: Array<() => void> = [];
  /** Bumped by every whole-list event, so a slower `list` answer never overwrites a newer event. */
  private listEpoch = 0;

  constructor(private readonly lab: DeviceStoreClient) {}

  getSnapshot = (): DevicesSnapshot => this.snapshot;

  /** Starts listening with the first subscriber, stops with the last. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  /** Ask for the whole list again (the Refresh button; also the first load). */
  refresh = async (): Promise<void> => {
    const epoch = this.listEpoch;
    this.set({ ...this.snapshot, loading: true });
    try {
      const devices = await this.lab.devices.list({});
      if (epoch === this.listEpoch) this.set({ devices, loading: false, error: null });
      else this.set({ ...this.snapshot, loading: false, error: null });
    } catch (e) {
      this.set({ ...this.snapshot, loading: false, error: errorMessage(e) });
    }
  };

  /** Merge one device answered directly (get, reprobe) into the list. */
  upsert(device: DeviceSummary): void {
    const list = this.snapshot.devices;
    if (!list) return;
    const i = list.findIndex((d) => d.serial === device.serial);
    const next = [...list];
    if (i < 0) next.push(device);
    else next[i] = freshestDevice(list[i], device) ?? device;
    this.set({ ...this.snapshot, devices: next });
  }

  private start(): void {
    this.unsubscribeEvents = [
      this.lab.on('devices.changed', (devices) => {
        this.listEpoch++;
        this.set({ devices, loading: false, error: null });
      }),
      this.lab.on('devices.status', (status) => {
        const list = this.snapshot.devices;
        if (!list) return;
        const next = applyStatus(list, status);
        if (next !== list) this.set({ ...this.snapshot, devices: next });
      }),
    ];
    void this.refresh();
  }

  private stop(): void {
    for (const off of this.unsubscribeEvents) off();
    this.unsubscribeEvents = [];
  }

  private set(next: DevicesSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
