/**
 * SQLite storage of runs (db/0003_runs.sql). Each prompt result is committed as it arrives, together with the
 * power samples received since the previous commit, in one transaction: a crash or an unplugged phone loses
 * nothing that was already reported.
 */
import { engineMarks } from '../runner/engine-result';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import type {
  EnergyMethod,
  PowerTimeline,
  PromptResult,
  RunDetail,
  RunKind,
  RunModelStatus,
  RunModelSummary,
  RunStatus,
  RunSummary,
} from '../../shared/runs';
import type { GaugeCalibration } from '../power/calibration';

export interface NewRun {
  id: string;
  kind: RunKind;
  serial: string;
  deviceModel: string | null;
  fingerprint: string | null;
  androidRelease: string | null;
  sdk: number | null;
  modelIds: string[];
  energyMethod: EnergyMethod | null;
  sampleHz: number | null;
  chargingState: string | null;
  screenState: string | null;
  batteryLevel: number | null;
  tempStartC: number | null;
  thermalStatusStart: number | null;
  simulated: boolean;
  options: unknown;
}

export interface StoredSample {
  source: 'fuel-gauge' | 'odpm';
  tMs: number;
  rawCurrent?: number | null;
  rawVoltage?: number | null;
  chargeCounter?: number | null;
  tempRaw?: number | null;
  watts?: number | null;
  energyJ?: number | null;
}

export type NewPromptResult = Omit<PromptResult, 'id' | 'createdAt'> & { rawJson: string | null };

export interface StoredCalibration extends GaugeCalibration {
  id: number;
  serial: string;
  fingerprint: string | null;
  loadSource: string;
}

const b = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 1 : 0);

interface RunRow {
  id: string;
  kind: RunKind;
  status: RunStatus;
  created_at: number;
  finished_at: number | null;
  serial: string;
  device_model: string | null;
  fingerprint: string | null;
  android_release: string | null;
  sdk: number | null;
  runner_version: string | null;
  engine_version: string | null;
  cactus_api: string | null;
  model_ids_json: string;
  energy_method: EnergyMethod | null;
  sample_hz: number | null;
  charging_state: string | null;
  screen_state: string | null;
  battery_level: number | null;
  temp_start_c: number | null;
  thermal_status_start: number | null;
  simulated: number;
  error: string | null;
  warnings_json: string;
  prompt_count?: number;
  campaign_id?: string | null;
}

export class RunStore {
  constructor(private readonly db: Db) {}

