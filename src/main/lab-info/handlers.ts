/** lab.*: what the lab is (src/shared/api/lab.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { LabInfoService } from './service';

export function labInfoHandlers(info: LabInfoService): LabHandlers['lab'] {
  return { info: async () => info.info() };
}
