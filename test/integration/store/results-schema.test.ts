/**
 * db/0026: prompt_results as two b-trees (the table and the cell index), on real SQLite files: an upgrade from
 * schema 0025 keeps every row and id, the triggers that replace the run model's foreign key hold, and a commit of
 * a result writes about two WAL frames (it wrote five before: the ingest rate is bound by them).
 */
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRepository, type NewPromptResult } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { openDatabase, schemaVersion, type Db } from '../../../src/main/store/database';
import { findMigrationsDir } from '../../../src/main/store/migrations-dir';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.path;
}

function open(file: string, migrationsDir?: string): Db {
  const db = openDatabase(file, migrationsDir ? { migrationsDir } : {});
  cleanups.unshift(() => db.open && db.close());
  return db;
}

/** A run of two models; returns the run model ids. */
function run(db: Db, id: string): number[] {
  const runs = new RunRepository(db);
  runs.createRun({ id, kind: 'quick', serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a', 'b'], energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  return runs.createRunModels(id, ['a', 'b'], true, 'pending');
}

function result(runId: string, runModelId: number, index: number, promptId = `p${index}`): NewPromptResult {
  return {
    runId, runModelId, modelId: 'a', index, promptId, prompt: `Question ${promptId}?`, ok: true, error: null, tStartMs: index * 1000, tEndMs: index * 1000 + 500,
    ttftMs: 40, prefillTps: 300, decodeTps: 20, totalMs: 500, prefillTokens: 30, outputTokens: 8, peakRamMb: 600, energyJ: 1.5, netEnergyJ: 1.1, avgPowerW: 3,
    energyPerTokenJ: 0.14, energy: { method: 'odpm', sampleHz: 5, sampleCount: 3, updates: 3, resolutionNote: null }, tempStartC: 31, tempEndC: 31.5, thermalStatus: 0,
    throttled: false, response: 'The answer is B.', extracted: 'B', correct: index % 2 === 0, simulated: true, rawJson: '{"type":"result"}', rep: 0, subject: 'x', answer: 'B', unparsable: false,
  };
}

const resultIndexes = (db: Db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'prompt_results' ORDER BY name").pluck().all();

describe('prompt_results in two b-trees (db/0026)', () => {
  it('an upgrade from schema 0025 keeps every result, its id and its flags, and drops the two indexes', () => {
    const d = dir();
    const old = join(d, 'db-0025');
    mkdirSync(old);
    for (const f of readdirSync(findMigrationsDir()).filter((f) => f.endsWith('.sql') && Number(f.slice(0, 4)) <= 25)) copyFileSync(join(findMigrationsDir(), f), join(old, f));
    const file = join(d, 'lab.sqlite');
    const before = open(file, old);
    expect(schemaVersion(before)).toBe(25);
    const [a, b] = run(before, 'run-1');
    const runs = new RunRepository(before);
    // Written as schema 0025 took them (the repository of today writes db/0027's columns too).
    const insert = before.prepare(
      'INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, energy_j, simulated, created_at, rep) VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?, 0)',
    );
    for (let i = 0; i < 40; i++) insert.run('run-1', i % 2 ? b! : a!, i, `p${i}`, `Question ${i}?`, i, 1_000 + i);
    // Ids with a hole (a deleted result) must come through as they were.
    before.prepare('DELETE FROM prompt_results WHERE position = 7').run();
    runs.flagEnergy(Number(before.prepare('SELECT id FROM prompt_results WHERE position = 3').pluck().get()), { kind: 'meter-gap', reason: 'gap of 4 s', energyJ: 2, netEnergyJ: 1 });
    const rows = before.prepare('SELECT * FROM prompt_results ORDER BY id').all();
    expect(resultIndexes(before)).toContain('prompt_results_model');
    before.close();

    const after = open(file);
    expect(schemaVersion(after)).toBeGreaterThanOrEqual(26);
    // Every column it had, as it was (db/0027 adds the packed samples' columns, empty for these).
    const had = Object.keys(rows[0] as object);
    expect(after.prepare(`SELECT ${had.join(', ')} FROM prompt_results ORDER BY id`).all()).toEqual(rows);
    expect(after.prepare('SELECT COUNT(*) FROM prompt_results WHERE samples IS NOT NULL OR samples_mark IS NOT NULL').pluck().get()).toBe(0);
    expect(resultIndexes(after)).toEqual(['prompt_results_cell', 'prompt_results_energy_flag', 'prompt_results_sample_marks']);
    expect(after.pragma('foreign_key_check')).toEqual([]);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    // The run model's results, through the cell index.
    expect(new RunRepository(after).storedCells(a!).size).toBe(20);
    expect(new RunRepository(after).failedResults(b!)).toBe(0);
  });

  it('a result names a model of its own run, a cell is stored once, and deleting a run model deletes its results', () => {
    const db = open(join(dir(), 'lab.sqlite'));
    const [a, b] = run(db, 'run-1');
    const [other] = run(db, 'run-2');
    const runs = new RunRepository(db);
    runs.commitPrompt(result('run-1', a!, 0), []);
    runs.commitPrompt(result('run-1', b!, 1), []);
    expect(() => runs.commitPrompt(result('run-1', other!, 2), [])).toThrow(/prompt_results\.run_model_id names no model of the result's run/);
    expect(() => runs.commitPrompt(result('run-1', 9999, 3), [])).toThrow(/names no model/);
    expect(() => db.prepare('UPDATE prompt_results SET run_model_id = ? WHERE position = 0').run(other)).toThrow(/names no model/);
    expect(() => runs.commitPrompt(result('run-1', a!, 4, 'p0'), [])).toThrow(/UNIQUE constraint failed/);
    // Neither failed commit left a row or a sample behind.
    expect(db.prepare('SELECT COUNT(*) FROM prompt_results').pluck().get()).toBe(2);
    db.prepare('DELETE FROM run_models WHERE id = ?').run(a);
    expect(db.prepare('SELECT run_model_id FROM prompt_results').pluck().all()).toEqual([b]);
    // A deleted run takes its results along (run_id's foreign key, through the cell index).
    expect(runs.deleteRuns(['run-1'])).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM prompt_results').pluck().get()).toBe(0);
  });

  it('a committed result without samples writes about two WAL frames (the table and the cell index)', () => {
    const d = dir();
    const file = join(d, 'lab.sqlite');
    const db = open(file);
    const [a] = run(db, 'run-1');
    const runs = new RunRepository(db);
    runs.commitPrompt(result('run-1', a!, 0), []);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(`${file}-wal`).size).toBe(0);
    const n = 200;
    for (let i = 1; i <= n; i++) runs.commitPrompt(result('run-1', a!, i), []);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    // A WAL is a 32-byte header and one 24-byte header plus a page per frame.
    const frames = (statSync(`${file}-wal`).size - 32) / (24 + pageSize);
    expect(Number.isInteger(frames)).toBe(true);
    // Two per commit, and a leaf split now and then (a new leaf and its parent). Schema 0025 wrote 4-5.
    expect(frames / n).toBeGreaterThanOrEqual(2);
    expect(frames / n).toBeLessThan(2.5);
  });

  it('a result committed with its samples (a fuel gauge at 20 Hz) writes a few WAL frames more than one without, not one a sample (db/0027)', () => {
    const gauge = (i: number) => Array.from({ length: 24 }, (_, k) => ({ source: 'fuel-gauge' as const, tMs: i * 1500 + k * 50, rawCurrent: -412_000 - k * 37, rawVoltage: 3_912_000 - k, chargeCounter: 3_100_000 - i, tempRaw: 312, watts: 1.61 + k / 1000 }));
    const n = 200;
    const framesPerCommit = (layout: 'packed' | 'rows') => {
      const file = join(dir(), 'lab.sqlite');
      const db = open(file);
      const [a] = run(db, 'run-1');
      const runs = new RunRepository(db);
      // As results were stored before db/0027: the result, then its samples as power_samples rows.
      const asRows = db.transaction((i: number) => {
        runs.commitPrompt(result('run-1', a!, i), []);
        runs.insertSamples('run-1', a!, gauge(i), true);
      });
      const commit = (i: number) => (layout === 'packed' ? runs.commitPrompt(result('run-1', a!, i), gauge(i)) : asRows(i));
      commit(0);
      db.pragma('wal_checkpoint(TRUNCATE)');
      for (let i = 1; i <= n; i++) commit(i);
      const frames = (statSync(`${file}-wal`).size - 32) / (24 + Number(db.pragma('page_size', { simple: true })));
      expect(new ResultsRepository(db).samples('run-1')).toHaveLength(24 * (n + 1));
      expect(db.prepare('SELECT COUNT(*) FROM power_samples').pluck().get()).toBe(layout === 'rows' ? 24 * (n + 1) : 0);
      return frames / n;
    };
    const packed = framesPerCommit('packed');
    const rows = framesPerCommit('rows');
    // The table and the cell index, a leaf split a little more often (each row ~350 bytes longer), a timeline mark
    // every 30 s of readings (20 results): 2.3 here. As rows, the table and the index of 24 rows more: 6.4.
    expect(packed).toBeGreaterThanOrEqual(2);
    expect(packed).toBeLessThan(3);
    expect(rows).toBeGreaterThan(packed * 2);
  });
});
