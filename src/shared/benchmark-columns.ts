/**
 * The seed's table, column by column, as `benchmark` prints it (table, CSV, Markdown) and as
 * benchmark_results.json names it: the printers take their headers and keys from here so the three never drift.
 */
import type { BenchmarkFigures } from './benchmark-results';

export interface BenchmarkColumn {
  key: keyof BenchmarkFigures;
  /** Header in the printed table. */
  header: string;
  /** Header in the CSV file (snake case, unit in the name). */
  csv: string;
  /** What the seed's column was, when it had one. */
  seed: string | null;
}

export const BENCHMARK_COLUMNS: readonly BenchmarkColumn[] = [
  { key: 'averageModelSizeMb', header: 'Avg model size (MB)', csv: 'avg_model_size_mb', seed: 'average model size MB' },
  { key: 'agreementWithClaudePct', header: 'Agreement with Claude (%)', csv: 'agreement_claude_pct', seed: 'agreement with Claude %' },
  { key: 'agreementWithOraclePct', header: 'Agreement with measured oracle (%)', csv: 'agreement_oracle_pct', seed: null },
  { key: 'sizeSavingsPct', header: 'Size savings vs largest (%)', csv: 'size_savings_pct', seed: 'savings vs always-largest %' },
  { key: 'latencySavingsPct', header: 'Measured latency savings (%)', csv: 'latency_savings_pct', seed: 'latency improvement % (was size savings x 0.8)' },
  { key: 'energySavingsPct', header: 'Measured energy savings (%)', csv: 'energy_savings_pct', seed: 'battery savings % (was size savings x 0.7)' },
  { key: 'accuracyPct', header: 'Accuracy (%) [95% CI]', csv: 'accuracy_pct', seed: null },
];
