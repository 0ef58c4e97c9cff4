/**
 * Run-detail queries over a campaign's stored results: per-model accuracy with 95 % Wilson intervals (unparsable
 * replies counted apart), TTFT / decode tok/s / total latency / energy distributions, the model x subject heatmap,
 * power and temperature timelines, the conditions; exports (one row per prompt result) and the runs list.
 * Each section is one indexed scan of the campaign's device runs.
 */
import type {
  CampaignConditions,
  CampaignDetail,
  CampaignSummary,
  DetailSection,
  ModelFigures,
  SubjectCell,
  TimelineSeries,
} from '../../shared/api/campaigns';
import type { EnergyMethod, RunModelStatus } from '../../shared/runs';
import type { Db } from '../store/database';
import { toCsv as kitCsv } from '../../shared/kit/csv';
import { median as kitMedian, wilson } from '../../shared/kit/stats';
import { distribution } from './stats';
import type { CampaignStore } from './store';

export interface DetailOptions {
  sections?: DetailSection[];
  bins?: number;
  maxPoints?: number;
}

const placeholders = (n: number) => new Array<string>(n).fill('?').join(',');

interface Acc {
  modelId: string;
  serial: string | null;
  position: number;
  results: number;
  scored: number;
  correct: number;
  unparsable: number;
  failed: number;
  /** Figures of the prompts that ran (ok = 1), one entry per result; NaN where the figure is missing. */
  ttft: Float64Array;
  tps: Float64Array;
  total: Float64Array;
  energy: Float64Array;
  perTok: Float64Array;
  grossSum: number;
  grossN: number;
  netSum: number;
  tokSum: number;
}

const FIGURES = ['ttft', 'tps', 'total', 'energy', 'perTok'] as const;
const NONE = new Float64Array(0);

const emptyAcc = (modelId: string, serial: string | null, position: number): Acc => ({
  modelId, serial, position, results: 0, scored: 0, correct: 0, unparsable: 0, failed: 0,
  ttft: NONE, tps: NONE, total: NONE, energy: NONE, perTok: NONE, grossSum: 0, grossN: 0, netSum: 0, tokSum: 0,
});

function figuresOf(g: Acc, bins: number): ModelFigures {
  // distribution() skips non-finite entries (the NaNs of missing figures).
  const total = distribution(g.total, bins);
  const energy = distribution(g.energy, bins);
  return {
    modelId: g.modelId,
    serial: g.serial,
    results: g.results,
    scored: g.scored,
    correct: g.correct,
    unparsable: g.unparsable,
    failed: g.failed,
    accuracy: g.scored ? g.correct / g.scored : null,
    ci95: wilson(g.correct, g.scored),
    ttftMs: distribution(g.ttft, bins),
    decodeTps: distribution(g.tps, bins),
    totalMs: total,
    energyJ: energy,
    energyPerTokenJ: distribution(g.perTok, bins),
    meanEnergyJ: energy.mean,
    meanGrossEnergyJ: g.grossN ? g.grossSum / g.grossN : null,
    energyPerOutputTokenJ: g.tokSum > 0 ? g.netSum / g.tokSum : null,
    medianTotalMs: total.p50,
  };
}

/**
 * Reading ~1M numbers row by row into JS costs ~0.15 us each (a JS value per cell, or a JSON round trip). Instead
 * the figures go straight into typed arrays: a SQL function, registered once per connection (direct use only),
 * called once per row of the index scan with the row's five figures.
 */
const COLLECT = 'aurora_collect_figures';
let sink: { arrays: Float64Array[]; k: number } | null = null;
const collectorOn = new WeakSet<Db>();

function ensureCollector(db: Db): void {
  if (collectorOn.has(db)) return;
  const put = (i: number, k: number, v: unknown) => {
    sink!.arrays[i]![k] = typeof v === 'number' ? v : NaN;
  };
  db.function(COLLECT, { deterministic: false, directOnly: true }, (ttft: unknown, tps: unknown, total: unknown, energy: unknown, perTok: unknown) => {
    if (!sink) return null;
    const k = sink.k++;
    put(0, k, ttft);
    put(1, k, tps);
    put(2, k, total);
    put(3, k, energy);
    put(4, k, perTok);
    return null;
  });
  collectorOn.add(db);
}

