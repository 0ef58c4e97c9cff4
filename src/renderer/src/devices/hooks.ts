/** The live device list shared by every page (one store for the app, started by its first user). */
import { useSyncExternalStore } from 'react';
import { getLab } from '../lab/client';
import { DeviceStore, type DevicesSnapshot } from './device-store';

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
