/**
 * Readings packed with their results (db/0027) on real SQLite files: what the write side records beside them (gaps,
 * timeline marks) across connections and failed commits, and a damaged pack refused with the result it belongs to.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRepository, type NewPromptResult, type StoredSample } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { PACK_MARK_SPACING_MS } from '../../../src/main/runs/sample-writer';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function labFile(): string {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return join(d.path, 'lab.sqlite');
}

function open(file: string): Db {
  const db = openDatabase(file);
  cleanups.unshift(() => db.open && db.close());
  return db;
}

function result(runModelId: number, index: number): NewPromptResult {
  return {
    runId: 'run-1', runModelId, modelId: 'a', index, promptId: `p${index}`, prompt: 'Q?', ok: true, error: null, tStartMs: null, tEndMs: null, ttftMs: null,
    prefillTps: null, decodeTps: null, totalMs: null, prefillTokens: null, outputTokens: null, peakRamMb: null, energyJ: null, netEnergyJ: null, avgPowerW: null,
    energyPerTokenJ: null, energy: null, tempStartC: null, tempEndC: null, thermalStatus: null, throttled: false, response: 'B', extracted: 'B', correct: true,
    simulated: true, rawJson: null, subject: null, answer: 'B', unparsable: false, rep: 0,
  };
}

/** Fuel-gauge reads every 50 ms over [from, to). */
const gauge = (from: number, to: number): StoredSample[] => Array.from({ length: Math.round((to - from) / 50) }, (_, k) => ({ source: 'fuel-gauge', tMs: from + k * 50, rawCurrent: -400_000 - k, rawVoltage: 3_900_000, watts: 1.5 + k / 1e4 }));

function newRun(db: Db): { runs: RunRepository; runModelId: number } {
  const runs = new RunRepository(db);
  runs.createRun({ id: 'run-1', kind: 'quick', serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a'], energyMethod: 'fuel-gauge', sampleHz: 20, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  const [runModelId] = runs.createRunModels('run-1', ['a'], true, 'pending');
  return { runs, runModelId: runModelId! };
}

const gaps = (db: Db) => db.prepare('SELECT from_ms, to_ms FROM power_sample_gaps WHERE run_id = ? ORDER BY from_ms').raw().all('run-1');
const marks = (db: Db) => db.prepare('SELECT samples_from_ms FROM prompt_results WHERE run_id = ? AND samples_mark = 1 ORDER BY id').pluck().all('run-1');

describe('packed readings', () => {
  it('a run resumed on a new connection carries on from what is stored: its gap, its marks, its readings in order', () => {
    const file = labFile();
    const first = open(file);
    const { runs, runModelId } = newRun(first);
    for (let i = 0; i < 40; i++) runs.commitPrompt(result(runModelId, i), gauge(i * 1000, i * 1000 + 1000));
    first.close();
    // The app killed at 40 s; the run resumed 20 s later by another process.
    const second = open(file);
    const again = new RunRepository(second);
    for (let i = 40; i < 80; i++) again.commitPrompt(result(runModelId, i), gauge(20_000 + i * 1000, 20_000 + i * 1000 + 1000));
    expect(gaps(second)).toEqual([[39_950, 60_000]]);
    // A mark on the first pack, then one a PACK_MARK_SPACING_MS of readings on, whichever connection wrote it.
    expect(marks(second)).toEqual([0, PACK_MARK_SPACING_MS, 60_000, 60_000 + PACK_MARK_SPACING_MS]);
    const samples = new ResultsRepository(second).samples('run-1');
    expect(samples).toHaveLength(80 * 20);
    expect(samples.every((s, i) => i === 0 || s.tMs > samples[i - 1]!.tMs)).toBe(true);
    expect(samples.every((s) => s.runModelId === runModelId && s.source === 'fuel-gauge')).toBe(true);
  });

  it('a commit that fails records nothing and moves nothing: the next gap is measured from the last stored reading', () => {
    const db = open(labFile());
    const { runs, runModelId } = newRun(db);
    runs.commitPrompt(result(runModelId, 0), gauge(0, 1000));
    // The same cell again: refused by its UNIQUE index, with its readings.
    expect(() => runs.commitPrompt(result(runModelId, 0), gauge(3000, 4000))).toThrow(/UNIQUE/);
    runs.commitPrompt(result(runModelId, 1), gauge(7000, 8000));
    expect(gaps(db)).toEqual([[950, 7000]]);
    expect(new ResultsRepository(db).samples('run-1')).toHaveLength(40);
  });

  it('readings taken outside a prompt (rows) and packed ones form one record of the run, gaps between them included', () => {
    const db = open(labFile());
    const { runs, runModelId } = newRun(db);
    runs.insertSamples('run-1', runModelId, gauge(0, 2000), true);
    runs.commitPrompt(result(runModelId, 0), gauge(9000, 10_000));
    runs.insertSamples('run-1', runModelId, gauge(10_000, 11_000), true);
    expect(gaps(db)).toEqual([[1950, 9000]]);
    const samples = new ResultsRepository(db).samples('run-1');
    expect(samples.map((s) => s.tMs)).toEqual([...gauge(0, 2000), ...gauge(9000, 10_000), ...gauge(10_000, 11_000)].map((s) => s.tMs));
    // Deleting the run deletes all of it.
    expect(runs.deleteRuns(['run-1'])).toBe(1);
    for (const t of ['power_samples', 'power_sample_gaps', 'prompt_results']) expect(db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()).toBe(0);
  });

  it('a run deleted and its id used again starts afresh: no gap from the deleted run\'s last reading', () => {
    const db = open(labFile());
    const first = newRun(db);
    first.runs.commitPrompt(result(first.runModelId, 0), gauge(0, 1000));
    first.runs.deleteRuns(['run-1']);
    const again = newRun(db);
    again.runs.commitPrompt(result(again.runModelId, 0), gauge(60_000, 61_000));
    expect(gaps(db)).toEqual([]);
    expect(marks(db)).toEqual([60_000]);
  });

  it('a commit whose readings are not in time order (two sources, one after the other) records no false gap and reads back by time', () => {
    const db = open(labFile());
    const { runs, runModelId } = newRun(db);
    const odpm = (from: number): StoredSample[] => Array.from({ length: 40 }, (_, k) => ({ source: 'odpm', tMs: from + k * 250, energyJ: from / 1000 + k }));
    runs.commitPrompt(result(runModelId, 0), [...odpm(0), ...gauge(0, 10_000)]);
    // ODPM reads from 16 s on first: taken in order they would leave 6 s since the last reading (9.95 s).
    runs.commitPrompt(result(runModelId, 1), [...odpm(16_000), ...gauge(10_000, 20_000)]);
    expect(gaps(db)).toEqual([]);
    const samples = new ResultsRepository(db).samples('run-1');
    expect(samples).toHaveLength(2 * 40 + 2 * 200);
    expect(samples.every((s, i) => i === 0 || s.tMs >= samples[i - 1]!.tMs)).toBe(true);
  });

  it('a damaged pack is refused with the result and run it belongs to, not read as other readings', () => {
    const db = open(labFile());
    const { runs, runModelId } = newRun(db);
    const id = runs.commitPrompt(result(runModelId, 0), gauge(0, 1000)).id;
    db.prepare('UPDATE prompt_results SET samples = substr(samples, 1, 20) WHERE id = ?').run(id);
    expect(() => new ResultsRepository(db).samples('run-1')).toThrow(new RegExp(`result ${id} of run run-1: packed power samples end early.*damaged`));
  });
});
