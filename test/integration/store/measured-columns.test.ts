import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { RunRepository, type NewPromptResult } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { loadRunMatrices, matricesFromColumns } from '../../../src/main/compare/matrices';
import { trainingMatrixOf } from '../../../src/main/profiles/measured';
import { columnsOfRows, rowsOfColumns } from '../../../src/main/runs/measured-columns';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { tempDir } from '../../helpers/temp-dir';
import { referenceMatrices, referenceRows, referenceTraining } from './measured-reference';

// Catalogue models (the profile's training matrix needs their sizes).
const MODELS = ['gemma-270m', 'qwen-600m', 'lfm2-vl-1.6b'];
const sizeOf = (id: string) => ({ 'gemma-270m': 172, 'qwen-600m': 394, 'lfm2-vl-1.6b': 1440 })[id];

let cleanup: (() => void) | null = null;
let db: Db | null = null;
afterEach(() => {
  db?.close();
  cleanup?.();
  db = null;
});

function open(): Db {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.path, 'lab.sqlite'));
  return db;
}

/** A campaign-like run: every model x prompt x rep in a seeded order, with failed, unscored and unmetered results. */
function storeRun(d: Db, id: string, serial: string, deviceModel: string | null, opts: { seed: number; prompts: number; reps: number; simulated: boolean; textOf?: (p: number) => string }): number[] {
  const runs = new RunRepository(d);
  runs.createRun({
    id, kind: 'campaign', serial, deviceModel, fingerprint: null, androidRelease: '15', sdk: 35, modelIds: MODELS, energyMethod: 'odpm', sampleHz: 20,
    chargingState: 'discharging', screenState: 'off', batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: opts.simulated, options: {},
  });
  const ids = runs.createRunModels(id, MODELS, opts.simulated, 'running');
  const rand = mulberry32(opts.seed).next;
  const cells: Array<[number, number, number]> = [];
  for (let m = 0; m < MODELS.length; m++) for (let r = 0; r < opts.reps; r++) for (let p = 0; p < opts.prompts; p++) cells.push([m, r, p]);
  // Stored out of position order (positions shuffled): the readers must order them.
  const positions = cells.map((_, i) => i).sort(() => rand() - 0.5);
  cells.forEach(([m, rep, p], i) => {
    const ok = rand() > 0.1;
    const scored = ok && rand() > 0.1;
    const metered = rand() > 0.2;
    const pid = p % 5 === 0 ? `custom/${p}` : `mmlu/subject_${p % 3}/test/${p}`;
    const r: NewPromptResult = {
      runId: id, runModelId: ids[m]!, modelId: MODELS[m]!, index: positions[i]!, promptId: pid, prompt: opts.textOf?.(p) ?? `Question ${p}?`, ok, error: ok ? null : 'timeout',
      tStartMs: i * 1000, tEndMs: i * 1000 + 500, ttftMs: ok ? rand() * 50 : null, prefillTps: null, decodeTps: ok ? 10 + rand() * 30 : null,
      totalMs: ok ? Math.round(rand() * 2000) : null, prefillTokens: null, outputTokens: ok ? 1 + Math.floor(rand() * 40) : null, peakRamMb: ok ? 300 + rand() * 500 : null,
      energyJ: ok && metered ? rand() * 3 : null, netEnergyJ: ok && metered && rand() > 0.3 ? rand() * 2 : null, avgPowerW: null, energyPerTokenJ: null,
      energy: ok && metered ? { method: rand() > 0.5 ? 'odpm' : 'fuel-gauge', sampleHz: 20, sampleCount: 10, updates: 10, resolutionNote: null } : null,
      tempStartC: null, tempEndC: null, thermalStatus: null, throttled: false, response: ok ? 'B' : null, extracted: scored ? 'B' : null,
      correct: scored ? rand() > 0.4 : null, simulated: opts.simulated, rawJson: null, rep, subject: p % 4 === 0 ? null : `subject_${p % 3}`, answer: 'B',
      unparsable: scored ? rand() > 0.9 : null,
    };
    runs.commitPrompt(r, []);
  });
  runs.setStatus(id, 'done', null);
  return ids;
}

function seedLab(d: Db): string[] {
  storeRun(d, 'run-a', 'P1', 'Pixel 8 Pro', { seed: 1, prompts: 40, reps: 3, simulated: false });
  // Same phone again (pooled with run-a by device), one prompt's text differing, and one run model deleted under it.
  const b = storeRun(d, 'run-b', 'P1', 'Pixel 8 Pro', { seed: 2, prompts: 30, reps: 1, simulated: false, textOf: (p) => (p === 7 ? 'Question 7, reworded?' : `Question ${p}?`) });
  d.pragma('foreign_keys = OFF');
  d.prepare('DELETE FROM run_models WHERE id = ?').run(b[1]);
  d.pragma('foreign_keys = ON');
  storeRun(d, 'run-c', 'V1', null, { seed: 3, prompts: 25, reps: 2, simulated: true });
  return ['run-a', 'run-b', 'run-c'];
}

