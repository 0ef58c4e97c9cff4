/**
 * SQLite storage of runs (db/0003_runs.sql, campaign columns from 0004): the run rows, their models, the gauge
 * calibrations, and the write side of measuring. Each prompt result is committed as it arrives, together with the
 * power samples received since the previous commit (packed in its row: result-insert.ts), in one transaction: a
 * crash or an unplugged phone loses nothing that was already reported. Durable here means against the lab process
 * dying (kill -9, a crash): WAL with synchronous=NORMAL (store/database.ts) has the commit in the OS before it
 * returns; an OS crash or power loss may roll back the last commits, never corrupt the file (synchronous=FULL, an
 * fsync per commit, would keep those too). Reads of results, samples and exports are results-repository.ts.
 */
import { engineMarks } from '../runner/engine-result';
import {
  ENERGY_METHODS,
  RUN_KINDS,
  RUN_MODEL_STATUSES,
  RUN_STATUSES,
  type EnergyFlag,
  type EnergyMethod,
  type PromptResult,
  type RunConditions,
  type RunDetail,
  type RunKind,
  type RunModelStatus,
  type RunModelSummary,
  type RunStatus,
  type RunSummary,
} from '../../shared/runs';
import type { GaugeCalibration } from '../power/calibration';
import { rssMethod } from './figure-methods';
import { ResultInserter } from './result-insert';
import { forgetRuns } from './sample-writer';
import type { StoredSample } from './sample-insert';
import type { Db } from '../store/database';
import { cells, columns, num, row, rowOrNull, sqlFlag as b, stringArray, stringRecord, type Row } from '../store/rows';

/** A run as it starts: its kind, device, conditions and options. */
export interface NewRun extends Omit<RunConditions, 'runnerVersion' | 'engineVersion'> {
  id: string;
  kind: RunKind;
  serial: string;
  deviceModel: string | null;
  sdk: number | null;
  modelIds: string[];
  energyMethod: EnergyMethod | null;
  simulated: boolean;
  options: unknown;
  /** The campaign it is part of (kind 'campaign'). */
  campaignId?: string;
}

export type { StoredSample } from './sample-insert';

export type NewPromptResult = Omit<PromptResult, 'id' | 'createdAt'> & { rawJson: string | null };

export interface StoredCalibration extends GaugeCalibration {
  id: number;
  serial: string;
  fingerprint: string | null;
  loadSource: string;
  /** Gauge samples in the idle and load windows (rows stored before a count was kept read 0). */
  loadSamples?: number;
}

/** A run model as the campaign loop needs it. */
export interface RunModelRow {
  id: number;
  position: number;
  modelId: string;
  status: RunModelStatus;
}

export type RunModelPatch = Partial<{
  status: RunModelStatus;
  error: string | null;
  fileHashes: Record<string, string>;
  loadMs: number;
  rssMb: number;
  tReadyMs: number;
  idleBaselineW: number;
  baselineFromMs: number;
  baselineToMs: number;
  calibrationId: number;
  energyJ: number | null;
  tFirstMs: number;
  tLastMs: number;
  warnings: string[];
  finished: boolean;
}>;


const RUN_COLS: Record<string, string> = { runnerVersion: 'runner_version', engineVersion: 'engine_version', cactusApi: 'cactus_api', energyMethod: 'energy_method', chargingState: 'charging_state' };
const MODEL_COLS: Record<string, string> = {
  status: 'status', error: 'error', loadMs: 'load_ms', rssMb: 'rss_mb', tReadyMs: 't_ready_ms', idleBaselineW: 'idle_baseline_w', baselineFromMs: 'baseline_from_ms',
  baselineToMs: 'baseline_to_ms', calibrationId: 'calibration_id', energyJ: 'energy_j', tFirstMs: 't_first_ms', tLastMs: 't_last_ms',
};

