/**
 * The benchmark's charts as one set with fixed file names, so `benchmark --out`, `compare --charts`, the report and
 * the UI's export buttons all produce the same files: model-size-distribution, savings-breakdown,
 * strategy-comparison and, when latencies are given, latency-distribution.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartContext } from './common';
import { buildLatencyDistributionOption } from './latency-distribution';
import { buildModelSizeDistributionOption } from './model-size-distribution';
import type { ChartModel, ModelLatencyRow, StrategyChartRow } from './rows';
import { buildSavingsBreakdownOption } from './savings-breakdown';
import { STRATEGY_COMPARISON_SIZE, buildStrategyComparisonOption } from './strategy-comparison';

export interface NamedChart {
  /** File stem and HTML id: letters, digits and -. */
  name: string;
  title: string;
  option: EChartsCoreOption;
  width: number;
  height: number;
}

export interface BenchmarkChartInput {
  rows: readonly StrategyChartRow[];
  models: readonly ChartModel[];
  ctx: ChartContext;
  latencyMethod: string;
  energyMethod: string | null;
  latencies?: readonly ModelLatencyRow[];
}

export const CHART_SIZE = { width: 960, height: 540 } as const;

export function benchmarkChartSet(input: BenchmarkChartInput): NamedChart[] {
  const set: NamedChart[] = [
    { name: 'model-size-distribution', title: 'Model-size distribution per strategy', option: buildModelSizeDistributionOption(input.rows, input.models, input.ctx), ...CHART_SIZE },
    {
      name: 'savings-breakdown',
      title: 'Savings vs always-largest',
      option: buildSavingsBreakdownOption(input.rows, input.ctx, { latencyMethod: input.latencyMethod, energyMethod: input.energyMethod }),
      ...CHART_SIZE,
    },
    { name: 'strategy-comparison', title: 'Strategy comparison', option: buildStrategyComparisonOption(input.rows, input.ctx), ...STRATEGY_COMPARISON_SIZE },
  ];
  if (input.latencies?.length) set.push({ name: 'latency-distribution', title: 'Latency per model', option: buildLatencyDistributionOption(input.latencies, input.ctx), ...CHART_SIZE });
  return set;
}
