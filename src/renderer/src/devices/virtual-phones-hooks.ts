/** The virtual phones the lab runs, live: fetched once, then replaced by each `devices.virtualPhones` event. */
import type { VirtualPhonesState } from '../../../shared/api/devices';
import { patchOn, useLabQuery } from '../lab/useLabQuery';

export function useVirtualPhones() {
  return useLabQuery<VirtualPhonesState>((lab) => lab.devices.virtualPhones({}), [], {
    patchOn: patchOn<VirtualPhonesState, 'devices.virtualPhones'>('devices.virtualPhones', (_held, next) => next),
  });
}
