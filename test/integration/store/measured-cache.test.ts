import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { rollBackup } from '../../../src/main/store/integrity';
import { RunRepository } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { MeasuredReader, type MeasuredReaderOptions } from '../../../src/main/runs/measured-reader';
import { MEASURED_BLOB_VERSION } from '../../../src/main/runs/measured-blob';
import { rowsOfColumns, type MeasuredColumns } from '../../../src/main/runs/measured-columns';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/temp-dir';
import { referenceRows } from './measured-reference';
import { expectSameAsReference, seedLab, storeRun } from './measured-fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

/** A lab database file and a way to open more connections to it (each closed after the test). */
function lab(): { file: string; connect: (opts?: { readonly?: boolean }) => Db } {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const file = join(t.path, 'lab.sqlite');
  return {
    file,
    connect: (opts = {}) => {
      const d = openDatabase(file, opts);
      cleanups.push(() => d.close());
      return d;
    },
  };
}

// The fixtures' runs are small: persist every run here (the default leaves runs under MIN_PERSISTED_ROWS alone).
const PERSIST_ALL: MeasuredReaderOptions = { minPersistedRows: 1 };
const reader = (d: Db, opts: MeasuredReaderOptions = {}) => new MeasuredReader(d, { ...PERSIST_ALL, ...opts });
const repo = (d: Db) => new ResultsRepository(d, { measured: PERSIST_ALL });
const fromSqlite = (d: Db, ids: string[]) => new MeasuredReader(d, { persisted: false }).columns(ids);
// Columns with rows appended list their tables in another order than a whole read: compare what they hold.
const rowsOf = (c: MeasuredColumns) => rowsOfColumns(c);
const entries = (d: Db) => d.prepare('SELECT run_id, row_count FROM measured_cache ORDER BY run_id').all() as Array<{ run_id: string; row_count: number }>;
const counter = (d: Db) => d.prepare('SELECT n FROM store_changes').pluck().get();
const total = (d: Db, ids: string[]) => referenceRows(d, ids).length;

