/** devices.*: the device list, facts, status history, network connections (src/shared/api/devices.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { DevicesService } from './service';

export function devicesHandlers(devices: DevicesService): LabHandlers['devices'] {
  return {
    list: async ({ settleMs }) => devices.list(settleMs),
    get: async ({ serial }) => devices.get(serial),
    history: async ({ serial, sinceMs, limit }) => devices.history(serial, sinceMs, limit),
    connect: async ({ address }) => devices.connect(address),
    disconnect: async ({ address }) => devices.disconnect(address),
    reprobe: async ({ serial }) => devices.reprobe(serial),
    capture: async (req) => devices.capture(req),
    virtualPhones: async () => devices.virtualPhones(),
    startVirtual: async ({ vendor, engine }) => devices.startVirtual(vendor, engine),
    stopVirtual: async ({ serial }) => devices.stopVirtual(serial),
  };
}
