/**
 * Reading what runs measured (db/0003_runs.sql): per-prompt results, power samples, the power timeline, and the
 * two row sets other features build on: measured rows (one per stored prompt result, for the comparison's
 * matrices and router profiles; read as columns by measured-reader.ts) and export rows (every column of a result,
 * for CSV/JSON). Warm-ups are never in prompt_results. Each reader is one indexed range scan per run.
 */
import { engineMarks } from '../runner/engine-result';
import { byTime, mergeByTime, packedReadings } from './packed-samples';
import { ENERGY_FLAG_KINDS, ENERGY_METHODS, type PowerTimeline, type PromptResult, type RunDetail } from '../../shared/runs';
import { chartTimeline, meterIntervals, type MeterSample } from '../power/timeline';
import type { Db } from '../store/database';
import { cells, num, row, type Row } from '../store/rows';
import { rowsOfColumns, type MeasuredColumns, type MeasuredRow } from './measured-columns';
import { MeasuredReader, type MeasuredReaderOptions } from './measured-reader';
import { missingPromptText, promptTextSql } from './prompt-text';

export type { MeasuredRow } from './measured-columns';

/** Export columns, in order (one row per prompt result). */
export const EXPORT_COLUMNS = [
  'campaign_id', 'run_id', 'serial', 'device_model', 'model_id', 'rep', 'position', 'prompt_id', 'subject', 'answer', 'extracted',
  'correct', 'unparsable', 'ok', 'error', 'ttft_ms', 'prefill_tps', 'decode_tps', 'total_ms', 'prefill_tokens', 'output_tokens',
  'peak_ram_mb', 'energy_j', 'net_energy_j', 'energy_per_token_j', 'avg_power_w', 'energy_method', 'meter_updates',
  // Energy that is not a measurement (a meter gap, below idle): why its energy cells are empty, and what it integrated to.
  'energy_flag', 'energy_flag_reason', 'flagged_energy_j', 'flagged_net_energy_j', 'temp_start_c',
  'temp_end_c', 'thermal_status', 'throttled', 'throttle_reason', 'simulated', 'response', 'prompt',
] as const;
export type ExportValue = string | number | null;

/** An export row: the values of EXPORT_COLUMNS, in that order. */
function toExport(v: unknown): ExportValue[] {
  const c = cells(v, 'prompt_results');
  return c.map((x, i) => (x === null || typeof x === 'string' || typeof x === 'number' ? x : num(x, `prompt_results.${EXPORT_COLUMNS[i]}`)));
}

/** A result whose text is in neither its row nor its campaign (db/0028): the file was changed outside the lab. */
function missing(p: Row): never {
  throw missingPromptText(p.str('run_id'), p.str('prompt_id'));
}

function toResult(p: Row): PromptResult {
  const method = p.memberOrNull('energy_method', ENERGY_METHODS);
  return {
    id: p.num('id'),
    runId: p.str('run_id'),
    runModelId: p.num('run_model_id'),
    modelId: p.str('model_id'),
    index: p.num('position'),
    promptId: p.str('prompt_id'),
    prompt: p.strOrNull('prompt') ?? missing(p),
    ok: p.flag('ok'),
    error: p.strOrNull('error'),
    tStartMs: p.numOrNull('t_start_ms'),
    tEndMs: p.numOrNull('t_end_ms'),
    ttftMs: p.numOrNull('ttft_ms'),
    prefillTps: p.numOrNull('prefill_tps'),
    decodeTps: p.numOrNull('decode_tps'),
    totalMs: p.numOrNull('total_ms'),
    prefillTokens: p.numOrNull('prefill_tokens'),
    outputTokens: p.numOrNull('output_tokens'),
    peakRamMb: p.numOrNull('peak_ram_mb'),
    energyJ: p.numOrNull('energy_j'),
    netEnergyJ: p.numOrNull('net_energy_j'),
    avgPowerW: p.numOrNull('avg_power_w'),
    energyPerTokenJ: p.numOrNull('energy_per_token_j'),
    energy: method
      ? { method, sampleHz: p.numOrNull('sample_hz'), sampleCount: p.numOrNull('sample_count') ?? 0, updates: p.numOrNull('meter_updates') ?? 0, resolutionNote: p.strOrNull('resolution_note') }
      : null,
    tempStartC: p.numOrNull('temp_start_c'),
    tempEndC: p.numOrNull('temp_end_c'),
    thermalStatus: p.numOrNull('thermal_status'),
    throttled: p.flag('throttled'),
    throttleReason: p.strOrNull('throttle_reason'),
    response: p.strOrNull('response'),
    extracted: p.strOrNull('extracted'),
    correct: p.flagOrNull('correct'),
    simulated: p.flag('simulated'),
    createdAt: p.num('created_at'),
    rep: p.numOrNull('rep'),
    subject: p.strOrNull('subject'),
    answer: p.strOrNull('answer'),
    unparsable: p.flagOrNull('unparsable'),
    ...engineMarks(p.strOrNull('raw_json')),
    ...energyFlagOf(p),
  };
}

