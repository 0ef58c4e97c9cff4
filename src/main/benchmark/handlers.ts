/** benchmark.*: the seed's benchmark, charts and reports (src/shared/api/benchmark.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { BenchmarkService } from './service';

export function benchmarkHandlers(benchmark: BenchmarkService): LabHandlers['benchmark'] {
  return {
    run: async (input) => benchmark.run(input),
    results: async ({ comparisonId, command }) => benchmark.results(comparisonId, command),
    charts: async (input) => benchmark.charts(input),
    report: async ({ campaignId, comparisonId }) => benchmark.report(campaignId, comparisonId),
  };
}
