/** runs.*: quick runs and campaigns' runs (src/shared/api/runs.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { RunsService } from './service';

export function runsHandlers(runs: RunsService): LabHandlers['runs'] {
  return {
    models: async () => runs.models(),
    quickRun: async (req) => ({ runId: (await runs.startQuickRun(req)).runId }),
    cancel: async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    get: async ({ runId }) => runs.get(runId),
    list: async (filter) => runs.list(filter),
    results: async ({ runId }) => runs.results(runId),
    powerTimeline: async ({ runId, maxPoints }) => runs.powerTimeline(runId, maxPoints),
    export: async ({ runId, format }) => runs.export(runId, format),
    delete: async ({ runId }) => ({ deleted: runs.delete(runId) }),
  };
}
