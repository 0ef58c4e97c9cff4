/**
 * The plain rows the benchmark charts take. `ComparisonRow` (shared/api/compare.ts) satisfies StrategyChartRow as
 * it is, so the Compare page, `compare --charts` and `benchmark` feed their table rows straight in.
 */

/** One strategy of a table. Fractions are 0..1; null = not measured / not measurable. */
export interface StrategyChartRow {
  name: string;
  /** Why the whole strategy could not run; its figures are empty. */
  unavailable: string | null;
  /** Prompts the strategy picked a model for. */
  routed: number;
  /** Routed prompts whose pick had a measured correctness. */
  scored: number;
  accuracy: number | null;
  accuracyCi95: { lo: number; hi: number } | null;
  meanSizeMb: number | null;
  /** Share of routed prompts per model id (0..1). */
  share: Record<string, number>;
  /** 1 - strategy / always-largest, paired on the same prompts, each measured. */
  savingsVsLargest: { size: number | null; latency: number | null; energy: number | null };
  agreementWithOracle: number | null;
  agreementWithClaude: number | null;
  /** Prompts behind the paired latency / energy savings, when known (shown next to the strategy's name). */
  savingsN?: { latency: number; energy: number };
}

export interface ChartModel {
  id: string;
  sizeMb: number;
}

/** Five-number summary of one model's measured latencies (computed in the core: src/main/charts/latency-stats.ts). */
export interface LatencyStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

export interface ModelLatencyRow {
  model: string;
  sizeMb?: number;
  /** null: no latency measured for this model. */
  stats: LatencyStats | null;
}

/** A strategy's axis label: its name, and "(unavailable)" when it could not run (it stays on the chart, empty). */
export function availableLabel(r: StrategyChartRow): string {
  return r.unavailable ? `${r.name} (unavailable)` : r.name;
}