function expectSameAsReference(d: Db, results: ResultsRepository, ids: string[]): void {
  const runs = new RunRepository(d);
  const ref = referenceRows(d, ids);
  expect(ref.some((r) => !r.ok) && ref.some((r) => r.ok && r.correct === null) && ref.some((r) => r.rep > 0)).toBe(true);
  expect(results.measuredRows(ids)).toEqual(ref);
  const infos = ids.map((id) => runs.getRun(id)!);
  for (const groupBy of ['device', 'run'] as const) {
    for (const energy of ['gross', 'net'] as const) {
      const opts = { groupBy, energy, sizeOf };
      expect(loadRunMatrices({ runs, results }, ids, opts)).toEqual(referenceMatrices(infos, ref, opts));
    }
  }
  expect(trainingMatrixOf(infos, results.measuredColumns(ids))).toEqual(referenceTraining(infos, ref));
}

describe('measured rows as columns (issue 14)', () => {
  it('give the same rows, comparison matrices and training matrix as the row path: failed, unscored, runs pooled, reps, a deleted run model', () => {
    const d = open();
    const ids = seedLab(d);
    const results = new ResultsRepository(d);
    expectSameAsReference(d, results, ids);
    // Runs in another order, one twice; an unknown id gives no rows.
    expectSameAsReference(d, results, ['run-c', 'run-a', 'run-a']);
    expect(results.measuredRows(['nope', 'run-c'])).toEqual(referenceRows(d, ['run-c']));
    // Rows made into columns (as other loaders would) give the same matrices.
    const ref = referenceRows(d, ids);
    const runs = new RunRepository(d);
    const infos = ids.map((id) => runs.getRun(id)!);
    expect(matricesFromColumns(infos, columnsOfRows(ref), { sizeOf })).toEqual(referenceMatrices(infos, ref, { sizeOf }));
    expect(trainingMatrixOf(infos, columnsOfRows(ref))).toEqual(referenceTraining(infos, ref));
    expect(rowsOfColumns(columnsOfRows(ref))).toEqual(ref);
  });

  it('reuses a run read before until it changes: appended results, an edited one, a removed run model, a deleted run', () => {
    const d = open();
    const ids = seedLab(d);
    const results = new ResultsRepository(d);
    const runs = new RunRepository(d);
    const first = results.measuredColumns(['run-a']);
    expect(results.measuredColumns(['run-a']).latencyMs).toBe(first.latencyMs);
    // Nothing changed in run-a: the kept columns (the same arrays), even after another run got a result.
    const other = results.results('run-c')[0]!;
    runs.commitPrompt({ ...other, index: 10_000, promptId: 'late/0', prompt: 'Late?', rep: 0, rawJson: null }, []);
    expect(results.measuredColumns(['run-a']).latencyMs).toBe(first.latencyMs);
    expectSameAsReference(d, results, ids);
    // A result appended to the run.
    const models = runs.runModels('run-a');
    const extra = results.results('run-a')[0]!;
    runs.commitPrompt({ ...extra, index: 10_000, promptId: 'late/1', prompt: 'Late?', rep: 0, rawJson: null }, []);
    const appended = results.measuredColumns(['run-a']);
    expect(appended.length).toBe(first.length + 1);
    expect(first.length).toBe(referenceRows(d, ['run-a']).length - 1); // what was handed out before is not changed
    expectSameAsReference(d, results, ids);
    // Appended before the last position: read alone, then put in position order.
    runs.commitPrompt({ ...extra, index: 5_000, promptId: 'late/2', prompt: 'Later?', rep: 0, rawJson: null }, []);
    runs.commitPrompt({ ...extra, index: 5_001, promptId: 'late/1', prompt: 'Late?', rep: 1, rawJson: null }, []);
    expect(results.measuredColumns(['run-a']).length).toBe(first.length + 3);
    expectSameAsReference(d, results, ids);
    // An edit (any column of a result), a run model removed, a run deleted.
    d.prepare(`UPDATE prompt_results SET total_ms = 1 WHERE run_id = 'run-a' AND position = 0`).run();
    expectSameAsReference(d, results, ids);
    d.pragma('foreign_keys = OFF');
    d.prepare('DELETE FROM run_models WHERE id = ?').run(models[2]!.id);
    d.pragma('foreign_keys = ON');
    expectSameAsReference(d, results, ids);
    runs.deleteRuns(['run-c']);
    expect(results.measuredRows(['run-c'])).toEqual([]);
    expectSameAsReference(d, results, ['run-a', 'run-b']);
  });
});