function toSummary(r: Row): RunSummary {
  return {
    id: r.str('id'),
    kind: r.member('kind', RUN_KINDS),
    status: r.member('status', RUN_STATUSES),
    serial: r.str('serial'),
    deviceModel: r.strOrNull('device_model'),
    modelIds: r.json('model_ids_json', stringArray),
    energyMethod: r.memberOrNull('energy_method', ENERGY_METHODS),
    simulated: r.flag('simulated'),
    createdAt: r.num('created_at'),
    finishedAt: r.numOrNull('finished_at'),
    promptCount: r.num('prompt_count'),
    error: r.strOrNull('error'),
    campaignId: r.strOrNull('campaign_id'),
  };
}

const CONDITIONS = { fingerprint: 'str?', android_release: 'str?', runner_version: 'str?', engine_version: 'str?', sample_hz: 'num?', charging_state: 'str?', screen_state: 'str?', battery_level: 'num?', temp_start_c: 'num?', thermal_status_start: 'num?' } as const;
const MODEL_FIGURES = { id: 'num', run_id: 'str', model_id: 'str', error: 'str?', load_ms: 'num?', rss_mb: 'num?', idle_baseline_w: 'num?', calibration_id: 'num?', energy_j: 'num?', t_first_ms: 'num?', t_last_ms: 'num?' } as const;

function toConditions(r: Row): RunConditions {
  return columns(r, CONDITIONS);
}

function toModel(m: Row): RunModelSummary {
  return {
    ...columns(m, MODEL_FIGURES),
    status: m.member('status', RUN_MODEL_STATUSES),
    fileHashes: m.json('file_hashes_json', stringRecord),
    warnings: m.json('warnings_json', stringArray),
    rssMethod: rssMethod(m.numOrNull('rss_mb'), m.flag('simulated')),
  };
}

/**
 * A run model's results through the cell index (run_id, run_model_id, ...), the only index of prompt_results led by
 * what it needs (db/0026): the run model's run first. Named parameter @m, the run model's id.
 */
const OF_RUN_MODEL = 'run_id = (SELECT run_id FROM run_models WHERE id = @m) AND run_model_id = @m';

const WITH_COUNT = 'SELECT r.*, (SELECT COUNT(*) FROM prompt_results p WHERE p.run_id = r.id) AS prompt_count FROM runs r';

export class RunRepository {
  constructor(private readonly db: Db) {}