describe('measured columns persisted (db/0025)', () => {
  it('a fresh reader on a new connection takes every run from its entry: the same columns, rows and matrices as read from SQLite', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    const before = counter(a);
    const first = reader(a);
    first.columns(ids);
    expect(first.stats).toMatchObject({ rowsFromCache: 0, rowsFromSqlite: total(a, ids), rowsPersisted: total(a, ids), persistFailures: 0 });
    expect(entries(a).map((e) => [e.run_id, e.row_count])).toEqual(ids.map((id) => [id, referenceRows(a, [id]).length]));
    // Cache writes are on their own table: db/0024's counter does not count them.
    expect(counter(a)).toBe(before);

    const b = connect();
    const second = reader(b);
    const cached = second.columns(ids);
    expect(second.stats).toMatchObject({ rowsFromSqlite: 0, rowsFromCache: total(b, ids), rowsPersisted: 0, unreadableEntries: 0 });
    expect(cached).toEqual(fromSqlite(b, ids));
    expect(reader(b).columns(['run-c', 'run-a', 'run-a'])).toEqual(fromSqlite(b, ['run-c', 'run-a', 'run-a']));
    // Through the lab's repository on yet another connection: rows, comparison and training matrices as the row path.
    expectSameAsReference(connect(), repo(connect()), ids);
  });

  it('an entry stays good for the rows appended since (read alone, appended); an edit, a removed run model or a deleted run reads SQLite again and rewrites', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    reader(a).columns(ids);
    const runs = new RunRepository(a);
    const results = new ResultsRepository(a);
    const extra = results.results('run-a')[0]!;
    runs.commitPrompt({ ...extra, index: 10_000, promptId: 'late/1', prompt: 'Late?', rep: 0, rawJson: null }, []);
    runs.commitPrompt({ ...extra, index: 5_000, promptId: 'late/2', prompt: 'Later?', rep: 1, rawJson: null }, []);

    const fresh = reader(connect());
    expect(rowsOf(fresh.columns(ids))).toEqual(rowsOf(fromSqlite(a, ids)));
    expect(fresh.stats).toMatchObject({ rowsFromSqlite: 2, rowsFromCache: total(a, ids) - 2 });
    expectSameAsReference(a, repo(connect()), ids);

    // An edit: every entry is stale (the counter is the lab's), read again and written again.
    a.prepare(`UPDATE prompt_results SET total_ms = 1 WHERE run_id = 'run-b' AND position = 3`).run();
    const afterEdit = reader(connect());
    expect(afterEdit.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(afterEdit.stats).toMatchObject({ rowsFromCache: 0, rowsFromSqlite: total(a, ids), rowsPersisted: total(a, ids) });
    const again = reader(connect());
    again.columns(ids);
    expect(again.stats).toMatchObject({ rowsFromCache: total(a, ids), rowsFromSqlite: 0 });
    expectSameAsReference(a, repo(connect()), ids);

    // A run model removed under a run.
    const models = runs.runModels('run-a');
    a.pragma('foreign_keys = OFF');
    a.prepare('DELETE FROM run_models WHERE id = ?').run(models[2]!.id);
    a.pragma('foreign_keys = ON');
    const afterRemoval = reader(connect());
    expect(afterRemoval.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(afterRemoval.stats.rowsFromCache).toBe(0);
    expectSameAsReference(a, repo(connect()), ids);

    // A deleted run takes its entry with it (RunRepository.deleteRuns, and the foreign key's cascade).
    const blobs = () => a.prepare('SELECT run_id FROM measured_cache_data ORDER BY run_id').pluck().all();
    expect(blobs()).toEqual(['run-a', 'run-b', 'run-c']);
    runs.deleteRuns(['run-c']);
    expect(entries(a).map((e) => e.run_id)).toEqual(['run-a', 'run-b']);
    a.prepare("DELETE FROM runs WHERE id = 'run-b'").run();
    expect(entries(a).map((e) => e.run_id)).toEqual(['run-a']);
    expect(blobs()).toEqual(['run-a']);
    expect(reader(connect()).columns(['run-c', 'run-b']).length).toBe(0);
    expectSameAsReference(a, repo(connect()), ['run-a']);
  });

  it('an entry whose run got no result while others did is moved on (max_id), so the next process does not scan those results again', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    reader(a).columns(ids);
    const maxIdOf = (id: string) => a.prepare('SELECT max_id FROM measured_cache WHERE run_id = ?').pluck().get(id);
    const written = maxIdOf('run-a');
    const runs = new RunRepository(a);
    const other = new ResultsRepository(a).results('run-c')[0]!;
    for (let i = 0; i < 5; i++) runs.commitPrompt({ ...other, index: 10_000 + i, promptId: `late/${i}`, prompt: 'Late?', rep: 0, rawJson: null }, []);
    const top = a.prepare('SELECT MAX(id) FROM prompt_results').pluck().get();
    const fresh = reader(connect());
    expect(fresh.columns(['run-a'])).toEqual(fromSqlite(a, ['run-a']));
    expect(fresh.stats).toMatchObject({ rowsFromSqlite: 0, rowsPersisted: 0 });
    expect(maxIdOf('run-a')).toBe(top);
    expect(top).not.toBe(written);
    // run-c got the results: its entry is not moved on but read with them appended (and, the run done, rewritten).
    expect(maxIdOf('run-c')).toBe(written);
    const c = reader(connect());
    expect(rowsOf(c.columns(['run-c']))).toEqual(rowsOf(fromSqlite(a, ['run-c'])));
    expect(c.stats).toMatchObject({ rowsFromSqlite: 5, rowsPersisted: referenceRows(a, ['run-c']).length });
    expect(maxIdOf('run-c')).toBe(top);
  });

  it('an entry that does not decode (truncated, another version, a damaged index, a prompt listed twice, not a BLOB) is ignored, read from SQLite and rewritten', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    reader(a).columns(ids);
    const good = a.prepare("SELECT data FROM measured_cache_data WHERE run_id = 'run-a'").pluck().get() as Buffer;
    const rows = referenceRows(a, ['run-a']).length;
    const version = Buffer.from(good);
    version.writeUInt32LE(MEASURED_BLOB_VERSION + 1, 4);
    // The model column (after the header and 9 float columns): an index past the model table.
    const index = Buffer.from(good);
    index.writeInt32LE(99, 32 + 9 * 8 * rows);
    // Two entries of the prompt table made the same (prompt 7 made prompt 1): appending rows would break on them.
    const twice = Buffer.from(good);
    twice.write('mmlu/subject_1/test/1', twice.indexOf('mmlu/subject_1/test/7'));
    twice.write('Question 1?', twice.indexOf('Question 7?'));
    const damaged: unknown[] = [good.subarray(0, good.length - 7), good.subarray(0, 20), version, index, twice, 'not a blob'];
    for (const data of damaged) {
      const before = counter(a);
      a.prepare("UPDATE measured_cache_data SET data = ? WHERE run_id = 'run-a'").run(data);
      expect(counter(a)).toBe(before);
      const r = reader(connect());
      expect(r.columns(ids)).toEqual(fromSqlite(a, ids));
      expect(r.stats).toMatchObject({ unreadableEntries: 1, rowsFromSqlite: rows, rowsPersisted: rows, persistFailures: 0 });
      const next = reader(connect());
      next.columns(ids);
      expect(next.stats).toMatchObject({ unreadableEntries: 0, rowsFromSqlite: 0 });
    }
    // Written again, even under the size that is persisted at all.
    a.prepare("UPDATE measured_cache_data SET data = x'00' WHERE run_id = 'run-a'").run();
    const small = new MeasuredReader(connect());
    expect(small.columns(['run-a'])).toEqual(fromSqlite(a, ['run-a']));
    expect(small.stats).toMatchObject({ unreadableEntries: 1, rowsPersisted: rows });
  });

  it('a read-only connection reads entries and SQLite, never writes, never warns', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    const warn = vi.fn();
    const ro = connect({ readonly: true });
    const noEntry = reader(ro, { onWarning: warn });
    expect(noEntry.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(noEntry.stats).toMatchObject({ rowsFromSqlite: total(a, ids), rowsPersisted: 0, persistFailures: 0 });
    expect(entries(a)).toEqual([]);
    reader(a).columns(ids);
    const withEntry = reader(connect({ readonly: true }), { onWarning: warn });
    expect(withEntry.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(withEntry.stats).toMatchObject({ rowsFromSqlite: 0, rowsFromCache: total(a, ids) });
    expect(warn).not.toHaveBeenCalled();
  });

  it('a write that fails (a full database, a busy one) leaves the read as it was, is counted and reported once', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    const warn = vi.fn();
    // SQLite's own SQLITE_FULL: no page more than the file has (the entries need new pages).
    const full = connect();
    full.pragma(`max_page_count = ${Number(full.pragma('page_count', { simple: true }))}`);
    const r = reader(full, { onWarning: warn });
    expect(r.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(r.stats).toMatchObject({ persistFailures: 3, rowsPersisted: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/could not save run run-a's measured columns.*full/);
    expect(entries(a)).toEqual([]);

    // Another connection holds the write lock.
    const busy = connect();
    busy.pragma('busy_timeout = 0');
    a.prepare('BEGIN IMMEDIATE').run();
    try {
      const warnBusy = vi.fn();
      const rb = reader(busy, { onWarning: warnBusy });
      expect(rb.columns(['run-a'])).toEqual(fromSqlite(a, ['run-a']));
      expect(rb.stats.persistFailures).toBe(1);
      expect(warnBusy).toHaveBeenCalledTimes(1);
    } finally {
      a.prepare('ROLLBACK').run();
    }
  });

  it('inside a caller\'s transaction nothing is written (a failed write could roll the caller back)', () => {
    const { connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    const r = reader(a);
    const cols = a.transaction(() => r.columns(ids))();
    expect(cols).toEqual(fromSqlite(a, ids));
    expect(r.stats.rowsPersisted).toBe(0);
    expect(entries(a)).toEqual([]);
  });

  it('a run still measuring is written again only once enough rows were appended, and once more after it is done', () => {
    const { connect } = lab();
    const a = connect();
    storeRun(a, 'run-m', 'P1', 'Pixel 8 Pro', { seed: 5, prompts: 20, reps: 1, simulated: false });
    const runs = new RunRepository(a);
    runs.setStatus('run-m', 'running', null);
    const results = new ResultsRepository(a);
    const extra = results.results('run-m')[0]!;
    let at = 1000;
    const append = (n: number) => {
      for (let i = 0; i < n; i++) runs.commitPrompt({ ...extra, index: at++, promptId: `late/${at}`, prompt: 'Late?', rep: 0, rawJson: null }, []);
    };
    const r = reader(a);
    r.columns(['run-m']);
    expect(entries(a)[0]!.row_count).toBe(60);
    append(5);
    r.columns(['run-m']);
    expect(entries(a)[0]!.row_count).toBe(60); // 5 of 60: not worth a whole BLOB
    append(25);
    r.columns(['run-m']);
    expect(entries(a)[0]!.row_count).toBe(90); // 30 of 60: REWRITE_FRACTION
    append(3);
    r.columns(['run-m']);
    expect(entries(a)[0]!.row_count).toBe(90);
    runs.setStatus('run-m', 'done', null);
    // A fresh process finds the entry 3 rows behind, appends them, and writes the finished run's entry.
    const done = reader(connect());
    expect(rowsOf(done.columns(['run-m']))).toEqual(rowsOf(fromSqlite(a, ['run-m'])));
    expect(done.stats).toMatchObject({ rowsFromCache: 90, rowsFromSqlite: 3, rowsPersisted: 93 });
    expect(entries(a)[0]!.row_count).toBe(93);
  });

  it('runs under MIN_PERSISTED_ROWS are not written; the rolling backup copies the entries, which read there as current', () => {
    const { file, connect } = lab();
    const a = connect();
    const ids = seedLab(a);
    new ResultsRepository(a).measuredColumns(ids);
    expect(entries(a)).toEqual([]);
    reader(a).columns(ids);
    const backup = rollBackup(a, file, { intervalHours: 0 });
    expect(backup).toBe(`${file}.bak`);
    const restored = new Database(backup!, { readonly: true });
    cleanups.push(() => restored.close());
    const r = reader(restored);
    expect(r.columns(ids)).toEqual(fromSqlite(a, ids));
    expect(r.stats).toMatchObject({ rowsFromSqlite: 0, rowsFromCache: total(a, ids) });
  });
});