/**
 * Per (device, model) figures, then per model pooled over devices (serial null). Everything is read from the
 * covering index prompt_results_model (run_model_id, position, ok, correct, ... output_tokens; db/0007), never the
 * table: per run model one aggregate (counts and sums in SQL) and one scan of the prompts that ran feeding the five
 * distributions' typed arrays; then quantiles and histograms in JS.
 */
export function modelFigures(db: Db, runIds: string[], bins = 20): ModelFigures[] {
  if (runIds.length === 0) return [];
  ensureCollector(db);
  const ph = placeholders(runIds.length);
  const meta = db
    .prepare(`SELECT m.id, m.model_id, m.position, r.serial FROM run_models m JOIN runs r ON r.id = m.run_id WHERE m.run_id IN (${ph}) ORDER BY r.created_at, r.rowid, m.position`)
    .raw()
    .all(...runIds) as Array<[number, string, number, string]>;
  const groups = new Map<number, Acc>();
  for (const [id, modelId, position, serial] of meta) groups.set(id, emptyAcc(modelId, serial, position));
  const agg = db
    .prepare(
      `SELECT COUNT(*), COALESCE(SUM(ok = 0), 0), COUNT(correct), COALESCE(SUM(correct), 0), COALESCE(SUM(unparsable = 1), 0),
              COALESCE(SUM(energy_j) FILTER (WHERE ok = 1), 0), COUNT(energy_j) FILTER (WHERE ok = 1),
              COALESCE(SUM(net_energy_j) FILTER (WHERE ok = 1 AND output_tokens <> 0), 0),
              COALESCE(SUM(output_tokens) FILTER (WHERE ok = 1 AND net_energy_j IS NOT NULL AND output_tokens <> 0), 0),
              COUNT(*) FILTER (WHERE ok = 1)
         FROM prompt_results WHERE run_model_id = ?`,
    )
    .raw();
  // Per-token energy: SQLite gives NULL for a missing figure and for 0 output tokens (no per-token energy then).
  const collect = db
    .prepare(
      `SELECT COUNT(${COLLECT}(ttft_ms, decode_tps, total_ms, net_energy_j, CAST(net_energy_j AS REAL) / output_tokens))
         FROM prompt_results WHERE run_model_id = ? AND ok = 1`,
    )
    .pluck();
  for (const [id, g] of groups) {
    const [n, failed, scored, correct, unparsable, grossSum, grossN, netSum, tokSum, ran] = agg.get(id) as number[];
    Object.assign(g, { results: n, failed, scored, correct, unparsable, grossSum, grossN, netSum, tokSum });
    if (!ran) continue;
    const arrays = FIGURES.map(() => new Float64Array(ran).fill(NaN));
    sink = { arrays, k: 0 };
    try {
      collect.get(id);
    } finally {
      sink = null;
    }
    FIGURES.forEach((f, i) => (g[f] = arrays[i]!));
  }
  const perDevice = [...groups.values()];
  const out = perDevice.map((x) => figuresOf(x, bins));
  // Pooled over devices, per model (in the first device's model order).
  const models = [...new Map(perDevice.map((x) => [x.modelId, x.position])).entries()].sort((a, c) => a[1] - c[1]).map(([m]) => m);
  for (const m of models) {
    const parts = perDevice.filter((x) => x.modelId === m);
    if (parts.length === 1) {
      out.push({ ...out[perDevice.indexOf(parts[0]!)]!, serial: null });
      continue;
    }
    const pooled = emptyAcc(m, null, parts[0]!.position);
    for (const x of parts) {
      for (const k of ['results', 'scored', 'correct', 'unparsable', 'failed', 'grossSum', 'grossN', 'netSum', 'tokSum'] as const) pooled[k] += x[k];
    }
    for (const f of FIGURES) {
      const all = new Float64Array(parts.reduce((a, x) => a + x[f].length, 0));
      let o = 0;
      for (const x of parts) {
        all.set(x[f], o);
        o += x[f].length;
      }
      pooled[f] = all;
    }
    out.push(figuresOf(pooled, bins));
  }
  return out.filter((f) => f.results > 0 || f.serial !== null);
}

