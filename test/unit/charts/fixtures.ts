import type { ComparisonRow } from '../../../src/shared/api/compare';
import type { ChartModel, StrategyChartRow } from '../../../src/shared/charts';

export const MODELS: ChartModel[] = [
  { id: 'qwen-1.7b', sizeMb: 1100 },
  { id: 'gemma-270m', sizeMb: 172 },
  { id: 'qwen-600m', sizeMb: 394 },
];

export function row(name: string, over: Partial<StrategyChartRow> = {}): StrategyChartRow {
  return {
    name,
    unavailable: null,
    routed: 100,
    scored: 98,
    accuracy: 0.55,
    accuracyCi95: { lo: 0.452, hi: 0.644 },
    meanSizeMb: 469,
    share: { 'gemma-270m': 0.3, 'qwen-600m': 0.5, 'qwen-1.7b': 0.2 },
    savingsVsLargest: { size: 0.574, latency: 0.5, energy: 0.45 },
    agreementWithOracle: 0.5,
    agreementWithClaude: 0.4,
    ...over,
  };
}

export const ROWS: StrategyChartRow[] = [
  row('router@0.50'),
  row('oracle(size)', { accuracy: 0.78, agreementWithOracle: 1 }),
  row('claude', { agreementWithClaude: 1, savingsVsLargest: { size: 0.5, latency: 0.4, energy: null } }),
  row('gemini', { unavailable: 'no Gemini API key', routed: 0, scored: 0, accuracy: null, accuracyCi95: null, meanSizeMb: null, share: {}, savingsVsLargest: { size: null, latency: null, energy: null }, agreementWithOracle: null, agreementWithClaude: null }),
  row('always-largest', { share: { 'qwen-1.7b': 1 }, meanSizeMb: 1100, savingsVsLargest: { size: 0, latency: 0, energy: 0 } }),
  row('always-smallest', { share: { 'gemma-270m': 1 }, meanSizeMb: 172, accuracy: 0.31 }),
];

/** A Compare-page row is a chart row as it is (compile-time check that the wiring needs no mapping). */
export function asChartRow(r: ComparisonRow): StrategyChartRow {
  return r;
}
