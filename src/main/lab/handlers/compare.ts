import type { LabHandlers } from '../../../shared/contract';
import type { Lab } from '../lab';

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function createCompareHandlers(lab: Lab): LabHandlers['compare'] {
  return {};
}
