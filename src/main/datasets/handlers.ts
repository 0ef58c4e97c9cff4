/** datasets.*: the prompt sets a campaign can use (src/shared/api/datasets.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { DatasetsService } from './service';

export function datasetsHandlers(datasets: DatasetsService): LabHandlers['datasets'] {
  return {
    list: async (_req, ctx) => datasets.options(ctx?.caller ?? 'http'),
    subjects: async ({ dataset }, ctx) => datasets.subjects(dataset, ctx?.caller ?? 'http'),
  };
}
