import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { RunRepository } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { matricesFromColumns } from '../../../src/main/compare/matrices';
import { trainingMatrixOf } from '../../../src/main/profiles/measured';
import { columnsOfRows, rowsOfColumns } from '../../../src/main/runs/measured-columns';
import { tempDir } from '../../helpers/temp-dir';
import { referenceMatrices, referenceRows, referenceTraining } from './measured-reference';
import { expectSameAsReference, seedLab, sizeOf } from './measured-fixtures';

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
