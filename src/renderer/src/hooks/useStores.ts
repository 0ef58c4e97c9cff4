import { useSyncExternalStore } from 'react';
import type { DevicesSnapshot } from '../devices/device-store';
import type { LabInfoSnapshot } from '../devices/lab-info-store';
import { deviceStore, labInfoStore } from '../stores';

/** The live device list (starts the subscription with the first user). */
export function useDevices(): DevicesSnapshot {
  const store = deviceStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useLabInfo(): LabInfoSnapshot {
  const store = labInfoStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
