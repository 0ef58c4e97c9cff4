/** The campaign detail's queries against hand-computed values on a small stored campaign (real SQLite, real migrations). */
import { afterEach, describe, expect, it } from 'vitest';
import { type Db } from '../../../src/main/store/database';
import { RunRepository, type NewPromptResult } from '../../../src/main/runs/repository';
import { ResultsRepository, EXPORT_COLUMNS } from '../../../src/main/runs/results-repository';
import { exportTable } from '../../../src/main/runs/exports';
import { CampaignRepository } from '../../../src/main/campaigns/repository';
import { CampaignDetailRepository } from '../../../src/main/campaigns/detail-repository';
import { filterAndSort } from '../../../src/main/campaigns/list';
import { distribution } from '../../../src/main/campaigns/distribution';
import { wilson } from '../../../src/shared/kit/stats';
import { parseCsv } from '../../../src/main/datasets/csv';
import { tempDatabase } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface Cell { model: 0 | 1; prompt: string; subject: string; correct: 0 | 1 | null; unparsable?: boolean; ok?: boolean; total: number | null; ttft?: number; tps?: number; net?: number; gross?: number; tokens?: number; response?: string }

interface Stored {
  db: Db;
  store: CampaignRepository;
  runs: RunRepository;
  details: CampaignDetailRepository;
  id: string;
  runId: string;
}

