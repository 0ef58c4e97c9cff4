/** strategies.*: which routing strategies a comparison can include now (src/shared/api/strategies.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { StrategiesService } from './service';

export function strategiesHandlers(strategies: StrategiesService): LabHandlers['strategies'] {
  return { list: async (input) => strategies.availability(input) };
}
