/**
 * Devices as the pages read them: the live list (one store for the app, started by its first user), one device
 * (the list's entry merged with a direct `devices.get`, newest part wins), and a phone's battery/temperature readings
 * (the stored history joined by live `devices.status` events).
 */
import { useSyncExternalStore } from 'react';
import type { DeviceStatus, DeviceSummary } from '../../../shared/devices';
import { getLab } from '../lab/client';
import type { ShownError } from '../lab/errors';
import { patchOn, useLabQuery } from '../lab/useLabQuery';
import { DeviceStore, type DevicesSnapshot } from './device-store';
import { freshestDevice } from './device-view';
import { STATUS_HISTORY_SPAN_MS, STATUS_WINDOW_MAX_POINTS, appendStatus, mergeStatusRows } from './status-chart';

let store: DeviceStore | null = null;

export function deviceStore(): DeviceStore {
  store ??= new DeviceStore(getLab());
  return store;
}

/** The live device list (starts the subscription with the first user). */
export function useDevices(): DevicesSnapshot {
  const s = deviceStore();
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}

export interface DeviceView {
  device: DeviceSummary | null;
  /** Why `devices.get` failed (code `not-found`: the lab knows no such serial). */
  error: ShownError | null;
  /** A fresher answer about this device (a reprobe): shown here and merged into the shared list. */
  update: (d: DeviceSummary) => void;
}

export function useDevice(serial: string): DeviceView {
  const { devices } = useDevices();
  const listed = devices?.find((d) => d.serial === serial) ?? null;
  const fetched = useLabQuery((lab) => lab.devices.get({ serial }), [serial]);
  return {
    device: freshestDevice(listed, fetched.data),
    error: fetched.error,
    update: (d) => {
      fetched.setData(d);
      deviceStore().upsert(d);
    },
  };
}

/** The readings of the last two hours and every live one since, oldest first, bounded. */
export function useStatusHistory(serial: string) {
  return useLabQuery<DeviceStatus[]>(
    (lab) => lab.devices.history({ serial, sinceMs: Date.now() - STATUS_HISTORY_SPAN_MS, limit: STATUS_WINDOW_MAX_POINTS }),
    [serial],
    {
      merge: (live, history) => mergeStatusRows(history, live ?? []),
      patchOn: patchOn<DeviceStatus[], 'devices.status'>('devices.status', (rows, s) => (s.serial === serial ? appendStatus(rows ?? [], s) : rows)),
    },
  );
}
