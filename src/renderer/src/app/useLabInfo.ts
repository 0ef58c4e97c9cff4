/** `lab.info` for the status strip and the Settings page: one store for the app, fetched once, retried on demand. */
import { useSyncExternalStore } from 'react';
import { getLab } from '../lab/client';
import { LabInfoStore, type LabInfoSnapshot } from './lab-info-store';

let store: LabInfoStore | null = null;

export function labInfoStore(): LabInfoStore {
  store ??= new LabInfoStore(getLab());
  return store;
}

export function useLabInfo(): LabInfoSnapshot {
  const s = labInfoStore();
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}
