/** The results store's fast paths (issue 14) on a real lab database: multi-row sample inserts, the measured-row reader. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Db } from '../../../src/main/store/database';
import { RunRepository, type NewPromptResult } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { tempDatabase } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function lab(): { db: Db; runs: RunRepository; results: ResultsRepository } {
  const { db, cleanup } = tempDatabase();
  cleanups.push(cleanup);
  return { db, runs: new RunRepository(db), results: new ResultsRepository(db) };
}

function newRun(runs: RunRepository, id: string, serial: string, models: string[]): number[] {
  runs.createRun({ id, kind: 'quick', serial, deviceModel: null, fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: models, energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: 'on', batteryLevel: 90, tempStartC: 30, thermalStatusStart: 0, simulated: false, options: {} });
  return runs.createRunModels(id, models, false, 'running');
}

function result(runId: string, runModelId: number, modelId: string, index: number, promptId: string, prompt: string, correct: boolean | null): NewPromptResult {
  return {
    runId, runModelId, modelId, index, promptId, prompt, ok: correct !== null, error: correct === null ? 'timeout' : null, tStartMs: index, tEndMs: index + 1, ttftMs: 10 + index,
    prefillTps: null, decodeTps: 20, totalMs: 100 + index, prefillTokens: null, outputTokens: 5, peakRamMb: null, energyJ: 1 + index, netEnergyJ: null, avgPowerW: null,
    energyPerTokenJ: null, energy: { method: 'odpm', sampleHz: 5, sampleCount: 2, updates: 2, resolutionNote: null }, tempStartC: null, tempEndC: null, thermalStatus: null,
    throttled: false, response: 'B', extracted: 'B', correct, simulated: false, rawJson: null, subject: null, answer: 'B', unparsable: correct === null ? null : false,
  };
}

describe('results store', () => {
  it('stores every sample of a commit, in order, across multi-row chunks (0, 1, 32, 33 and 70 samples)', () => {
    const { runs, results } = lab();
    const [m] = newRun(runs, 'run-1', 'S1', ['a']);
    const sizes = [0, 1, 32, 33, 70];
    let t = 0;
    const sent = sizes.map((n, i) => {
      const samples = Array.from({ length: n }, (_, k) => ({ source: 'fuel-gauge' as const, tMs: t++, rawCurrent: -k - 1, rawVoltage: 3_900_000 + k, watts: k % 3 === 0 ? null : k / 10 }));
      runs.commitPrompt(result('run-1', m!, 'a', i, `p${i}`, `prompt ${i}`, true), samples);
      return samples;
    });
    const stored = results.samples('run-1');
    expect(stored).toHaveLength(sizes.reduce((a, b) => a + b, 0));
    expect(stored.map((s) => [s.tMs, s.rawCurrent, s.rawVoltage, s.watts, s.energyJ, s.runModelId])).toEqual(
      sent.flat().map((s) => [s.tMs, s.rawCurrent, s.rawVoltage, s.watts, null, m]),
    );
    expect(results.results('run-1').map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads measured rows per run in the order given, each in position order, with the run and model named', () => {
    const { db, runs, results } = lab();
    const [a1, b1] = newRun(runs, 'run-1', 'S1', ['a', 'b']);
    const [a2] = newRun(runs, 'run-2', 'S2', ['a']);
    // Stored out of position order: the reader still gives position order.
    runs.commitPrompt(result('run-1', b1!, 'b', 3, 'mmlu/law/test/1', 'Q1', false), []);
    runs.commitPrompt(result('run-1', a1!, 'a', 0, 'mmlu/law/test/0', 'Q0', true), []);
    runs.commitPrompt(result('run-1', b1!, 'b', 2, 'mmlu/law/test/0', 'Q0', null), []);
    runs.commitPrompt(result('run-1', a1!, 'a', 1, 'mmlu/law/test/1', 'Q1', true), []);
    runs.commitPrompt(result('run-2', a2!, 'a', 0, 'custom/x', 'X', true), []);
    const rows = results.measuredRows(['run-2', 'nope', 'run-1']);
    expect(rows.map((r) => [r.runId, r.serial, r.modelId, r.position, r.promptId, r.promptText, r.subject, r.correct])).toEqual([
      ['run-2', 'S2', 'a', 0, 'custom/x', 'X', null, true],
      ['run-1', 'S1', 'a', 0, 'mmlu/law/test/0', 'Q0', 'law', true],
      ['run-1', 'S1', 'a', 1, 'mmlu/law/test/1', 'Q1', 'law', true],
      ['run-1', 'S1', 'b', 2, 'mmlu/law/test/0', 'Q0', 'law', null],
      ['run-1', 'S1', 'b', 3, 'mmlu/law/test/1', 'Q1', 'law', false],
    ]);
    expect(rows[3]).toMatchObject({ ok: false, unparsable: null, latencyMs: 102, ttftMs: 12, decodeTps: 20, energyJ: 3, netEnergyJ: null, outputTokens: 5, peakRamMb: null, energyMethod: 'odpm', simulated: false, rep: 0, deviceModel: null });
    // A prompt whose text changed within a run keeps each row's own text.
    db.prepare(`UPDATE prompt_results SET prompt = 'Q1 edited' WHERE run_id = 'run-1' AND position = 3`).run();
    expect(results.measuredRows(['run-1']).map((r) => r.promptText)).toEqual(['Q0', 'Q1', 'Q0', 'Q1 edited']);
    expect(results.measuredRows([])).toEqual([]);
  });

  it('names the table when a stored value has the wrong type', () => {
    const { db, runs, results } = lab();
    const [a] = newRun(runs, 'run-1', 'S1', ['a']);
    runs.commitPrompt(result('run-1', a!, 'a', 0, 'p0', 'Q0', true), []);
    db.prepare(`UPDATE prompt_results SET total_ms = 'slow'`).run();
    expect(() => results.measuredRows(['run-1'])).toThrow(/prompt_results: expected a number, got "slow"/);
  });
});
