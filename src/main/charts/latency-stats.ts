/**
 * The five numbers and the mean behind a latency box (shared/charts/latency-distribution.ts), from the lab's one
 * quantile definition (Hyndman-Fan type 7, shared/kit/stats.ts). Non-finite values are not measurements and are
 * dropped; no value at all gives null (the chart shows an empty box with n=0).
 */
import type { LatencyStats, ModelLatencyRow } from '../../shared/charts/rows';
import { mean, quantile } from '../../shared/kit/stats';

export function latencyStats(values: ArrayLike<number>): LatencyStats | null {
  const finite = Float64Array.from(values).filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return {
    n: finite.length,
    min: quantile(finite, 0) as number,
    q1: quantile(finite, 0.25) as number,
    median: quantile(finite, 0.5) as number,
    q3: quantile(finite, 0.75) as number,
    max: quantile(finite, 1) as number,
    mean: mean(finite) as number,
  };
}

/** One row per model from its measured latencies. */
export function latencyRows(models: ReadonlyArray<{ id: string; sizeMb?: number; latenciesMs: ArrayLike<number> }>): ModelLatencyRow[] {
  return models.map((m) => ({ model: m.id, ...(m.sizeMb !== undefined ? { sizeMb: m.sizeMb } : {}), stats: latencyStats(m.latenciesMs) }));
}