  createRun(r: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, kind, status, created_at, serial, device_model, fingerprint, android_release, sdk, model_ids_json,
          energy_method, sample_hz, charging_state, screen_state, battery_level, temp_start_c, thermal_status_start, simulated, options_json)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.id, r.kind, Date.now(), r.serial, r.deviceModel, r.fingerprint, r.androidRelease, r.sdk, JSON.stringify(r.modelIds),
        r.energyMethod, r.sampleHz, r.chargingState, r.screenState, r.batteryLevel, r.tempStartC, r.thermalStatusStart, b(r.simulated),
        JSON.stringify(r.options ?? null),
      );
  }

  updateRun(id: string, patch: Partial<{ runnerVersion: string; engineVersion: string; cactusApi: string; energyMethod: EnergyMethod; chargingState: string }>): void {
    const cols: Record<string, string> = { runnerVersion: 'runner_version', engineVersion: 'engine_version', cactusApi: 'cactus_api', energyMethod: 'energy_method', chargingState: 'charging_state' };
    for (const [k, v] of Object.entries(patch)) {
      const col = cols[k];
      if (col && v !== undefined) this.db.prepare(`UPDATE runs SET ${col} = ? WHERE id = ?`).run(v, id);
    }
  }

  addRunWarning(id: string, warning: string): void {
    const row = this.db.prepare('SELECT warnings_json FROM runs WHERE id = ?').get(id) as { warnings_json: string } | undefined;
    if (!row) return;
    const list = JSON.parse(row.warnings_json) as string[];
    if (list.includes(warning) || list.length >= 200) return;
    list.push(warning);
    this.db.prepare('UPDATE runs SET warnings_json = ? WHERE id = ?').run(JSON.stringify(list), id);
  }

  finishRun(id: string, status: RunStatus, error: string | null): void {
    this.db.prepare('UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, Date.now(), id);
  }

  /** Runs left 'running' by a lab that died: marked failed at start-up, their stored results kept. */
  failInterrupted(): number {
    return this.db.prepare(`UPDATE runs SET status = 'failed', error = COALESCE(error, 'The lab stopped while this run was in progress; the results stored before that are kept.'), finished_at = ? WHERE status = 'running'`).run(Date.now()).changes;
  }

  createRunModel(runId: string, position: number, modelId: string, simulated: boolean): number {
    const r = this.db
      .prepare(`INSERT INTO run_models (run_id, position, model_id, status, simulated, started_at) VALUES (?, ?, ?, 'running', ?, ?)`)
      .run(runId, position, modelId, b(simulated), Date.now());
    return Number(r.lastInsertRowid);
  }

  updateRunModel(
    id: number,
    patch: Partial<{
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
    }>,
  ): void {
    const cols: Record<string, string> = {
      status: 'status', error: 'error', loadMs: 'load_ms', rssMb: 'rss_mb', tReadyMs: 't_ready_ms', idleBaselineW: 'idle_baseline_w',
      baselineFromMs: 'baseline_from_ms', baselineToMs: 'baseline_to_ms', calibrationId: 'calibration_id', energyJ: 'energy_j',
      tFirstMs: 't_first_ms', tLastMs: 't_last_ms',
    };
    const tx = this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        if (k === 'fileHashes') this.db.prepare('UPDATE run_models SET file_hashes_json = ? WHERE id = ?').run(JSON.stringify(v), id);
        else if (k === 'warnings') this.db.prepare('UPDATE run_models SET warnings_json = ? WHERE id = ?').run(JSON.stringify(v), id);
        else if (k === 'finished') this.db.prepare('UPDATE run_models SET finished_at = ? WHERE id = ?').run(Date.now(), id);
        else if (cols[k]) this.db.prepare(`UPDATE run_models SET ${cols[k]} = ? WHERE id = ?`).run(v as number | string | null, id);
      }
    });
    tx();
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
    const row = this.db
      .prepare('SELECT * FROM calibrations WHERE serial = ? AND fingerprint IS ? ORDER BY created_at DESC, id DESC LIMIT 1')
      .get(serial, fingerprint) as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      id: row.id as number,
      serial: row.serial as string,
      fingerprint: row.fingerprint as string | null,
      currentUnit: row.current_unit as 'uA' | 'mA',
      currentToAmps: row.current_to_amps as number,
      dischargeSign: row.discharge_sign as 1 | -1,
      voltageUnit: row.voltage_unit as 'uV' | 'mV',
      voltageToVolts: row.voltage_to_volts as number,
      idleWatts: row.idle_watts as number,
      loadWatts: row.load_watts as number,
      calibratedAt: row.created_at as number,
      loadSource: row.load_source as string,
    };
  }

  #insertSamples(runId: string, runModelId: number | null, samples: StoredSample[], simulated: boolean): void {
    const st = this.#statements().insertSample;
    for (const s of samples) {
      st.run(runId, runModelId, s.source, s.tMs, s.rawCurrent ?? null, s.rawVoltage ?? null, s.chargeCounter ?? null, s.tempRaw ?? null, s.watts ?? null, s.energyJ ?? null, b(simulated));
    }
  }

  insertSamples(runId: string, runModelId: number | null, samples: StoredSample[], simulated: boolean): void {
    if (samples.length === 0) return;
    this.db.transaction(() => this.#insertSamples(runId, runModelId, samples, simulated))();
  }

  #stmts: { insertResult: Statement; insertSample: Statement } | null = null;

  #statements() {
    this.#stmts ??= {
      insertResult: this.db.prepare(
        `INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
          decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j,
          energy_method, sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled,
          response, extracted, correct, raw_json, simulated, created_at, rep, subject, answer, unparsable, throttle_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSample: this.db.prepare(
        `INSERT INTO power_samples (run_id, run_model_id, source, t_ms, raw_current, raw_voltage, charge_counter, temp_raw, watts, energy_j, simulated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    return this.#stmts;
  }

  #commitTx: ((r: NewPromptResult, samples: StoredSample[], createdAt: number) => number) | null = null;

  /** One prompt result and the samples that came with it, in one transaction. */
  commitPrompt(r: NewPromptResult, samples: StoredSample[]): PromptResult {
    const createdAt = Date.now();
    this.#commitTx ??= this.db.transaction((x: NewPromptResult, ss: StoredSample[], at: number): number => {
      const res = this.#statements().insertResult.run(
        x.runId, x.runModelId, x.index, x.promptId, x.prompt, b(x.ok), x.error, x.tStartMs, x.tEndMs, x.ttftMs, x.prefillTps, x.decodeTps,
        x.totalMs, x.prefillTokens, x.outputTokens, x.peakRamMb, x.energyJ, x.netEnergyJ, x.avgPowerW, x.energyPerTokenJ,
        x.energy?.method ?? null, x.energy?.sampleHz ?? null, x.energy?.sampleCount ?? null, x.energy?.updates ?? null, x.energy?.resolutionNote ?? null,
        x.tempStartC, x.tempEndC, x.thermalStatus, b(x.throttled), x.response, x.extracted, b(x.correct), x.rawJson, b(x.simulated), at,
        x.rep ?? null, x.subject ?? null, x.answer ?? null, b(x.unparsable), x.throttleReason ?? null,
      );
      this.#insertSamples(x.runId, x.runModelId, ss, x.simulated);
      return Number(res.lastInsertRowid);
    });
    const id = this.#commitTx(r, samples, createdAt);
    const { rawJson, ...rest } = r;
    return { ...rest, id, createdAt, ...engineMarks(rawJson) };
  }

  /** A warm-up prompt (discarded from every figure), kept for the record. */
  recordWarmup(runId: string, runModelId: number, k: number, r: { ok?: boolean; error?: string; t_start_ms: number; t_end_ms: number; time_to_first_token_ms?: number; total_time_ms?: number; decode_tokens?: number }): void {
    this.db
      .prepare('INSERT INTO warmup_results (run_id, run_model_id, k, ok, error, t_start_ms, t_end_ms, ttft_ms, total_ms, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, runModelId, k, r.ok === false ? 0 : 1, r.error ?? null, r.t_start_ms, r.t_end_ms, r.time_to_first_token_ms ?? null, r.total_time_ms ?? null, r.decode_tokens ?? null, Date.now());
  }

  insertThermal(runId: string, rows: Array<{ at: number; tMs: number | null; batteryTempC: number | null; skinTempC: number | null; thermalStatus: number | null; cpuFreqRatio: number | null }>, simulated: boolean): void {
    if (rows.length === 0) return;
    const st = this.db.prepare(
      'INSERT INTO thermal_samples (run_id, at, t_ms, battery_temp_c, skin_temp_c, thermal_status, cpu_freq_ratio, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const t of rows) st.run(runId, t.at, t.tMs, t.batteryTempC, t.skinTempC, t.thermalStatus, t.cpuFreqRatio, b(simulated));
    })();
  }

  #summary(row: RunRow): RunSummary {
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      serial: row.serial,
      deviceModel: row.device_model,
      modelIds: JSON.parse(row.model_ids_json) as string[],
      energyMethod: row.energy_method,
      simulated: row.simulated === 1,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      promptCount: row.prompt_count ?? 0,
      error: row.error,
      campaignId: row.campaign_id ?? null,
    };
  }

  listRuns(serial?: string, limit = 100): RunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT COUNT(*) FROM prompt_results p WHERE p.run_id = r.id) AS prompt_count FROM runs r
         ${serial ? 'WHERE r.serial = ?' : ''} ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
      )
      .all(...(serial ? [serial, limit] : [limit])) as RunRow[];
    return rows.map((r) => this.#summary(r));
  }

  getRun(id: string): RunDetail | null {
    const row = this.db
      .prepare('SELECT r.*, (SELECT COUNT(*) FROM prompt_results p WHERE p.run_id = r.id) AS prompt_count FROM runs r WHERE r.id = ?')
      .get(id) as RunRow | undefined;
    if (!row) return null;
    const models = (this.db.prepare('SELECT * FROM run_models WHERE run_id = ? ORDER BY position').all(id) as Array<Record<string, unknown>>).map(
      (m): RunModelSummary => ({
        id: m.id as number,
        runId: m.run_id as string,
        modelId: m.model_id as string,
        status: m.status as RunModelStatus,
        error: m.error as string | null,
        loadMs: m.load_ms as number | null,
        rssMb: m.rss_mb as number | null,
        idleBaselineW: m.idle_baseline_w as number | null,
        calibrationId: m.calibration_id as number | null,
        energyJ: m.energy_j as number | null,
        tFirstMs: m.t_first_ms as number | null,
        tLastMs: m.t_last_ms as number | null,
        fileHashes: JSON.parse(m.file_hashes_json as string) as Record<string, string>,
        warnings: JSON.parse(m.warnings_json as string) as string[],
      }),
    );
    return {
      ...this.#summary(row),
      fingerprint: row.fingerprint,
      androidRelease: row.android_release,
      runnerVersion: row.runner_version,
      engineVersion: row.engine_version,
      sampleHz: row.sample_hz,
      chargingState: row.charging_state,
      screenState: row.screen_state,
      batteryLevel: row.battery_level,
      tempStartC: row.temp_start_c,
      thermalStatusStart: row.thermal_status_start,
      models,
      warnings: JSON.parse(row.warnings_json) as string[],
    };
  }

  results(runId: string): PromptResult[] {
    const rows = this.db
      .prepare('SELECT p.*, m.model_id FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id WHERE p.run_id = ? ORDER BY p.position')
      .all(runId) as Array<Record<string, unknown>>;
    return rows.map((p) => ({
      id: p.id as number,
      runId: p.run_id as string,
      runModelId: p.run_model_id as number,
      modelId: p.model_id as string,
      index: p.position as number,
      promptId: p.prompt_id as string,
      prompt: p.prompt as string,
      ok: p.ok === 1,
      error: p.error as string | null,
      tStartMs: p.t_start_ms as number | null,
      tEndMs: p.t_end_ms as number | null,
      ttftMs: p.ttft_ms as number | null,
      prefillTps: p.prefill_tps as number | null,
      decodeTps: p.decode_tps as number | null,
      totalMs: p.total_ms as number | null,
      prefillTokens: p.prefill_tokens as number | null,
      outputTokens: p.output_tokens as number | null,
      peakRamMb: p.peak_ram_mb as number | null,
      energyJ: p.energy_j as number | null,
      netEnergyJ: p.net_energy_j as number | null,
      avgPowerW: p.avg_power_w as number | null,
      energyPerTokenJ: p.energy_per_token_j as number | null,
      energy: p.energy_method
        ? {
            method: p.energy_method as EnergyMethod,
            sampleHz: p.sample_hz as number | null,
            sampleCount: (p.sample_count as number | null) ?? 0,
            updates: (p.meter_updates as number | null) ?? 0,
            resolutionNote: p.resolution_note as string | null,
          }
        : null,
      tempStartC: p.temp_start_c as number | null,
      tempEndC: p.temp_end_c as number | null,
      thermalStatus: p.thermal_status as number | null,
      throttled: p.throttled === 1,
      throttleReason: (p.throttle_reason as string | null | undefined) ?? null,
      response: p.response as string | null,
      extracted: p.extracted as string | null,
      correct: p.correct === null ? null : p.correct === 1,
      simulated: p.simulated === 1,
      createdAt: p.created_at as number,
      rep: (p.rep as number | null) ?? null,
      subject: (p.subject as string | null) ?? null,
      answer: (p.answer as string | null) ?? null,
      unparsable: p.unparsable === null || p.unparsable === undefined ? null : p.unparsable === 1,
      ...engineMarks(p.raw_json as string | null),
    }));
  }

  samples(runId: string): Array<{ source: 'fuel-gauge' | 'odpm'; tMs: number; watts: number | null; energyJ: number | null; rawCurrent: number | null; rawVoltage: number | null; runModelId: number | null }> {
    return (this.db.prepare('SELECT source, t_ms, watts, energy_j, raw_current, raw_voltage, run_model_id FROM power_samples WHERE run_id = ? ORDER BY t_ms, id').all(runId) as Array<Record<string, unknown>>).map((r) => ({
      source: r.source as 'fuel-gauge' | 'odpm',
      tMs: r.t_ms as number,
      watts: r.watts as number | null,
      energyJ: r.energy_j as number | null,
      rawCurrent: r.raw_current as number | null,
      rawVoltage: r.raw_voltage as number | null,
      runModelId: r.run_model_id as number | null,
    }));
  }

  powerTimeline(runId: string, maxPoints = 2000): PowerTimeline | null {
    const run = this.getRun(runId);
    if (!run) return null;
    const samples = this.samples(runId);
    const method = run.energyMethod;
    let points: Array<{ t: number; watts: number }> = [];
    if (method === 'odpm') {
      const reads = samples.filter((s) => s.source === 'odpm' && s.energyJ !== null);
      for (let i = 1; i < reads.length; i++) {
        const a = reads[i - 1]!;
        const c = reads[i]!;
        if (c.tMs > a.tMs) points.push({ t: c.tMs, watts: ((c.energyJ! - a.energyJ!) * 1000) / (c.tMs - a.tMs) });
      }
    } else {
      // Fuel gauge: one point per gauge update (a change of the raw reading).
      let prev: string | null = null;
      for (const s of samples) {
        if (s.source !== 'fuel-gauge' || s.watts === null) continue;
        const key = `${s.rawCurrent}|${s.rawVoltage}`;
        if (key === prev) continue;
        prev = key;
        points.push({ t: s.tMs, watts: s.watts });
      }
    }
    if (points.length > maxPoints) {
      const bucket = Math.ceil(points.length / maxPoints);
      const out: typeof points = [];
      for (let i = 0; i < points.length; i += bucket) {
        const chunk = points.slice(i, i + bucket);
        out.push({ t: chunk.at(-1)!.t, watts: chunk.reduce((n, p) => n + p.watts, 0) / chunk.length });
      }
      points = out;
    }
    const results = this.results(runId);
    const thermal = (this.db.prepare('SELECT t_ms, at, thermal_status, battery_temp_c, skin_temp_c FROM thermal_samples WHERE run_id = ? ORDER BY at').all(runId) as Array<Record<string, number | null>>)
      .filter((r) => r.t_ms !== null)
      .map((r) => ({ t: r.t_ms!, status: r.thermal_status ?? null, tempC: r.skin_temp_c ?? r.battery_temp_c ?? null }));
    return {
      runId,
      method,
      points,
      prompts: results
        .filter((r) => r.tStartMs !== null && r.tEndMs !== null)
        .map((r) => ({ resultId: r.id, index: r.index, modelId: r.modelId, tStartMs: r.tStartMs!, tEndMs: r.tEndMs!, ok: r.ok })),
      baselines: (this.db.prepare('SELECT model_id, idle_baseline_w, baseline_from_ms, baseline_to_ms FROM run_models WHERE run_id = ? AND idle_baseline_w IS NOT NULL ORDER BY position').all(runId) as Array<Record<string, unknown>>).map((m) => ({
        modelId: m.model_id as string,
        watts: m.idle_baseline_w as number,
        tFromMs: (m.baseline_from_ms as number | null) ?? 0,
        tToMs: (m.baseline_to_ms as number | null) ?? 0,
      })),
      thermal,
    };
  }
}
