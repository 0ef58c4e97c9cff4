/** Stored runs for the measured-column tests: what the reader must read, and the row path it must equal. */
import { expect } from 'vitest';
import type { Db } from '../../../src/main/store/database';
import { RunRepository, type NewPromptResult } from '../../../src/main/runs/repository';
import type { ResultsRepository } from '../../../src/main/runs/results-repository';
import { loadRunMatrices } from '../../../src/main/compare/matrices';
import { trainingMatrixOf } from '../../../src/main/profiles/measured';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { referenceMatrices, referenceRows, referenceTraining } from './measured-reference';

// Catalogue models (the profile's training matrix needs their sizes).
export const MODELS = ['gemma-270m', 'qwen-600m', 'lfm2-vl-1.6b'];
export const sizeOf = (id: string) => ({ 'gemma-270m': 172, 'qwen-600m': 394, 'lfm2-vl-1.6b': 1440 })[id];

/** A campaign-like run: every model x prompt x rep in a seeded order, with failed, unscored and unmetered results. */
export function storeRun(d: Db, id: string, serial: string, deviceModel: string | null, opts: { seed: number; prompts: number; reps: number; simulated: boolean; textOf?: (p: number) => string; campaignId?: string }): number[] {
  const runs = new RunRepository(d);
  runs.createRun({
    id, kind: 'campaign', serial, deviceModel, fingerprint: null, androidRelease: '15', sdk: 35, modelIds: MODELS, energyMethod: 'odpm', sampleHz: 20,
    chargingState: 'discharging', screenState: 'off', batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: opts.simulated, options: {},
    ...(opts.campaignId ? { campaignId: opts.campaignId } : {}),
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

export function seedLab(d: Db): string[] {
  storeRun(d, 'run-a', 'P1', 'Pixel 8 Pro', { seed: 1, prompts: 40, reps: 3, simulated: false });
  // Same phone again (pooled with run-a by device), one prompt's text differing, and one run model deleted under it.
  const b = storeRun(d, 'run-b', 'P1', 'Pixel 8 Pro', { seed: 2, prompts: 30, reps: 1, simulated: false, textOf: (p) => (p === 7 ? 'Question 7, reworded?' : `Question ${p}?`) });
  d.pragma('foreign_keys = OFF');
  d.prepare('DELETE FROM run_models WHERE id = ?').run(b[1]);
  d.pragma('foreign_keys = ON');
  storeRun(d, 'run-c', 'V1', null, { seed: 3, prompts: 25, reps: 2, simulated: true });
  return ['run-a', 'run-b', 'run-c'];
}

export function expectSameAsReference(d: Db, results: ResultsRepository, ids: string[]): void {
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

