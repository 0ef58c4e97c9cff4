/**
 * The per-prompt table of a run: rows for the page (formatted cells), results merged from live events and reloads,
 * and their totals. The same figures as CSV and JSON are in prompt-export.ts. Pure (no DOM), unit-tested in
 * test/unit/renderer/runs/prompt-table.test.ts.
 */
import type { PromptResult } from '../../../shared/runs';
import { MISSING, formatFixed, isNum, plural } from '../../../shared/format';
import { decodeSpeedFlag, netEnergyFlag, type Flag } from '../ui/plausibility';
import { thermalName } from '../ui/status';
import { methodShort, resolutionView, type ResolutionView } from './run-view';

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
  | 'temp';

export interface PromptColumn {
  key: PromptColumnKey;
  label: string;
  title: string;
}

/** The numeric columns, in table order. Units live in the header so cells stay plain numbers. */
export const PROMPT_COLUMNS: readonly PromptColumn[] = [
  { key: 'ttft', label: 'TTFT ms', title: 'Time to first token: the engine’s time_to_first_token_ms for this prompt' },
  { key: 'prefillTps', label: 'Prefill tok/s', title: 'Prompt processing speed: the engine’s prefill_tps for this prompt' },
  {
    key: 'decodeTps',
    label: 'Decode tok/s',
    title: 'Generation speed: the engine’s decode_tps for this prompt ((output tokens − 1) / decode time; none for a one-token reply)',
  },
  { key: 'total', label: 'Total ms', title: 'Total latency of the request: the engine’s total_time_ms' },
  { key: 'outputTokens', label: 'Out tok', title: 'Output (decoded) tokens, from the engine' },
  { key: 'peakRam', label: 'Peak RAM MB', title: 'Peak RAM the engine reported for this prompt (ram_usage_mb)' },
  { key: 'energy', label: 'Energy J', title: 'Gross energy of the prompt’s window (whole phone), from the energy meter; method and samples in “Energy method”' },
  { key: 'netEnergy', label: 'Net J', title: 'Gross energy minus the idle baseline (measured right before the model) × the window’s duration' },
  { key: 'avgPower', label: 'Avg W', title: 'Gross energy / the window’s duration' },
  { key: 'energyPerToken', label: 'Net J/tok', title: 'Net energy / output tokens' },
  { key: 'temp', label: 'Temp °C', title: 'Battery temperature at the start → end of the prompt' },
];

export interface PromptRow {
  id: number;
  /** 1-based position. */
  n: number;
  modelId: string;
  prompt: string;
  /** Campaign prompts: "history · rep 2 · key B". */
  meta: string | null;
  subject: string | null;
  /** The reply named no single letter (counted wrong). */
  unparsable: boolean;
  ok: boolean;
  error: string | null;
  cells: Record<PromptColumnKey, string>;
  /** Cells that cannot be measurements (0 tok/s, energy below idle): shown as their flag, not as the number. */
  flags: Partial<Record<PromptColumnKey, Flag>>;
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
    subject: r.subject ?? null,
    unparsable: r.unparsable === true,
    ok: r.ok,
    error: r.error,
    cells: {
      ttft: formatFixed(r.ttftMs, 0),
      prefillTps: formatFixed(r.prefillTps, 1),
      decodeTps: formatFixed(r.decodeTps, 1),
      total: formatFixed(r.totalMs, 0),
      outputTokens: formatFixed(r.outputTokens, 0),
      peakRam: formatFixed(r.peakRamMb, 0),
      // A flagged window (ENERGY_FLAG) has no energy figure; what it integrated to goes beside its reason.
      energy: formatFixed(r.energyFlag?.kind === 'meter-gap' ? r.energyFlag.energyJ : r.energyJ, 3),
      netEnergy: formatFixed(r.energyFlag ? r.energyFlag.netEnergyJ : r.netEnergyJ, 3),
      avgPower: formatFixed(r.avgPowerW, 2),
      energyPerToken: formatFixed(r.energyPerTokenJ, 4),
      temp: tempText(r.tempStartC, r.tempEndC),
    },
    flags: promptFlags(r),
    thermal: thermalName(r.thermalStatus),
    thermalStatus: r.thermalStatus,
    throttled: r.throttled,
    method: e ? `${methodShort(e.method)} · ${plural(e.sampleCount, 'sample')}` : MISSING,
    resolution: resolutionView(e),
    response: r.response,
    answer: answerText(r),
    correct: r.correct,
    simulated: r.simulated,
  };
}

function tempText(start: number | null, end: number | null): string {
  if (!isNum(start) && !isNum(end)) return MISSING;
  return `${formatFixed(start, 1)} → ${formatFixed(end, 1)}`;
}

/** The figures of a prompt that are not measurements, with why (see ui/plausibility.ts). */
export function promptFlags(r: Pick<PromptResult, 'decodeTps' | 'netEnergyJ' | 'energyPerTokenJ' | 'energyFlag'>): Partial<Record<PromptColumnKey, Flag>> {
  const flags: Partial<Record<PromptColumnKey, Flag>> = {};
  const decode = decodeSpeedFlag(r.decodeTps);
  if (decode) flags.decodeTps = decode;
  const stored = energyFlagView(r.energyFlag);
  if (stored) {
    if (r.energyFlag?.kind === 'meter-gap') flags.energy = stored;
    flags.netEnergy = stored;
    flags.energyPerToken = stored;
    return flags;
  }
  const net = netEnergyFlag(r.netEnergyJ);
  if (net) {
    flags.netEnergy = net;
    // Net energy per token inherits the flag: it is the same negative figure divided by the tokens.
    if (isNum(r.energyPerTokenJ) && r.energyPerTokenJ < 0) flags.energyPerToken = net;
  }
  return flags;
}

/** The lab's flag on a prompt's energy window (meter gap, below idle): the figures are not measurements. */
export function energyFlagView(f: PromptResult['energyFlag']): Flag | null {
  if (!f) return null;
  return {
    label: f.kind === 'meter-gap' ? 'meter gap' : 'below idle',
    reason: `Not a measurement, left out of every energy figure: ${f.reason}.`,
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
  /**
   * Prompts whose own net energy is below zero (flagged one by one). The net total keeps them: over many prompts the
   * meter's noise cancels, and dropping the low ones would bias the total upwards.
   */
  belowIdle: number;
  /** Prompts whose energy window spanned a gap in the meter readings (flagged by the lab, out of the totals). */
  meterGap: number;
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
    belowIdle: results.filter((r) => r.energyFlag?.kind === 'below-idle' || (isNum(r.netEnergyJ) && r.netEnergyJ < 0)).length,
    meterGap: results.filter((r) => r.energyFlag?.kind === 'meter-gap').length,
  };
}
