/**
 * Stores small runs through the runs repository's own API (createRun / createRunModels / commitPrompt), on a
 * database opened with the real migrations, so the comparison reads exactly what a quick run would leave.
 */
import type { Db } from '../../../src/main/store/database';
import { RunRepository } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import type { MatrixSource } from '../../../src/main/compare/matrices';

export interface FixtureCell {
  prompt: number;
  model: string;
  correct: boolean | null;
  totalMs?: number | null;
  energyJ?: number | null;
  netEnergyJ?: number | null;
  ok?: boolean;
  rep?: number | null;
}

export interface FixtureRun {
  id: string;
  serial: string;
  deviceModel?: string;
  simulated: boolean;
  models: string[];
  /** Prompt texts by index; ids are `q<index>` unless `promptIds` gives them. */
  prompts: string[];
  promptIds?: string[];
  cells: FixtureCell[];
}

export function storeRun(db: Db, run: FixtureRun): void {
  const store = new RunRepository(db);
  store.createRun({
    id: run.id, kind: 'quick', serial: run.serial, deviceModel: run.deviceModel ?? 'Pixel 8 Pro', fingerprint: null, androidRelease: '15', sdk: 35,
    modelIds: run.models, energyMethod: 'odpm', sampleHz: 20, chargingState: 'discharging', screenState: 'off', batteryLevel: 80, tempStartC: 30,
    thermalStatusStart: 0, simulated: run.simulated, options: {},
  });
  const ids = store.createRunModels(run.id, run.models, run.simulated, 'running');
  const rm = new Map(run.models.map((m, i) => [m, ids[i]!]));
  run.cells.forEach((c, position) => {
    store.commitPrompt(
      {
        runId: run.id, runModelId: rm.get(c.model)!, modelId: c.model, index: position, promptId: run.promptIds?.[c.prompt] ?? `q${c.prompt}`,
        prompt: run.prompts[c.prompt]!, ok: c.ok ?? true, error: null, tStartMs: 0, tEndMs: c.totalMs ?? null, ttftMs: null, prefillTps: null, decodeTps: null,
        totalMs: c.totalMs ?? null, prefillTokens: null, outputTokens: 4, peakRamMb: null, energyJ: c.energyJ ?? null, netEnergyJ: c.netEnergyJ ?? null,
        avgPowerW: null, energyPerTokenJ: null, energy: null, tempStartC: null, tempEndC: null, thermalStatus: null, throttled: false, response: 'A',
        extracted: 'A', correct: c.correct, simulated: run.simulated, rawJson: null, ...(c.rep !== undefined ? { rep: c.rep } : {}),
      },
      [],
    );
  });
  store.setStatus(run.id, 'done', null);
}

/** Where the comparison reads matrices from, over a test database. */
export function matrixSource(db: Db): MatrixSource {
  return { runs: new RunRepository(db), results: new ResultsRepository(db) };
}

/** Three models with constant costs, twelve prompts (six easy, six hard) with hand-computable results:
 *   p0-5: S M L right;  p6, p7: M L right;  p8, p9: only L right;  p10, p11: nobody right. */
export const SMALL = 'gemma-270m'; // 172 MB
export const MID = 'qwen-600m'; // 394 MB
export const LARGE = 'lfm2-vl-1.6b'; // 1440 MB
export const COST = { [SMALL]: { ms: 100, j: 0.1 }, [MID]: { ms: 300, j: 0.3 }, [LARGE]: { ms: 1000, j: 1.0 } } as Record<string, { ms: number; j: number }>;
export const PROMPTS = Array.from({ length: 12 }, (_, i) => (i < 6 ? `easy question ${i} about the capital of france` : `hard question ${i}: prove the theorem about prime numbers`));
const RIGHT: Record<string, number[]> = {
  [SMALL]: [0, 1, 2, 3, 4, 5],
  [MID]: [0, 1, 2, 3, 4, 5, 6, 7],
  [LARGE]: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
};

export function handRun(id: string, serial = 'emulator-5554', simulated = true): FixtureRun {
  const models = [SMALL, MID, LARGE];
  return {
    id,
    serial,
    simulated,
    models,
    prompts: PROMPTS,
    cells: models.flatMap((m) => PROMPTS.map((_, p) => ({ prompt: p, model: m, correct: RIGHT[m]!.includes(p), totalMs: COST[m]!.ms, energyJ: COST[m]!.j }))),
  };
}