/** Model x subject accuracy, pooled over devices and repetitions. */
export function subjectHeatmap(db: Db, runIds: string[]): NonNullable<CampaignDetail['subjects']> {
  if (runIds.length === 0) return { subjects: [], models: [], cells: [] };
  const rows = db
    .prepare(
      `SELECT m.model_id, MIN(m.position) AS pos, COALESCE(p.subject, 'unknown') AS subject, COUNT(p.correct) AS scored, COALESCE(SUM(p.correct), 0) AS correct
         FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id
        WHERE p.run_id IN (${placeholders(runIds.length)})
        GROUP BY m.model_id, subject`,
    )
    .all(...runIds) as Array<{ model_id: string; pos: number; subject: string; scored: number; correct: number }>;
  const modelPos = new Map<string, number>();
  for (const r of rows) modelPos.set(r.model_id, Math.min(modelPos.get(r.model_id) ?? Infinity, r.pos));
  const models = [...modelPos.keys()].sort((a, b) => modelPos.get(a)! - modelPos.get(b)!);
  const subjects = [...new Set(rows.map((r) => r.subject))].sort();
  const cells: SubjectCell[] = rows.map((r) => ({ modelId: r.model_id, subject: r.subject, scored: r.scored, correct: r.correct, accuracy: r.scored ? r.correct / r.scored : null }));
  return { subjects, models, cells };
}

/**
 * Power and temperature over time per device run, at most `maxPoints` points each, with model boundaries. The
 * series is read at `maxPoints` evenly spaced instants through the (run_id, t_ms) index, never scanning every
 * sample: for ODPM the cumulative energy between two instants gives the exact mean power of the interval (a
 * counter reset, i.e. a new runner session, is skipped); for the fuel gauge each point is the reading at its instant.
 */
export function timeline(db: Db, runs: Array<{ id: string; serial: string }>, maxPoints = 1000): TimelineSeries[] {
  return runs.map((run) => {
    const method = db.prepare('SELECT energy_method FROM runs WHERE id = ?').pluck().get(run.id) as EnergyMethod | null;
    const source = method === 'odpm' ? 'odpm' : 'fuel-gauge';
    const col = source === 'odpm' ? 'energy_j' : 'watts';
    const range = db.prepare(`SELECT MIN(t_ms), MAX(t_ms) FROM power_samples WHERE run_id = ?`).raw().get(run.id) as [number | null, number | null];
    const at = db.prepare(`SELECT t_ms, ${col} FROM power_samples WHERE run_id = ? AND t_ms >= ? AND source = ? AND ${col} IS NOT NULL ORDER BY t_ms LIMIT 1`).raw();
    const power: Array<{ t: number; watts: number }> = [];
    const [t0, t1] = range;
    if (t0 !== null && t1 !== null) {
      const steps = Math.max(1, Math.min(maxPoints, Math.round(t1 - t0)));
      let prev: [number, number] | null = null;
      for (let i = 0; i <= steps; i++) {
        const row = at.get(run.id, t0 + ((t1 - t0) * i) / steps, source) as [number, number] | undefined;
        if (!row || (prev && row[0] === prev[0])) continue;
        if (source === 'odpm') {
          if (prev && row[0] > prev[0] && row[1] >= prev[1]) power.push({ t: row[0], watts: ((row[1] - prev[1]) * 1000) / (row[0] - prev[0]) });
        } else power.push({ t: row[0], watts: row[1] });
        prev = row;
      }
    }
    const thRange = db.prepare('SELECT COUNT(*), MIN(at), MAX(at) FROM thermal_samples WHERE run_id = ?').raw().get(run.id) as [number, number | null, number | null];
    let thermal: TimelineSeries['thermal'] = [];
    const thAt = db.prepare('SELECT at, t_ms, thermal_status, skin_temp_c, battery_temp_c FROM thermal_samples WHERE run_id = ? AND at >= ? AND t_ms IS NOT NULL ORDER BY at LIMIT 1').raw();
    if (thRange[0] > 0 && thRange[1] !== null && thRange[2] !== null) {
      const steps = Math.min(maxPoints, thRange[0]);
      let last: number | null = null;
      for (let i = 0; i <= steps; i++) {
        const row = thAt.get(run.id, thRange[1] + ((thRange[2] - thRange[1]) * i) / steps) as [number, number, number | null, number | null, number | null] | undefined;
        if (!row || row[0] === last) continue;
        last = row[0];
        thermal.push({ t: row[1], status: row[2], tempC: row[3] ?? row[4] });
      }
    }
    thermal = thermal.slice(0, maxPoints);
    const models = (db.prepare('SELECT model_id, t_first_ms, t_last_ms FROM run_models WHERE run_id = ? ORDER BY position').all(run.id) as Array<{ model_id: string; t_first_ms: number | null; t_last_ms: number | null }>).map((m) => ({
      modelId: m.model_id,
      tFromMs: m.t_first_ms,
      tToMs: m.t_last_ms,
    }));
    return { serial: run.serial, runId: run.id, power: power.slice(0, maxPoints), thermal, models };
  });
}

