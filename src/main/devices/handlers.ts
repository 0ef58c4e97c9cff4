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
    // Over HTTP the folder must be inside <lab home>/captures/ (the CLI and the desktop window may name any).
    capture: async (req, ctx) => devices.capture({ ...req, labFolderOnly: ctx?.caller !== 'cli' && ctx?.caller !== 'ipc' }),
    virtualPhones: async () => devices.virtualPhones(),
    startVirtual: async ({ vendor, engine }) => devices.startVirtual(vendor, engine),
    stopVirtual: async ({ serial }) => devices.stopVirtual(serial),
  };
}
