import type { LabHandlers } from '../../../shared/contract';
import type { Lab } from '../lab';
import { labServices } from '../../compare/lab-services';

/** compare.*: strategy comparison on measured runs (see src/shared/api/compare.ts). */
export function createCompareHandlers(lab: Lab): LabHandlers['compare'] {
  const c = () => labServices(lab).compare;
  return {
    strategies: async (input) => c().strategies(input),
    run: async (input) => c().run(input),
    get: async ({ comparisonId }) => c().get(comparisonId),
    list: async ({ limit }) => c().list(limit),
    exportCsv: async ({ comparisonId }) => c().exportCsv(comparisonId),
  };
}
