/**
 * The campaign detail's queries over its runs' stored results: per-model accuracy with 95 % Wilson intervals
 * (unparsable replies counted apart), TTFT / decode tok/s / total latency / energy distributions, the model x
 * subject heatmap, power and temperature timelines, and the conditions of each run. Each section is one indexed
 * scan of the campaign's runs.
 */
import type { CampaignConditions, CampaignDetail, CampaignSummary, DetailSection, ModelFigures, SubjectCell } from '../../shared/api/campaigns';
import { wilson } from '../../shared/kit/stats';
import type { MeasuredColumns } from '../runs/measured-columns';
import type { RunRepository } from '../runs/repository';
import type { ResultsRepository } from '../runs/results-repository';
import type { Db } from '../store/database';
import { cells, num, row } from '../store/rows';
import { distribution } from './distribution';
import { timeline } from './timeline-query';

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
  decodeExcluded: number;
  belowIdle: number;
  meterGap: number;
}

const FIGURES = ['ttft', 'tps', 'total', 'energy', 'perTok'] as const;
const NONE = new Float64Array(0);

const emptyAcc = (modelId: string, serial: string | null, position: number): Acc => ({
  modelId, serial, position, results: 0, scored: 0, correct: 0, unparsable: 0, failed: 0,
  ttft: NONE, tps: NONE, total: NONE, energy: NONE, perTok: NONE, grossSum: 0, grossN: 0, netSum: 0, tokSum: 0,
  decodeExcluded: 0, belowIdle: 0, meterGap: 0,
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
    decodeExcluded: g.decodeExcluded,
    belowIdle: g.belowIdle,
    meterGap: g.meterGap,
  };
}

/** Fills the run models' Accs from measured columns: counts and sums, and the five figures of every prompt that ran. */
function collect(c: MeasuredColumns, accOf: (i: number) => Acc | undefined): Map<Acc, number> {
  // First pass: how many prompts ran per Acc (the typed arrays' sizes).
  const ran = new Map<Acc, number>();
  for (let i = 0; i < c.length; i++) {
    const g = accOf(i);
    if (g && c.ok[i] === 1) ran.set(g, (ran.get(g) ?? 0) + 1);
  }
  for (const [g, n] of ran) for (const f of FIGURES) g[f] = new Float64Array(n);
  const filled = new Map<Acc, number>();
  const negativeNet = new Map<Acc, number>();
  for (let i = 0; i < c.length; i++) {
    const g = accOf(i);
    if (!g) continue;
    g.results++;
    const ok = c.ok[i] === 1;
    if (!ok) g.failed++;
    const correct = c.correct[i]!;
    if (correct !== -1) {
      g.scored++;
      g.correct += correct;
    }
    if (c.unparsable[i] === 1) g.unparsable++;
    if (!ok) continue;
    // A missing figure is NaN in the columns; every comparison with NaN is false (as with SQL's NULL).
    const n = c.outputTokens[i]!;
    const e = c.netEnergyJ[i]!;
    const gross = c.energyJ[i]!;
    if (!Number.isNaN(gross)) {
      g.grossSum += gross;
      g.grossN++;
    }
    // Net energy below zero (stored before energy flags existed) is not a measurement.
    const measured = e >= 0;
    const perToken = !Number.isNaN(n) && n !== 0;
    if (measured && perToken) {
      g.netSum += e;
      g.tokSum += n;
    }
    if (e < 0) negativeNet.set(g, (negativeNet.get(g) ?? 0) + 1);
    // A reply of <= 1 generated token has no decode step (the engine reports 0 tok/s): not a decode speed.
    if (n <= 1) g.decodeExcluded++;
    const k = filled.get(g) ?? 0;
    filled.set(g, k + 1);
    g.ttft[k] = c.ttftMs[i]!;
    g.tps[k] = n > 1 ? c.decodeTps[i]! : NaN;
    g.total[k] = c.latencyMs[i]!;
    g.energy[k] = measured ? e : NaN;
    // No per-token energy for 0 (or unknown) output tokens.
    g.perTok[k] = measured && perToken ? e / n : NaN;
  }
  return negativeNet;
}

/**
 * Per (device, model) figures, then per model pooled over devices (serial null). Read from the runs' measured
 * columns (runs/measured-reader.ts: kept in memory, persisted in db/0025's cache, else one read of the run), never
 * row by row: counts, sums and the five distributions' typed arrays in one pass (plus the flagged energy windows
 * from their partial index); then quantiles and histograms.
 */