function storedRun(cells: Cell[]): Stored {
  const { db, cleanup } = tempDatabase();
  cleanups.push(cleanup);
  const runs = new RunRepository(db);
  const store = new CampaignRepository(db, runs);
  const id = 'campaign-1';
  store.create(
    { id, dataset: 'starter', setName: 'starter', setFingerprint: 'f', selectionFingerprint: 's', fingerprintVersion: 'v', promptTemplateVersion: 'p', setSize: 10, n: 4, reps: 1, seed: 'x', warmup: 0, serials: ['S1'], modelIds: ['a', 'b'], options: {}, total: 8, simulated: true, items: [] },
    { pid: process.pid, host: 'h' },
  );
  const runId = 'run-00000001';
  runs.createRun({ id: runId, kind: 'campaign', campaignId: id, serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a', 'b'], energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  runs.createRunModels(runId, ['a', 'b'], true, 'pending');
  const models = runs.runModels(runId);
  cells.forEach((c, i) => {
    const r: NewPromptResult = {
      runId, runModelId: models[c.model]!.id, modelId: c.model === 0 ? 'a' : 'b', index: i, promptId: c.prompt, prompt: `Question ${c.prompt}?`, ok: c.ok !== false, error: c.ok === false ? 'runner crashed' : null,
      tStartMs: i * 1000, tEndMs: i * 1000 + 500, ttftMs: c.ttft ?? null, prefillTps: null, decodeTps: c.tps ?? null, totalMs: c.total, prefillTokens: null, outputTokens: c.tokens ?? null,
      peakRamMb: null, energyJ: c.gross ?? null, netEnergyJ: c.net ?? null, avgPowerW: null, energyPerTokenJ: null, energy: null, tempStartC: null, tempEndC: null, thermalStatus: null, throttled: false,
      response: c.response ?? 'The answer is A.', extracted: 'A', correct: c.correct === null ? null : c.correct === 1, simulated: true, rawJson: null, rep: 0, subject: c.subject, answer: 'A', unparsable: c.unparsable ?? false,
    };
    runs.commitPrompt(r, [{ source: 'odpm', tMs: i * 1000, energyJ: i * 2 }]);
  });
  store.finish(id, 'done', null);
  return { db, store, runs, details: new CampaignDetailRepository(db, runs, new ResultsRepository(db)), id, runId };
}

const CELLS: Cell[] = [
  { model: 0, prompt: 'p1', subject: 'x', correct: 1, total: 100, ttft: 10, tps: 5, net: 1, gross: 2, tokens: 10, response: 'A, "quoted"\nsecond line' },
  { model: 0, prompt: 'p2', subject: 'x', correct: 1, total: 200, ttft: 20, tps: 10, net: 2, gross: 3, tokens: 10 },
  { model: 0, prompt: 'p3', subject: 'y', correct: 0, total: 300, ttft: 30, tps: 15, net: 3, gross: 4, tokens: 20 },
  { model: 0, prompt: 'p4', subject: 'y', correct: 0, unparsable: true, total: 400, ttft: 40, tps: 20, net: 4, gross: 5, tokens: 20 },
  { model: 1, prompt: 'p1', subject: 'x', correct: 1, total: 50, ttft: 5, tps: 50, net: 0.5, gross: 1, tokens: 5 },
  { model: 1, prompt: 'p2', subject: 'y', correct: null, ok: false, total: null },
];

describe('statistics', () => {
  it('Wilson 95% intervals (the kit\'s) match the textbook values', () => {
    expect(wilson(2, 4)![0]).toBeCloseTo(0.150039, 5);
    expect(wilson(2, 4)![1]).toBeCloseTo(0.849961, 5);
    expect(wilson(1, 1)![0]).toBeCloseTo(0.206549, 5);
    expect(wilson(1, 1)![1]).toBe(1);
    expect(wilson(0, 0)).toBeNull();
  });
  it('quantiles interpolate between ranks; histogram bins cover [min, max]', () => {
    const d = distribution([400, 100, 300, 200], 3);
    expect(d).toMatchObject({ n: 4, min: 100, max: 400, mean: 250, p50: 250, p90: 370 });
    expect(d.p10).toBeCloseTo(130, 9);
    expect(d.bins.map((b) => b.count)).toEqual([1, 1, 2]);
    expect(d.bins[0]!.lo).toBe(100);
    expect(d.bins[2]!.hi).toBe(400);
    expect(distribution([NaN, 7], 5)).toMatchObject({ n: 1, p50: 7, bins: [{ lo: 7, hi: 7, count: 1 }] });
  });
});

describe('campaign detail on a small stored campaign', () => {
  it('per-model accuracy (unparsable apart), distributions and energy per token', () => {
    const { store, details, id } = storedRun(CELLS);
    const d = details.detail(store.summaries([id])[0]!, { bins: 3 });
    const a = d.models!.find((m) => m.modelId === 'a' && m.serial === 'S1')!;
    expect(a).toMatchObject({ results: 4, scored: 4, correct: 2, unparsable: 1, failed: 0, accuracy: 0.5, medianTotalMs: 250, meanEnergyJ: 2.5, meanGrossEnergyJ: 3.5 });
    expect(a.ci95![0]).toBeCloseTo(0.150039, 5);
    expect(a.totalMs.bins.map((b) => b.count)).toEqual([1, 1, 2]);
    expect(a.ttftMs).toMatchObject({ p50: 25, min: 10, max: 40 });
    expect(a.decodeTps.p50).toBe(12.5);
    expect(a.energyPerOutputTokenJ).toBeCloseTo(10 / 60, 12);
    expect(a.energyPerTokenJ.p50).toBeCloseTo(0.175, 12); // per prompt: 0.1, 0.2, 0.15, 0.2
    const b = d.models!.find((m) => m.modelId === 'b' && m.serial === 'S1')!;
    expect(b).toMatchObject({ results: 2, scored: 1, correct: 1, failed: 1, accuracy: 1 });
    expect(b.totalMs.n).toBe(1);
    // One device: the pooled rows equal the device rows.
    expect(d.models!.filter((m) => m.serial === null).map((m) => [m.modelId, m.results, m.correct])).toEqual([['a', 4, 2], ['b', 2, 1]]);
  });

  it('model x subject heatmap, conditions and the measured matrix', () => {
    const { db, store, details, id, runId } = storedRun(CELLS);
    const d = details.detail(store.summaries([id])[0]!);
    expect(d.subjects!.subjects).toEqual(['x', 'y']);
    expect(d.subjects!.models).toEqual(['a', 'b']);
    const cell = (m: string, s: string) => d.subjects!.cells.find((c) => c.modelId === m && c.subject === s);
    expect(cell('a', 'x')).toMatchObject({ scored: 2, correct: 2, accuracy: 1 });
    expect(cell('a', 'y')).toMatchObject({ scored: 2, correct: 0, accuracy: 0 });
    expect(cell('b', 'y')).toMatchObject({ scored: 0, accuracy: null });
    expect(d.conditions![0]).toMatchObject({ serial: 'S1', deviceModel: 'Pixel 8 Pro', energyMethod: 'odpm', androidRelease: '14', models: [{ modelId: 'a', done: 4, total: 4 }, { modelId: 'b', done: 2, total: 4 }] });
    expect(d.timeline![0]!.power.length).toBe(5); // 6 cumulative ODPM reads -> 5 intervals
    const rows = new ResultsRepository(db).measuredRows([runId]);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toMatchObject({ modelId: 'a', promptId: 'p4', subject: 'y', rep: 0, correct: false, unparsable: true, latencyMs: 400, ttftMs: 40, decodeTps: 20, energyJ: 5, netEnergyJ: 4, outputTokens: 20, simulated: true, serial: 'S1' });
    expect(rows[5]).toMatchObject({ modelId: 'b', ok: false, correct: null });
  });

  it('exports CSV and JSON that round-trip, then deletes everything under the run', () => {
    const { db, store, id, runId } = storedRun(CELLS);
    const rows = new ResultsRepository(db).exportRows([runId]);
    const back = parseCsv(exportTable(rows, 'csv'), 'x.csv');
    expect(back[0]!.fields).toEqual([...EXPORT_COLUMNS]);
    expect(back).toHaveLength(7);
    const json = JSON.parse(exportTable(rows, 'json')) as Array<Record<string, string | number | null>>;
    back.slice(1).forEach((r, i) => EXPORT_COLUMNS.forEach((c, j) => expect(r.fields[j]).toBe(json[i]![c] === null ? '' : String(json[i]![c]))));
    expect(back[1]!.fields[EXPORT_COLUMNS.indexOf('response')]).toBe('A, "quoted"\nsecond line');
    expect(json.every((r) => r.simulated === 1 && r.campaign_id === id)).toBe(true);

    const list = filterAndSort(store.summaries(), { simulated: true, sort: 'energy' });
    expect(list[0]).toMatchObject({ id, done: 6, total: 8, energyJ: 15, status: 'done', runIds: [runId] });
    expect(store.delete(id)).toBe(true);
    for (const t of ['campaigns', 'campaign_prompts', 'runs', 'run_models', 'prompt_results', 'power_samples']) expect(db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()).toBe(0);
  });

  it('refuses a duplicate (run, model, prompt, rep) cell', () => {
    const { db, runId } = storedRun(CELLS.slice(0, 1));
    const m = db.prepare('SELECT id FROM run_models WHERE run_id = ? AND position = 0').pluck().get(runId);
    expect(() => db.prepare("INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, simulated, created_at, rep) VALUES (?, ?, 99, 'p1', 'q', 1, 1, 0, 0)").run(runId, m)).toThrow(/UNIQUE/);
  });
});

describe('figures leave out what is not a measurement', () => {
  it('one-token replies are out of decode tok/s (counted), flagged and negative-net windows out of net energy (counted)', () => {
    const s = storedRun([
      { model: 0, prompt: 'p1', subject: 'x', correct: 1, total: 100, tps: 50, net: 1, gross: 2, tokens: 10 },
      { model: 0, prompt: 'p2', subject: 'x', correct: 1, total: 100, tps: 0, net: 0.5, gross: 1.5, tokens: 1 },
      { model: 0, prompt: 'p3', subject: 'x', correct: 0, total: 100, tps: 60, net: -0.2, gross: 0.8, tokens: 10 },
      { model: 0, prompt: 'p4', subject: 'x', correct: 0, total: 100, tps: 70, tokens: 10 },
    ]);
    // p4's window spanned a meter gap: stored with NULL energy and the flag (as the measuring step does).
    const p4 = s.db.prepare("SELECT id FROM prompt_results WHERE prompt_id = 'p4'").pluck().get() as number;
    s.runs.flagEnergy(p4, { kind: 'meter-gap', reason: 'gap', energyJ: 3, netEnergyJ: 2 });
    const a = s.details.detail(s.store.summaries([s.id])[0]!, { sections: ['models'] }).models!.find((m) => m.modelId === 'a' && m.serial === 'S1')!;
    expect(a.decodeExcluded).toBe(1);
    expect(a.decodeTps).toMatchObject({ n: 3, min: 50, p50: 60 });
    expect(a.belowIdle).toBe(1);
    expect(a.meterGap).toBe(1);
    expect(a.energyJ.n).toBe(2);
    expect(a.energyJ.min).toBe(0.5);
    expect(new ResultsRepository(s.db).results(s.runId)[3]!.energyFlag).toEqual({ kind: 'meter-gap', reason: 'gap', energyJ: 3, netEnergyJ: 2 });
    // The CSV/JSON export says why p4's energy cells are empty.
    const exported = JSON.parse(exportTable(new ResultsRepository(s.db).exportRows([s.runId]), 'json')) as Array<Record<string, string | number | null>>;
    expect(exported[3]).toMatchObject({ prompt_id: 'p4', energy_j: null, energy_flag: 'meter-gap', energy_flag_reason: 'gap', flagged_energy_j: 3, flagged_net_energy_j: 2 });
    expect(exported[0]).toMatchObject({ prompt_id: 'p1', energy_j: 2, energy_flag: null });
  });
});

describe('figures of a model with more results than one collecting buffer (1,024)', () => {
  it('every result reaches the distributions, in order, and the counts', () => {
    const cells: Cell[] = Array.from({ length: 2_500 }, (_, i) => ({ model: 0, prompt: `p${i}`, subject: 'x', correct: i % 3 === 0 ? 1 : 0, total: i + 1, ttft: 1, tps: 10, net: 1, gross: 2, tokens: 2 }));
    const s = storedRun(cells);
    const a = s.details.detail(s.store.summaries([s.id])[0]!, { sections: ['models'] }).models!.find((m) => m.modelId === 'a' && m.serial === 'S1')!;
    expect(a).toMatchObject({ results: 2_500, scored: 2_500, correct: 834 });
    expect(a.totalMs).toMatchObject({ n: 2_500, min: 1, max: 2_500, p50: 1_250.5, mean: 1_250.5 });
    expect(a.energyPerTokenJ).toMatchObject({ n: 2_500, p50: 0.5 });
  });
});
