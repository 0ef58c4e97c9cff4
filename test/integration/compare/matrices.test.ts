import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/store/database';
import type { Db } from '../../../src/main/store/database';
import { loadRunMatrices } from '../../../src/main/compare/matrices';
import { catalogueEntry } from '../../../src/main/runner/models';
import { getCell, summarizeMatrix } from '../../../src/main/strategies/matrix';
import { tempDir } from '../../helpers/temp-dir';
import { LARGE, MID, SMALL, storeRun, matrixSource } from './fixture';

// Rows are inserted through RunStore's API (createRun / createRunModel / commitPrompt) on the real migrations.
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
const sizeOf = (id: string) => catalogueEntry(id)?.sizeMb;

describe('matrix from stored runs', () => {
  it('one matrix per device; repetitions: majority correctness (split = wrong), median latency/energy; missing cells; simulated flag', () => {
    const d = open();
    const prompts = ['what is 2+2', 'name a prime', 'capital of peru'];
    // Run A on phone P1 (physical): q0 x3 reps on SMALL (right, right, wrong) -> right; latency 100, 300, 200 -> 200.
    // q1 on SMALL: right, wrong -> split vote -> wrong, latency median of 10 and 20 = 15. q2 on SMALL: failed (ok=0).
    // MID answered q0 only; LARGE nothing.
    storeRun(d, {
      id: 'run-aaaaaaaa', serial: 'P1', simulated: false, models: [SMALL, MID, LARGE], prompts,
      cells: [
        { prompt: 0, model: SMALL, correct: true, totalMs: 100, energyJ: 1, rep: 0 },
        { prompt: 0, model: SMALL, correct: true, totalMs: 300, energyJ: 3, rep: 1 },
        { prompt: 0, model: SMALL, correct: false, totalMs: 200, energyJ: 2, rep: 2 },
        { prompt: 1, model: SMALL, correct: true, totalMs: 10, energyJ: null, rep: 0 },
        { prompt: 1, model: SMALL, correct: false, totalMs: 20, energyJ: null, rep: 1 },
        { prompt: 2, model: SMALL, correct: null, ok: false, totalMs: null },
        { prompt: 0, model: MID, correct: false, totalMs: 500, energyJ: 5, netEnergyJ: 4 },
      ],
    });
    // Run B on a virtual phone V1, and run C on P1 again (pooled with A as repetitions).
    storeRun(d, { id: 'run-bbbbbbbb', serial: 'V1', simulated: true, models: [SMALL], prompts, cells: [{ prompt: 2, model: SMALL, correct: true, totalMs: 50, energyJ: 0.5 }] });
    storeRun(d, { id: 'run-cccccccc', serial: 'P1', simulated: false, models: [SMALL], prompts, cells: [{ prompt: 2, model: SMALL, correct: true, totalMs: 70, energyJ: 0.7 }] });

    const groups = loadRunMatrices(matrixSource(d), ['run-aaaaaaaa', 'run-bbbbbbbb', 'run-cccccccc'], { sizeOf });
    expect(groups.map((g) => g.key)).toEqual(['P1', 'V1']);
    const p1 = groups[0]!;
    expect(p1.runIds).toEqual(['run-aaaaaaaa', 'run-cccccccc']);
    const m = p1.matrix;
    expect(m.models.map((x) => [x.id, x.size_mb])).toEqual([[SMALL, 172], [MID, 394], [LARGE, 1440]]);
    expect(m.prompts.map((p) => p.id)).toEqual(['q0', 'q1', 'q2']);
    expect(getCell(m, 0, 0)).toEqual({ correct: 1, latency_ms: 200, energy_j: 2, simulated: false });
    expect(getCell(m, 1, 0)).toEqual({ correct: 0, latency_ms: 15, energy_j: null, simulated: false });
    expect(getCell(m, 2, 0)).toEqual({ correct: 1, latency_ms: 70, energy_j: 0.7, simulated: false }); // failed rep gives nothing; run C does
    expect(getCell(m, 0, 1).correct).toBe(0);
    expect(getCell(m, 1, 1)).toEqual({ correct: null, latency_ms: null, energy_j: null, simulated: false });
    expect(getCell(m, 0, 2).correct).toBeNull();
    expect(p1.repeatedCells).toBe(2);
    expect(p1.splitVotes).toBe(1);
    expect(summarizeMatrix(m)).toMatchObject({ cells: 9, measuredCells: 4, missingCells: 5, simulatedCells: 0 });

    const v1 = groups[1]!.matrix;
    expect(v1.nPrompts).toBe(1);
    expect(summarizeMatrix(v1).simulatedCells).toBe(v1.nPrompts * v1.nModels);

    // Net energy on request; one matrix per run with groupBy 'run'.
    const net = loadRunMatrices(matrixSource(d), ['run-aaaaaaaa'], { sizeOf, energy: 'net' })[0]!.matrix;
    expect(getCell(net, 0, 1).energy_j).toBe(4);
    expect(loadRunMatrices(matrixSource(d), ['run-aaaaaaaa', 'run-cccccccc'], { sizeOf, groupBy: 'run' }).map((g) => g.key)).toEqual(['run-aaaaaaaa', 'run-cccccccc']);
    expect(() => loadRunMatrices(matrixSource(d), ['run-zzzzzzzz'], { sizeOf })).toThrow(/No run run-zzzzzzzz/);
  });
});