/** Rows stored before db/0016 have no flag columns' values: no flag. */
function energyFlagOf(p: Row): Pick<PromptResult, 'energyFlag'> {
  const kind = p.memberOrNull('energy_flag', ENERGY_FLAG_KINDS);
  if (!kind) return {};
  return { energyFlag: { kind, reason: p.strOrNull('energy_flag_reason') ?? kind, energyJ: p.numOrNull('flagged_energy_j'), netEnergyJ: p.numOrNull('flagged_net_energy_j') } };
}

/** A stored power sample with the run model it was stored under. */
export interface StoredPowerSample extends MeterSample {
  runModelId: number | null;
}

/** A result's columns but its packed samples (db/0027: hundreds of bytes a result that no result view reads). */
const RESULT_COLUMNS = [
  'id', 'run_id', 'run_model_id', 'position', 'prompt_id', 'prompt', 'ok', 'error', 't_start_ms', 't_end_ms', 'ttft_ms', 'prefill_tps', 'decode_tps',
  'total_ms', 'prefill_tokens', 'output_tokens', 'peak_ram_mb', 'energy_j', 'net_energy_j', 'avg_power_w', 'energy_per_token_j', 'energy_method',
  'sample_hz', 'sample_count', 'meter_updates', 'resolution_note', 'temp_start_c', 'temp_end_c', 'thermal_status', 'throttled', 'response', 'extracted',
  'correct', 'raw_json', 'simulated', 'created_at', 'rep', 'subject', 'unparsable', 'answer', 'throttle_reason', 'energy_flag', 'energy_flag_reason',
  'flagged_energy_j', 'flagged_net_energy_j',
]
  .map((c) => (c === 'prompt' ? `${promptTextSql()} AS prompt` : `p.${c}`))
  .join(', ');

export class ResultsRepository {
  readonly #measured: MeasuredReader;

  constructor(
    private readonly db: Db,
    opts: { measured?: MeasuredReaderOptions } = {},
  ) {
    this.#measured = new MeasuredReader(db, opts.measured);
  }

  results(runId: string): PromptResult[] {
    return this.db
      .prepare(`SELECT ${RESULT_COLUMNS}, m.model_id FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id WHERE p.run_id = ? ORDER BY p.position`)
      .all(runId)
      .map((v) => toResult(row(v, 'prompt_results')));
  }

  /** A run's power readings by time: its power_samples rows and the readings packed with its results (db/0027). */
  samples(runId: string): StoredPowerSample[] {
    const rows = this.db
      .prepare('SELECT source, t_ms, watts, energy_j, raw_current, raw_voltage, run_model_id FROM power_samples WHERE run_id = ? ORDER BY t_ms, id')
      .all(runId)
      .map((v): StoredPowerSample => {
        const r = row(v, 'power_samples');
        return {
          source: r.member('source', ['fuel-gauge', 'odpm'] as const),
          tMs: r.num('t_ms'),
          watts: r.numOrNull('watts'),
          energyJ: r.numOrNull('energy_j'),
          rawCurrent: r.numOrNull('raw_current'),
          rawVoltage: r.numOrNull('raw_voltage'),
          runModelId: r.numOrNull('run_model_id'),
        };
      });
    const packed = byTime(packedReadings(this.db, runId)).map(
      (s): StoredPowerSample => ({ source: s.source, tMs: s.tMs, watts: s.watts, energyJ: s.energyJ, rawCurrent: s.rawCurrent, rawVoltage: s.rawVoltage, runModelId: s.runModelId }),
    );
    return mergeByTime(rows, packed);
  }

