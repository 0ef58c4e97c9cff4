import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { toLabError } from '../../../src/main/api/error-map';
import { join } from 'node:path';
import { databaseLocked, diskFullMessage, storageFault, testPageLimit } from '../../../src/main/store/storage-fault';
import { tempDatabase } from '../../helpers/temp-dir';

describe('a full disk', () => {
  it('is recognised from SQLite (its real SQLITE_FULL) and from a file write (ENOSPC), with the place and what to do', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT)');
    testPageLimit(db, { AURORA_LAB_TEST_DB_GROWTH_PAGES: '2' });
    let err: unknown;
    try {
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(2000));
    } catch (e) {
      err = e;
    }
    db.close();
    expect((err as { code?: string }).code).toBe('SQLITE_FULL');
    const f = storageFault(err, '/home/u/lab/lab.sqlite');
    expect(f).toEqual({ path: '/home/u/lab/lab.sqlite', kind: 'database' });
    expect(diskFullMessage(f!, 'run `aurora-lab resume c1`')).toBe('The disk holding /home/u/lab/lab.sqlite is full: free space and run `aurora-lab resume c1`. Everything stored so far is kept.');
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/home/u/lab/captures/x/odpm.txt' });
    expect(storageFault(enospc, '/home/u/lab/lab.sqlite')).toEqual({ path: '/home/u/lab/captures/x/odpm.txt', kind: 'file' });
    expect(storageFault(new Error('other'), 'x')).toBeNull();
    expect(toLabError(err)).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^The disk holding the lab database is full: free space and try again/) });
  });

  it('has no page limit unless the test variable is set', () => {
    const db = new Database(':memory:');
    const before = db.pragma('max_page_count', { simple: true });
    testPageLimit(db, {});
    expect(db.pragma('max_page_count', { simple: true })).toBe(before);
    db.close();
  });
});

describe('a database locked by another process', () => {
  it('is recognised from SQLite (its real SQLITE_BUSY) and says what holds it and what to do', () => {
    const { dir, cleanup } = tempDatabase();
    // A second connection inside a write transaction, as a lab process stopped mid-commit would be.
    const holder = new Database(join(dir, 'lab.sqlite'));
    const writer = new Database(join(dir, 'lab.sqlite'), { timeout: 0 });
    try {
      holder.exec('BEGIN IMMEDIATE');
      let err: unknown;
      try {
        writer.exec("INSERT INTO settings (key, value) VALUES ('x', '1')");
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(databaseLocked(err)).toBe(true);
      expect(databaseLocked(new Error('database is locked'))).toBe(false);
      // SQLite's extended codes for the same condition (a write refused on an overtaken snapshot, say).
      for (const code of ['SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED_SHAREDCACHE']) expect(databaseLocked(Object.assign(new Error('database is locked'), { code }))).toBe(true);
      expect(databaseLocked(Object.assign(new Error('x'), { code: 'SQLITE_BUSYNESS' }))).toBe(false);
      expect(toLabError(err)).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/^The lab database stayed locked for over 5 s: another process holds its write lock, .*stopped \(Ctrl-Z or SIGSTOP\).*Everything stored so far is kept\.$/),
      });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      writer.close();
      cleanup();
    }
  });
});
