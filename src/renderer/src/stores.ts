/** The app-wide store instances, bound to the one lab client from `getLab()`. */
import { DeviceStore } from './devices/device-store';
import { LabInfoStore } from './devices/lab-info-store';
import { getLab } from './lab';

let devices: DeviceStore | null = null;
let labInfo: LabInfoStore | null = null;

export function deviceStore(): DeviceStore {
  devices ??= new DeviceStore(getLab());
  return devices;
}

export function labInfoStore(): LabInfoStore {
  labInfo ??= new LabInfoStore(getLab());
  return labInfo;
}
