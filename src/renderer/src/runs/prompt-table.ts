/**
 * The per-prompt table of a run: rows for the page (formatted cells) and the same figures as CSV and JSON for a
 * client-side export. Pure (no DOM), unit-tested in test/unit/renderer/prompt-table.test.ts.
 */
import { toCsv, type CsvValue } from '../../../shared/kit/csv';
import type { PromptResult, RunDetail } from '../../../shared/runs';
import { thermalName } from '../devices/device-view';
import { MISSING } from '../format';
import { cellNumber, methodShort, resolutionView, type ResolutionView } from './run-view';

export type PromptColumnKey =
  | 'ttft'
  | 'prefillTps'
  | 'decodeTps'
  | 'total'
  | 'outputTokens'
  | 'peakRam'
  | 'energy'
  | 'netEnergy'
  | 'avgPower'
  | 'energyPerToken'
  | 'tempStart'
  | 'tempEnd';

export interface PromptColumn {
  key: PromptColumnKey;
  label: string;
  title: string;
}

/** The numeric columns, in table order. Units live in the header so cells stay plain numbers. */
export const PROMPT_COLUMNS: readonly PromptColumn[] = [
  { key: 'ttft', label: 'TTFT ms', title: 'Time to first token, from the engine' },
  { key: 'prefillTps', label: 'Prefill tok/s', title: 'Prompt processing speed, from the engine' },
  { key: 'decodeTps', label: 'Decode tok/s', title: 'Generation speed, from the engine' },
  { key: 'total', label: 'Total ms', title: 'Total latency of the request, from the engine' },
  { key: 'outputTokens', label: 'Out tok', title: 'Output (decoded) tokens' },
  { key: 'peakRam', label: 'Peak RAM MB', title: 'Peak RAM the engine reported' },
  { key: 'energy', label: 'Energy J', title: 'Gross energy of the prompt window (whole phone)' },
  { key: 'netEnergy', label: 'Net J', title: 'Energy net of the idle baseline measured right before the model' },
  { key: 'avgPower', label: 'Avg W', title: 'Average power over the prompt window' },
  { key: 'energyPerToken', label: 'Net J/tok', title: 'Net energy per output token' },
  { key: 'tempStart', label: 'Temp start °C', title: 'Battery temperature at the start of the prompt' },
  { key: 'tempEnd', label: 'Temp end °C', title: 'Battery temperature at the end of the prompt' },
];

export interface PromptRow {
  id: number;
  /** 1-based position. */
  n: number;
  modelId: string;
  prompt: string;
  /** Campaign prompts: "history · rep 2 · key B". */
  meta: string | null;
  ok: boolean;
  error: string | null;
  cells: Record<PromptColumnKey, string>;
  thermal: string;
  thermalStatus: number | null;
  throttled: boolean;
  /** "ODPM · 8 samples". */
  method: string;
  resolution: ResolutionView | null;
  response: string | null;
  /** "B (correct)", "C (wrong, key B)"… or null when the prompt had no answer key. */
  answer: string | null;
  correct: boolean | null;
  simulated: boolean;
}

export function promptRow(r: PromptResult): PromptRow {
  const e = r.energy;
  return {
    id: r.id,
    n: r.index + 1,
    modelId: r.modelId,
    prompt: r.prompt,
    meta: promptMeta(r),
    ok: r.ok,
    error: r.error,
    cells: {
      ttft: cellNumber(r.ttftMs, 0),
      prefillTps: cellNumber(r.prefillTps, 1),
      decodeTps: cellNumber(r.decodeTps, 1),
      total: cellNumber(r.totalMs, 0),
      outputTokens: cellNumber(r.outputTokens, 0),
      peakRam: cellNumber(r.peakRamMb, 0),
      energy: cellNumber(r.energyJ, 3),
      netEnergy: cellNumber(r.netEnergyJ, 3),
      avgPower: cellNumber(r.avgPowerW, 2),
      energyPerToken: cellNumber(r.energyPerTokenJ, 4),
      tempStart: cellNumber(r.tempStartC, 1),
      tempEnd: cellNumber(r.tempEndC, 1),
    },
    thermal: thermalName(r.thermalStatus),
    thermalStatus: r.thermalStatus,
    throttled: r.throttled,
    method: e ? `${methodShort(e.method)} · ${e.sampleCount} sample${e.sampleCount === 1 ? '' : 's'}` : MISSING,
    resolution: resolutionView(e),
    response: r.response,
    answer: answerText(r),
    correct: r.correct,
    simulated: r.simulated,
  };
}

/** Subject, repetition and answer key of a campaign prompt, when the lab sent them. */
export function promptMeta(r: Pick<PromptResult, 'subject' | 'rep' | 'answer'>): string | null {
  const parts: string[] = [];
  if (r.subject) parts.push(r.subject.replace(/_/g, ' '));
  if (typeof r.rep === 'number') parts.push(`rep ${r.rep + 1}`);
  if (r.answer) parts.push(`key ${r.answer}`);
  return parts.length ? parts.join(' · ') : null;
}

export function answerText(r: Pick<PromptResult, 'extracted' | 'correct'>): string | null {
  if (r.correct === null) return r.extracted ? `${r.extracted} (not scored)` : null;
  if (r.extracted === null) return r.correct ? 'correct' : 'no letter found (wrong)';
  return `${r.extracted} (${r.correct ? 'correct' : 'wrong'})`;
}

/** Rows in run order; a live result that arrives twice (event and reload) appears once. */
export function promptRows(results: readonly PromptResult[]): PromptRow[] {
  return mergeResults([], results).map(promptRow);
}

/** Results merged by id (the later copy wins), ordered by position in the run. */
export function mergeResults(existing: readonly PromptResult[], incoming: readonly PromptResult[]): PromptResult[] {
  const byId = new Map<number, PromptResult>();
  for (const r of existing) byId.set(r.id, r);
  for (const r of incoming) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.index - b.index || a.id - b.id);
}

export interface PromptTotals {
  prompts: number;
  ok: number;
  energyJ: number | null;
  netEnergyJ: number | null;
  outputTokens: number;
  scored: number;
  correct: number;
  coarse: number;
}

function sumOf(values: Array<number | null>): number | null {
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return nums.length ? nums.reduce((a, b) => a + b, 0) : null;
}

export function promptTotals(results: readonly PromptResult[]): PromptTotals {
  return {
    prompts: results.length,
    ok: results.filter((r) => r.ok).length,
    energyJ: sumOf(results.map((r) => r.energyJ)),
    netEnergyJ: sumOf(results.map((r) => r.netEnergyJ)),
    outputTokens: results.reduce((n, r) => n + (r.outputTokens ?? 0), 0),
    scored: results.filter((r) => r.correct !== null).length,
    correct: results.filter((r) => r.correct === true).length,
    coarse: results.filter((r) => resolutionView(r.energy)?.coarse === true).length,
  };
}

// ---- Export ----

// CSV writing is the kit's (one definition for the core and the renderer).
export { csvField, toCsv } from '../../../shared/kit/csv';

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