  /** Every stored prompt result of `runIds` as columns, runs in the order given. Unknown run ids give no rows. */
  measuredColumns(runIds: readonly string[]): MeasuredColumns {
    return this.#measured.columns(runIds);
  }

  /** The same as row objects (one per result). */
  measuredRows(runIds: readonly string[]): MeasuredRow[] {
    return rowsOfColumns(this.#measured.columns(runIds));
  }

  /** One row per prompt result of the runs, the values of EXPORT_COLUMNS (campaign_id says which campaign, if any). */
  exportRows(runIds: readonly string[]): ExportValue[][] {
    const st = this.db.prepare(
      `SELECT r.campaign_id, p.run_id, r.serial, r.device_model, m.model_id, p.rep, p.position, p.prompt_id, p.subject, p.answer, p.extracted,
         p.correct, p.unparsable, p.ok, p.error, p.ttft_ms, p.prefill_tps, p.decode_tps, p.total_ms, p.prefill_tokens, p.output_tokens,
         p.peak_ram_mb, p.energy_j, p.net_energy_j, p.energy_per_token_j, p.avg_power_w, p.energy_method, p.meter_updates,
         p.energy_flag, p.energy_flag_reason, p.flagged_energy_j, p.flagged_net_energy_j, p.temp_start_c,
         p.temp_end_c, p.thermal_status, p.throttled, p.throttle_reason, p.simulated, p.response, ${promptTextSql()}
       FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id JOIN runs r ON r.id = p.run_id
       WHERE p.run_id = ? ORDER BY p.position`,
    ).raw();
    return runIds.flatMap((id) => st.all(id).map(toExport));
  }

  /** Power over time for a run's chart: ODPM intervals or fuel-gauge updates, downsampled, with prompt boundaries. */
  powerTimeline(run: RunDetail, maxPoints = 2000): PowerTimeline {
    const runId = run.id;
    const samples = this.samples(runId);
    // Intervals of known power, and when the meter read (power/timeline.ts folds, splits at gaps, downsamples).
    const { intervals, readTimes } = meterIntervals(run.energyMethod, samples);
    const chart = chartTimeline(intervals, readTimes, maxPoints);
    const thermal = this.db
      .prepare('SELECT t_ms, thermal_status, battery_temp_c, skin_temp_c FROM thermal_samples WHERE run_id = ? AND t_ms IS NOT NULL ORDER BY at')
      .all(runId)
      .map((v) => {
        const r = row(v, 'thermal_samples');
        return { t: r.num('t_ms'), status: r.numOrNull('thermal_status'), tempC: r.numOrNull('skin_temp_c') ?? r.numOrNull('battery_temp_c') };
      });
    const baselines = this.db
      .prepare('SELECT model_id, idle_baseline_w, baseline_from_ms, baseline_to_ms FROM run_models WHERE run_id = ? AND idle_baseline_w IS NOT NULL ORDER BY position')
      .all(runId)
      .map((v) => {
        const m = row(v, 'run_models');
        return { modelId: m.str('model_id'), watts: m.num('idle_baseline_w'), tFromMs: m.numOrNull('baseline_from_ms') ?? 0, tToMs: m.numOrNull('baseline_to_ms') ?? 0 };
      });
    const prompts = this.results(runId).flatMap((r) =>
      r.tStartMs !== null && r.tEndMs !== null ? [{ resultId: r.id, index: r.index, modelId: r.modelId, tStartMs: r.tStartMs, tEndMs: r.tEndMs, ok: r.ok }] : [],
    );
    return { runId, method: run.energyMethod, points: chart.points, prompts, baselines, thermal, meterPeriodMs: chart.meterPeriodMs, gaps: chart.gaps, merged: chart.merged };
  }
}