/** The conditions of each device run and the state of its models. */
export function conditions(db: Db, runIds: string[], n: number, reps: number): CampaignConditions[] {
  return runIds.map((id) => {
    const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown>;
    const counts = new Map(
      (db.prepare('SELECT run_model_id, COUNT(*) AS c FROM prompt_results WHERE run_id = ? GROUP BY run_model_id').all(id) as Array<{ run_model_id: number; c: number }>).map((x) => [x.run_model_id, x.c]),
    );
    const models = (db.prepare('SELECT * FROM run_models WHERE run_id = ? ORDER BY position').all(id) as Array<Record<string, unknown>>).map((m) => ({
      modelId: m.model_id as string,
      status: m.status as RunModelStatus,
      error: m.error as string | null,
      fileHashes: JSON.parse(m.file_hashes_json as string) as Record<string, string>,
      loadMs: m.load_ms as number | null,
      idleBaselineW: m.idle_baseline_w as number | null,
      done: counts.get(m.id as number) ?? 0,
      total: n * reps,
    }));
    return {
      runId: id,
      serial: r.serial as string,
      deviceModel: r.device_model as string | null,
      fingerprint: r.fingerprint as string | null,
      androidRelease: r.android_release as string | null,
      runnerVersion: r.runner_version as string | null,
      engineVersion: r.engine_version as string | null,
      energyMethod: r.energy_method as EnergyMethod | null,
      sampleHz: r.sample_hz as number | null,
      chargingState: r.charging_state as string | null,
      screenState: r.screen_state as string | null,
      batteryLevel: r.battery_level as number | null,
      tempStartC: r.temp_start_c as number | null,
      thermalStatusStart: r.thermal_status_start as number | null,
      simulated: r.simulated === 1,
      status: r.status as string,
      error: r.error as string | null,
      warnings: JSON.parse(r.warnings_json as string) as string[],
      models,
    };
  });
}

export function campaignDetail(store: CampaignStore, summary: CampaignSummary, opts: DetailOptions = {}): CampaignDetail {
  const db = store.db;
  const sections = new Set(opts.sections ?? ['models', 'subjects', 'timeline', 'conditions']);
  const runs = store.runs(summary.id);
  const ids = runs.map((r) => r.id);
  const out: CampaignDetail = { campaign: summary };
  if (sections.has('models')) out.models = modelFigures(db, ids, opts.bins ?? 20);
  if (sections.has('subjects')) out.subjects = subjectHeatmap(db, ids);
  if (sections.has('timeline')) out.timeline = timeline(db, runs, opts.maxPoints ?? 1000);
  if (sections.has('conditions')) out.conditions = conditions(db, ids, summary.n, summary.reps);
  return out;
}