export function modelFigures(db: Db, measured: (runIds: readonly string[]) => MeasuredColumns, runIds: string[], bins = 20): ModelFigures[] {
  if (runIds.length === 0) return [];
  const ph = placeholders(runIds.length);
  const meta = db
    .prepare(`SELECT m.id, m.run_id, m.model_id, m.position, r.serial FROM run_models m JOIN runs r ON r.id = m.run_id WHERE m.run_id IN (${ph}) ORDER BY r.created_at, r.rowid, m.position`)
    .all(...runIds);
  const groups = new Map<number, Acc>();
  const byRunModel = new Map<string, Acc>();
  for (const v of meta) {
    const r = row(v, 'run_models');
    const g = emptyAcc(r.str('model_id'), r.str('serial'), r.num('position'));
    groups.set(r.num('id'), g);
    // A run names a model once: (run, model id) is the run model the columns' rows belong to.
    const key = `${r.str('run_id')}\n${g.modelId}`;
    if (!byRunModel.has(key)) byRunModel.set(key, g);
  }
  const c = measured(runIds);
  const accs = c.runs.flatMap((run) => c.models.map((m) => byRunModel.get(`${run.runId}\n${m}`)));
  const width = c.models.length;
  const negativeNet = collect(c, (i) => accs[c.run[i]! * width + c.model[i]!]);
  // Flagged energy windows (db/0016's partial index: only flagged rows are read).
  const flags = db
    .prepare(
      `SELECT COUNT(*) FILTER (WHERE energy_flag = 'below-idle'), COUNT(*) FILTER (WHERE energy_flag = 'meter-gap')
         FROM prompt_results WHERE run_model_id = ? AND energy_flag IS NOT NULL`,
    )
    .raw();
  for (const [id, g] of groups) {
    const [belowIdle, meterGap] = cells(flags.get(id), 'prompt_results').map((x) => num(x, 'prompt_results'));
    g.belowIdle = belowIdle! + (negativeNet.get(g) ?? 0);
    g.meterGap = meterGap!;
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
      for (const k of ['results', 'scored', 'correct', 'unparsable', 'failed', 'grossSum', 'grossN', 'netSum', 'tokSum', 'decodeExcluded', 'belowIdle', 'meterGap'] as const) pooled[k] += x[k];
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
    .all(...runIds)
    .map((v) => {
      const r = row(v, 'prompt_results');
      return { model_id: r.str('model_id'), pos: r.num('pos'), subject: r.str('subject'), scored: r.num('scored'), correct: r.num('correct') };
    });
  const modelPos = new Map<string, number>();
  for (const r of rows) modelPos.set(r.model_id, Math.min(modelPos.get(r.model_id) ?? Infinity, r.pos));
  const models = [...modelPos.keys()].sort((a, b) => modelPos.get(a)! - modelPos.get(b)!);
  const subjects = [...new Set(rows.map((r) => r.subject))].sort();
  const cells: SubjectCell[] = rows.map((r) => ({ modelId: r.model_id, subject: r.subject, scored: r.scored, correct: r.correct, accuracy: r.scored ? r.correct / r.scored : null }));
  return { subjects, models, cells };
}

/** The conditions of each run and the state of its models (a run's detail, plus prompts done per model). */
export function conditions(db: Db, runs: RunRepository, runIds: readonly string[], n: number, reps: number): CampaignConditions[] {
  const count = db.prepare('SELECT run_model_id, COUNT(*) AS c FROM prompt_results WHERE run_id = ? GROUP BY run_model_id');
  return runIds.flatMap((id) => {
    const r = runs.getRun(id);
    if (!r) return [];
    const done = new Map(count.all(id).map((v) => {
      const x = row(v, 'prompt_results');
      return [x.num('run_model_id'), x.num('c')];
    }));
    return [{
      runId: id,
      serial: r.serial,
      deviceModel: r.deviceModel,
      fingerprint: r.fingerprint,
      androidRelease: r.androidRelease,
      runnerVersion: r.runnerVersion,
      engineVersion: r.engineVersion,
      energyMethod: r.energyMethod,
      sampleHz: r.sampleHz,
      chargingState: r.chargingState,
      screenState: r.screenState,
      batteryLevel: r.batteryLevel,
      tempStartC: r.tempStartC,
      thermalStatusStart: r.thermalStatusStart,
      simulated: r.simulated,
      status: r.status,
      error: r.error,
      warnings: r.warnings,
      models: r.models.map((m) => ({ modelId: m.modelId, status: m.status, error: m.error, fileHashes: m.fileHashes, loadMs: m.loadMs, idleBaselineW: m.idleBaselineW, done: done.get(m.id) ?? 0, total: n * reps })),
    }];
  });
}

/** The detail sections of a campaign over its runs. */
export class CampaignDetailRepository {
  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly results: Pick<ResultsRepository, 'measuredColumns'>,
  ) {}

  detail(summary: CampaignSummary, opts: DetailOptions = {}): CampaignDetail {
    const sections = new Set(opts.sections ?? ['models', 'subjects', 'timeline', 'conditions']);
    const runs = this.runs.campaignRuns(summary.id);
    const ids = runs.map((r) => r.id);
    const out: CampaignDetail = { campaign: summary };
    if (sections.has('models')) out.models = modelFigures(this.db, (r) => this.results.measuredColumns(r), ids, opts.bins ?? 20);
    if (sections.has('subjects')) out.subjects = subjectHeatmap(this.db, ids);
    if (sections.has('timeline')) out.timeline = timeline(this.db, runs, opts.maxPoints ?? 1000);
    if (sections.has('conditions')) out.conditions = conditions(this.db, this.runs, ids, summary.n, summary.reps);
    return out;
  }
}