  createRun(r: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, kind, status, created_at, serial, device_model, fingerprint, android_release, sdk, model_ids_json,
          energy_method, sample_hz, charging_state, screen_state, battery_level, temp_start_c, thermal_status_start, simulated, options_json, campaign_id)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.id, r.kind, Date.now(), r.serial, r.deviceModel, r.fingerprint, r.androidRelease, r.sdk, JSON.stringify(r.modelIds),
        r.energyMethod, r.sampleHz, r.chargingState, r.screenState, r.batteryLevel, r.tempStartC, r.thermalStatusStart, b(r.simulated),
        JSON.stringify(r.options ?? null), r.campaignId ?? null,
      );
  }

  updateRun(id: string, patch: Partial<{ runnerVersion: string; engineVersion: string; cactusApi: string; energyMethod: EnergyMethod; chargingState: string }>): void {
    for (const [k, v] of Object.entries(patch)) {
      const col = RUN_COLS[k];
      if (col && v !== undefined) this.db.prepare(`UPDATE runs SET ${col} = ? WHERE id = ?`).run(v, id);
    }
  }

  addRunWarning(id: string, warning: string): void {
    const r = rowOrNull(this.db.prepare('SELECT warnings_json FROM runs WHERE id = ?').get(id), 'runs');
    if (!r) return;
    const list = r.json('warnings_json', stringArray);
    if (list.includes(warning) || list.length >= 200) return;
    list.push(warning);
    this.db.prepare('UPDATE runs SET warnings_json = ? WHERE id = ?').run(JSON.stringify(list), id);
  }

  /** Status and error; `finished` stamps the end (a resumed campaign run is running again: not finished). */
  setStatus(id: string, status: RunStatus, error: string | null, finished = true): void {
    this.db.prepare('UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, finished ? Date.now() : null, id);
  }

  /** The run's models, created up front with one status (a campaign's plan is visible before it runs). Returns their ids. */
  createRunModels(runId: string, modelIds: readonly string[], simulated: boolean, status: RunModelStatus): number[] {
    const st = this.db.prepare('INSERT INTO run_models (run_id, position, model_id, status, simulated, started_at) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() => modelIds.map((m, i) => Number(st.run(runId, i, m, status, b(simulated), Date.now()).lastInsertRowid)))();
  }

  updateRunModel(id: number, patch: RunModelPatch): void {
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        if (k === 'fileHashes') this.db.prepare('UPDATE run_models SET file_hashes_json = ? WHERE id = ?').run(JSON.stringify(v), id);
        else if (k === 'warnings') this.db.prepare('UPDATE run_models SET warnings_json = ? WHERE id = ?').run(JSON.stringify(v), id);
        else if (k === 'finished') this.db.prepare('UPDATE run_models SET finished_at = ? WHERE id = ?').run(Date.now(), id);
        else if (MODEL_COLS[k] && (v === null || typeof v === 'number' || typeof v === 'string')) this.db.prepare(`UPDATE run_models SET ${MODEL_COLS[k]} = ? WHERE id = ?`).run(v, id);
      }
    })();
  }

  /** A model's status and error; a final status stamps its end. */
  setModelStatus(runModelId: number, status: RunModelStatus, error: string | null): void {
    this.db
      .prepare(`UPDATE run_models SET status = ?, error = ?, finished_at = CASE WHEN ? IN ('done', 'partial', 'failed') THEN ? ELSE finished_at END WHERE id = ?`)
      .run(status, error, status, Date.now(), runModelId);
  }

  /** Adds a session's measured window to the model's (energy summed, window widened). */
  addModelWindow(runModelId: number, w: { from: number; to: number; energyJ: number | null }): void {
    this.db
      .prepare(
        `UPDATE run_models SET energy_j = CASE WHEN ? IS NULL THEN energy_j ELSE COALESCE(energy_j, 0) + ? END,
           t_first_ms = MIN(COALESCE(t_first_ms, ?), ?), t_last_ms = MAX(COALESCE(t_last_ms, ?), ?) WHERE id = ?`,
      )
      .run(w.energyJ, w.energyJ, w.from, w.from, w.to, w.to, runModelId);
  }

  runModels(runId: string): RunModelRow[] {
    return this.db
      .prepare('SELECT id, position, model_id, status FROM run_models WHERE run_id = ? ORDER BY position')
      .all(runId)
      .map((v) => {
        const r = row(v, 'run_models');
        return { id: r.num('id'), position: r.num('position'), modelId: r.str('model_id'), status: r.member('status', RUN_MODEL_STATUSES) };
      });
  }

  /** The (prompt, rep) cells already stored for a run model: a resumed campaign skips them. */
  storedCells(runModelId: number): Set<string> {
    const rows = this.db.prepare(`SELECT prompt_id, rep FROM prompt_results WHERE ${OF_RUN_MODEL}`).raw().all({ m: runModelId });
    return new Set(rows.map((v) => {
      const c = cells(v, 'prompt_results');
      return cellKey(String(c[0]), c[1] === null ? 0 : num(c[1], 'prompt_results.rep'));
    }));
  }

  countResults(runId: string): number {
    return num(this.db.prepare('SELECT COUNT(*) FROM prompt_results WHERE run_id = ?').pluck().get(runId), 'prompt_results');
  }

  failedResults(runModelId: number): number {
    return num(this.db.prepare(`SELECT COUNT(*) FROM prompt_results WHERE ${OF_RUN_MODEL} AND ok = 0`).pluck().get({ m: runModelId }), 'prompt_results');
  }

  saveCalibration(serial: string, fingerprint: string | null, cal: GaugeCalibration, counts: { idle: number; load: number }, loadSource: string, simulated: boolean): number {
    const r = this.db
      .prepare(
        `INSERT INTO calibrations (serial, fingerprint, current_unit, current_to_amps, discharge_sign, voltage_unit, voltage_to_volts,
          idle_watts, load_watts, idle_samples, load_samples, load_source, simulated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(serial, fingerprint, cal.currentUnit, cal.currentToAmps, cal.dischargeSign, cal.voltageUnit, cal.voltageToVolts, cal.idleWatts, cal.loadWatts,
        counts.idle, counts.load, loadSource, b(simulated), cal.calibratedAt);
    return Number(r.lastInsertRowid);
  }

  latestCalibration(serial: string, fingerprint: string | null): StoredCalibration | null {
    const r = rowOrNull(this.db.prepare('SELECT * FROM calibrations WHERE serial = ? AND fingerprint IS ? ORDER BY created_at DESC, id DESC LIMIT 1').get(serial, fingerprint), 'calibrations');
    if (!r) return null;
    const sign = r.num('discharge_sign');
    return {
      id: r.num('id'),
      serial: r.str('serial'),
      fingerprint: r.strOrNull('fingerprint'),
      currentUnit: r.member('current_unit', ['uA', 'mA'] as const),
      currentToAmps: r.num('current_to_amps'),
      dischargeSign: sign < 0 ? -1 : 1,
      voltageUnit: r.member('voltage_unit', ['uV', 'mV'] as const),
      voltageToVolts: r.num('voltage_to_volts'),
      idleWatts: r.num('idle_watts'),
      loadWatts: r.num('load_watts'),
      calibratedAt: r.num('created_at'),
      loadSource: r.str('load_source'),
      loadSamples: r.numOrNull('load_samples') ?? 0,
    };
  }

  #inserter: ResultInserter | null = null;

  /** Readings taken outside a prompt (an idle baseline, a run's tail), in one transaction. */
  insertSamples(runId: string, runModelId: number | null, samples: StoredSample[], simulated: boolean): void {
    (this.#inserter ??= new ResultInserter(this.db)).insertRows(runId, runModelId, samples, simulated);
  }

  /** One prompt result and the samples that came with it, in one transaction (result-insert.ts). */
  commitPrompt(r: NewPromptResult, samples: StoredSample[]): PromptResult {
    const createdAt = Date.now();
    const id = (this.#inserter ??= new ResultInserter(this.db)).commit(r, samples, createdAt);
    const { rawJson, ...rest } = r;
    return { ...rest, id, createdAt, ...engineMarks(rawJson) };
  }

  /** Marks a stored prompt's energy as not a measurement (its energy columns are NULL already), with the reason. */
  flagEnergy(resultId: number, f: EnergyFlag): void {
    this.db
      .prepare('UPDATE prompt_results SET energy_flag = ?, energy_flag_reason = ?, flagged_energy_j = ?, flagged_net_energy_j = ? WHERE id = ?')
      .run(f.kind, f.reason, f.energyJ, f.netEnergyJ, resultId);
  }

  /** A warm-up prompt (discarded from every figure), kept for the record. */
  recordWarmup(runId: string, runModelId: number, k: number, r: { ok?: boolean; error?: string; t_start_ms: number; t_end_ms: number; time_to_first_token_ms?: number; total_time_ms?: number; decode_tokens?: number }): void {
    this.db
      .prepare('INSERT INTO warmup_results (run_id, run_model_id, k, ok, error, t_start_ms, t_end_ms, ttft_ms, total_ms, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, runModelId, k, r.ok === false ? 0 : 1, r.error ?? null, r.t_start_ms, r.t_end_ms, r.time_to_first_token_ms ?? null, r.total_time_ms ?? null, r.decode_tokens ?? null, Date.now());
  }

  insertThermal(runId: string, rows: Array<{ at: number; tMs: number | null; batteryTempC: number | null; skinTempC: number | null; thermalStatus: number | null; cpuFreqRatio: number | null }>, simulated: boolean): void {
    if (rows.length === 0) return;
    const st = this.db.prepare('INSERT INTO thermal_samples (run_id, at, t_ms, battery_temp_c, skin_temp_c, thermal_status, cpu_freq_ratio, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const t of rows) st.run(runId, t.at, t.tMs, t.batteryTempC, t.skinTempC, t.thermalStatus, t.cpuFreqRatio, b(simulated));
    })();
  }

  listRuns(filter: { serial?: string; kind?: RunKind; campaignId?: string; limit?: number } = {}): RunSummary[] {
    const filters: Array<[string, string | undefined]> = [['r.serial = ?', filter.serial], ['r.kind = ?', filter.kind], ['r.campaign_id = ?', filter.campaignId]];
    const given = filters.flatMap(([sql, v]) => (v === undefined ? [] : [{ sql, v }]));
    const where = given.map((c) => c.sql);
    const args = given.map((c) => c.v);
    const sql = `${WITH_COUNT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`;
    return this.db.prepare(sql).all(...args, filter.limit ?? 100).map((v) => toSummary(row(v, 'runs')));
  }

  getRun(id: string): RunDetail | null {
    const r = rowOrNull(this.db.prepare(`${WITH_COUNT} WHERE r.id = ?`).get(id), 'runs');
    if (!r) return null;
    const models = this.db.prepare('SELECT * FROM run_models WHERE run_id = ? ORDER BY position').all(id).map((v) => toModel(row(v, 'run_models')));
    return { ...toSummary(r), ...toConditions(r), models, warnings: r.json('warnings_json', stringArray) };
  }

  /** The runs of a campaign, in device order. */
  campaignRuns(campaignId: string): Array<{ id: string; serial: string; status: RunStatus; energyMethod: EnergyMethod | null }> {
    return this.db
      .prepare('SELECT id, serial, status, energy_method FROM runs WHERE campaign_id = ? ORDER BY created_at, rowid')
      .all(campaignId)
      .map((v) => {
        const r = row(v, 'runs');
        return { id: r.str('id'), serial: r.str('serial'), status: r.member('status', RUN_STATUSES), energyMethod: r.memberOrNull('energy_method', ENERGY_METHODS) };
      });
  }

  /** Marks a campaign's runs (and their models) still 'running' as stopped, with why (a lab process that died). */
  interruptCampaignRuns(campaignId: string, message: string, at: number): void {
    this.db.prepare(`UPDATE runs SET status = 'partial', error = ?, finished_at = ? WHERE campaign_id = ? AND status = 'running'`).run(message, at, campaignId);
    this.db.prepare(`UPDATE run_models SET status = 'partial' WHERE status = 'running' AND run_id IN (SELECT id FROM runs WHERE campaign_id = ?)`).run(campaignId);
  }

  /** Deletes runs and everything under them (results, samples, models), in one transaction. */
  deleteRuns(runIds: readonly string[]): number {
    return this.db.transaction(() => {
      let n = 0;
      // Child tables first, explicitly: keeps the cascade cheap and independent of foreign_keys.
      for (const runId of runIds) {
        for (const t of ['power_samples', 'power_sample_gaps', 'thermal_samples', 'warmup_results', 'prompt_results', 'run_models', 'measured_cache_data', 'measured_cache']) this.db.prepare(`DELETE FROM ${t} WHERE run_id = ?`).run(runId);
        n += this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes;
      }
      forgetRuns(this.db, runIds);
      return n;
    })();
  }
}

/** The key of a (prompt, repetition) cell of a run model. */
export function cellKey(promptId: string, rep: number): string {
  return `${rep}\u0000${promptId}`;
}