/** Export columns, in order (one row per prompt result). */
export const EXPORT_COLUMNS = [
  'campaign_id', 'run_id', 'serial', 'device_model', 'model_id', 'rep', 'position', 'prompt_id', 'subject', 'answer', 'extracted',
  'correct', 'unparsable', 'ok', 'error', 'ttft_ms', 'prefill_tps', 'decode_tps', 'total_ms', 'prefill_tokens', 'output_tokens',
  'peak_ram_mb', 'energy_j', 'net_energy_j', 'energy_per_token_j', 'avg_power_w', 'energy_method', 'meter_updates', 'temp_start_c',
  'temp_end_c', 'thermal_status', 'throttled', 'simulated', 'response', 'prompt',
] as const;
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

export function exportRows(db: Db, campaignId: string, runIds: string[]): ExportRow[] {
  const st = db.prepare(
    `SELECT ? AS campaign_id, p.run_id, r.serial, r.device_model, m.model_id, p.rep, p.position, p.prompt_id, p.subject, p.answer, p.extracted,
       p.correct, p.unparsable, p.ok, p.error, p.ttft_ms, p.prefill_tps, p.decode_tps, p.total_ms, p.prefill_tokens, p.output_tokens,
       p.peak_ram_mb, p.energy_j, p.net_energy_j, p.energy_per_token_j, p.avg_power_w, p.energy_method, p.meter_updates, p.temp_start_c,
       p.temp_end_c, p.thermal_status, p.throttled, p.simulated, p.response, p.prompt
     FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id JOIN runs r ON r.id = p.run_id
     WHERE p.run_id = ? ORDER BY p.position`,
  );
  return runIds.flatMap((id) => st.all(campaignId, id) as ExportRow[]);
}

/** RFC 4180 CSV with a header row (the kit's writer); NULL is an empty field. */
export function toCsv(rows: ExportRow[]): string {
  return kitCsv(EXPORT_COLUMNS, rows.map((r) => EXPORT_COLUMNS.map((c) => r[c])));
}

export interface ListFilter {
  serial?: string;
  modelId?: string;
  status?: string;
  dataset?: string;
  n?: number;
  simulated?: boolean;
  sort?: 'created' | 'duration' | 'energy' | 'n' | 'status' | 'dataset';
  order?: 'asc' | 'desc';
  limit?: number;
}

export function filterAndSort(list: CampaignSummary[], f: ListFilter): CampaignSummary[] {
  let out = list.filter(
    (c) =>
      (f.serial === undefined || c.serials.includes(f.serial)) &&
      (f.modelId === undefined || c.modelIds.includes(f.modelId)) &&
      (f.status === undefined || c.status === f.status) &&
      (f.dataset === undefined || c.dataset.includes(f.dataset) || c.setName.includes(f.dataset)) &&
      (f.n === undefined || c.n === f.n) &&
      (f.simulated === undefined || c.simulated === f.simulated),
  );
  const key: Record<NonNullable<ListFilter['sort']>, (c: CampaignSummary) => number | string> = {
    created: (c) => c.createdAt,
    duration: (c) => c.durationMs ?? -1,
    energy: (c) => c.energyJ ?? -1,
    n: (c) => c.n,
    status: (c) => c.status,
    dataset: (c) => c.setName,
  };
  const k = key[f.sort ?? 'created'];
  const dir = (f.order ?? (f.sort === undefined || f.sort === 'created' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  out = [...out].sort((a, b) => {
    const x = k(a);
    const y = k(b);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
  return out.slice(0, f.limit ?? 200);
}

/** Median of a list (used by the CLI summary). */
export const median = kitMedian;
