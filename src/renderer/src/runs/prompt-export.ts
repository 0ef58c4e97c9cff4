/**
 * A run exported from the page: the per-prompt table as CSV (raw figures, not rounded, with the energy's
 * provenance and, where energy is not a measurement, its flag) and the run with its results as JSON. Pure (no DOM), unit-tested in
 * test/unit/renderer/runs/prompt-export.test.ts.
 */
import type { PromptResult, RunDetail } from '../../../shared/runs';
import { toCsv, type CsvValue } from '../../../shared/kit/csv';
import { mergeResults } from './prompt-table';

export const PROMPT_CSV_HEADER = [
  'run_id',
  'index',
  'prompt_id',
  'model_id',
  'ok',
  'error',
  't_start_ms',
  't_end_ms',
  'ttft_ms',
  'prefill_tps',
  'decode_tps',
  'total_ms',
  'prefill_tokens',
  'output_tokens',
  'peak_ram_mb',
  'energy_j',
  'net_energy_j',
  'avg_power_w',
  'energy_per_token_j',
  'energy_method',
  'sample_hz',
  'sample_count',
  'meter_updates',
  'resolution_note',
  'energy_flag',
  'energy_flag_reason',
  'flagged_energy_j',
  'flagged_net_energy_j',
  'temp_start_c',
  'temp_end_c',
  'thermal_status',
  'throttled',
  'extracted',
  'correct',
  'simulated',
  'prompt',
  'response',
] as const;

export function promptCsvRow(r: PromptResult): CsvValue[] {
  return [
    r.runId,
    r.index,
    r.promptId,
    r.modelId,
    r.ok,
    r.error,
    r.tStartMs,
    r.tEndMs,
    r.ttftMs,
    r.prefillTps,
    r.decodeTps,
    r.totalMs,
    r.prefillTokens,
    r.outputTokens,
    r.peakRamMb,
    r.energyJ,
    r.netEnergyJ,
    r.avgPowerW,
    r.energyPerTokenJ,
    r.energy?.method,
    r.energy?.sampleHz,
    r.energy?.sampleCount,
    r.energy?.updates,
    r.energy?.resolutionNote,
    // Energy that is not a measurement (a meter gap, below idle): the empty energy cells say why here.
    r.energyFlag?.kind,
    r.energyFlag?.reason,
    r.energyFlag?.energyJ,
    r.energyFlag?.netEnergyJ,
    r.tempStartC,
    r.tempEndC,
    r.thermalStatus,
    r.throttled,
    r.extracted,
    r.correct,
    r.simulated,
    r.prompt,
    r.response,
  ];
}

/** The per-prompt table as CSV: one row per prompt, raw figures (not rounded), in run order. */
export function promptsCsv(results: readonly PromptResult[]): string {
  return toCsv(PROMPT_CSV_HEADER, mergeResults([], results).map(promptCsvRow));
}

export const RUN_EXPORT_FORMAT = 'aurora-lab.run/v1';

/** The run and its per-prompt results as one JSON document (pretty-printed). */
export function runJson(run: RunDetail, results: readonly PromptResult[], exportedAt: number): string {
  return `${JSON.stringify(
    {
      format: RUN_EXPORT_FORMAT,
      exportedAt: new Date(exportedAt).toISOString(),
      simulated: run.simulated,
      run,
      results: mergeResults([], results),
    },
    null,
    2,
  )}\n`;
}

/** "aurora-lab-run-1a2b3c4d-prompts.csv" (first 8 characters of the id). */
export function runExportFileName(runId: string, what: 'prompts' | 'run' | 'power', ext: 'csv' | 'json' | 'png'): string {
  const short = runId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 8) || 'run';
  return `aurora-lab-run-${short}-${what}.${ext}`;
}
