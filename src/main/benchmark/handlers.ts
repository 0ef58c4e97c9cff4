/** benchmark.*: the seed's benchmark, charts and reports (src/shared/api/benchmark.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { BenchmarkService } from './service';

export function benchmarkHandlers(benchmark: BenchmarkService): LabHandlers['benchmark'] {
  return {
    // Over HTTP the data set is held to the lab home's datasets folder, as for campaigns.start.
    run: async (input, ctx) => benchmark.run(input, {}, ctx?.caller ?? 'http'),
    results: async ({ comparisonId, command }) => benchmark.results(comparisonId, command),
    charts: async (input) => benchmark.charts(input),
    report: async ({ campaignId, comparisonId }) => benchmark.report(campaignId, comparisonId),
  };
}
