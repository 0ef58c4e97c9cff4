/**
 * WAL checkpoints on a worker thread (store/background-checkpoints.ts), on a real lab database file with a real
 * second connection: the log is copied and restarted while the writer commits one row per transaction, nothing
 * committed is lost, the writer's automatic checkpoint is a backstop while the thread runs and comes back when it
 * stops or fails, and a failure is reported.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Lab } from '../../../src/main/lab/lab';
import { BackgroundCheckpoints } from '../../../src/main/store/background-checkpoints';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES, type Db } from '../../../src/main/store/database';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function labDb(): { db: Db; file: string } {
  const t = tempDir();
  const file = join(t.path, 'lab.sqlite');
  const db = openDatabase(file, { onWarning: () => {} });
  cleanups.push(t.cleanup, () => { if (db.open) db.close(); });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return { db, file };
}

const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true }) as number;
/** Frames in the WAL now (a PASSIVE checkpoint of nothing new reports them without blocking anyone). */
const walFrames = (db: Db) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;

describe('background checkpoints', () => {
  it('copies the WAL on its own thread while the writer commits, the log starts afresh after, and nothing is lost', async () => {
    const { db, file } = labDb();
    const bg = BackgroundCheckpoints.start(db, { intervalMs: 20, autocheckpointPages: 1000 });
    cleanups.push(() => bg.stop());
    expect(autocheckpoint(db)).toBe(4000);
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    // One transaction per row, each dirtying a page of ~2 KB rows: ~600 frames, below the writer's 4000.
    let rows = 0;
    const commit = (n: number) => {
      for (let i = 0; i < n; i++) insert.run(`${rows++}:${'x'.repeat(2000)}`);
    };
    commit(600);
    await vi.waitFor(
      async () => {
        const s = (await bg.stats())!;
        expect(s.walPages).toBeGreaterThan(500);
        expect(s.copiedPages).toBe(s.walPages);
      },
      { timeout: 30_000, interval: 25 },
    );
    // Every frame copied by the thread: the next commit writes from the WAL's start, the log holds that commit alone.
    commit(1);
    expect(walFrames(db)).toBeLessThan(10);
    const stats = (await bg.stop())!;
    expect(stats.checkpoints).toBeGreaterThan(0);
    expect(autocheckpoint(db)).toBe(1000);
    expect(bg.running).toBe(false);
    db.close();
    const again = openDatabase(file, { onWarning: () => {} });
    cleanups.push(() => { if (again.open) again.close(); });
    expect(again.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(rows);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('reports a thread that cannot open the database and gives the writer its checkpoints back', async () => {
    const { db, file } = labDb();
    // The open connection keeps working; the thread, opening by name, finds no file.
    renameSync(file, `${file}.moved`);
    const warnings: string[] = [];
    const bg = BackgroundCheckpoints.start(db, { intervalMs: 20, autocheckpointPages: WAL_AUTOCHECKPOINT_PAGES, onWarning: (m) => warnings.push(m) });
    cleanups.push(() => bg.stop());
    await vi.waitFor(() => expect(warnings).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(warnings[0]).toMatch(/^warning: background checkpoints stopped \(.*\); the lab checkpoints its database itself again\.$/);
    expect(bg.running).toBe(false);
    expect(autocheckpoint(db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(await bg.stats()).toBeNull();
    expect(await bg.stop()).toBeNull();
  });

  it('two labs on one file (the app and a CLI campaign) checkpoint side by side without a fault', async () => {
    const { db, file } = labDb();
    const other = openDatabase(file, { onWarning: () => {} });
    cleanups.push(() => {
      if (other.open) other.close();
    });
    const warnings: string[] = [];
    const a = BackgroundCheckpoints.start(db, { intervalMs: 5, autocheckpointPages: 1000, onWarning: (m) => warnings.push(m) });
    const b = BackgroundCheckpoints.start(other, { intervalMs: 5, autocheckpointPages: 1000, onWarning: (m) => warnings.push(m) });
    cleanups.push(() => a.stop(), () => b.stop());
    const insertA = db.prepare('INSERT INTO t (body) VALUES (?)');
    const insertB = other.prepare('INSERT INTO t (body) VALUES (?)');
    const seen = async () => [(await a.stats())!.checkpoints, (await b.stats())!.checkpoints];
    const start = await seen();
    // Both writing, both threads checkpointing (one of two at a time: the other finds it busy, which is no fault).
    await vi.waitFor(
      async () => {
        for (let i = 0; i < 50; i++) {
          insertA.run(`a${i}:${'x'.repeat(1500)}`);
          insertB.run(`b${i}:${'y'.repeat(1500)}`);
        }
        const now = await seen();
        expect(now[0]! - start[0]!).toBeGreaterThan(3);
        expect(now[1]! - start[1]!).toBeGreaterThan(3);
      },
      { timeout: 30_000, interval: 10 },
    );
    expect(warnings).toEqual([]);
    expect(a.running && b.running).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stops once however often it is asked, and the writer closes the database as before (WAL folded in)', async () => {
    const { db, file } = labDb();
    const bg = BackgroundCheckpoints.start(db, { intervalMs: 20, autocheckpointPages: 1000 });
    db.prepare('INSERT INTO t (body) VALUES (?)').run('one');
    await vi.waitFor(async () => expect((await bg.stats())!.checkpoints).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    const [a, b] = await Promise.all([bg.stop(), bg.stop()]);
    expect(a).toBe(b);
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('run by a started lab (the one that runs campaigns) and stopped when it closes', async () => {
    const home = tempDir();
    cleanups.push(home.cleanup);
    const lab = new Lab({ host: 'cli', home: home.path, adbPath: join(home.path, 'no-adb'), pollIntervalMs: 60_000 });
    cleanups.push(() => lab.close());
    expect(autocheckpoint(lab.db)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    await lab.start();
    expect(autocheckpoint(lab.db)).toBe(WAL_AUTOCHECKPOINT_PAGES * 4);
    await lab.close();
    expect(lab.db.open).toBe(false);
    expect(existsSync(join(home.path, 'lab.sqlite-wal'))).toBe(false);
  });
});
