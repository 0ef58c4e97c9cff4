/** compare.*: strategy comparison on measured runs (src/shared/api/compare.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { CompareService } from './service';

export function compareHandlers(compare: CompareService): LabHandlers['compare'] {
  return {
    run: async (input) => compare.run(input),
    get: async ({ comparisonId }) => compare.get(comparisonId),
    list: async ({ limit }) => compare.list(limit),
    exportCsv: async ({ comparisonId }) => compare.exportCsv(comparisonId),
    cancel: async ({ comparisonId }) => ({ cancelled: compare.cancel(comparisonId) }),
  };
}
