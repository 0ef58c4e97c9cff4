import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { findMigrationsDir } from '../../../src/main/store/migrations-dir';
import { loadMigrations, openDatabase, schemaVersion } from '../../../src/main/store/database';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tmp() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.path;
}

describe('SQLite store migrations', () => {
  it('creates every table from an empty database, in WAL mode with foreign keys on', () => {
    const file = join(tmp(), 'lab.sqlite');
    const db = openDatabase(file);
    const latest = loadMigrations(findMigrationsDir()).at(-1)!.version;
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['schema_version', 'devices', 'device_status', 'settings']));
    db.close();
  });

  it('re-opens an existing database without re-applying migrations and keeps its rows', () => {
    const file = join(tmp(), 'lab.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value) VALUES ('adbPath', '/opt/adb')").run();
    const applied = first.prepare('SELECT version, applied_at FROM schema_version').all();
    first.close();

    const again = openDatabase(file);
    expect(again.prepare('SELECT version, applied_at FROM schema_version').all()).toEqual(applied);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'adbPath'").pluck().get()).toBe('/opt/adb');
    again.close();
  });

  it('enforces foreign keys (a status row needs its device)', () => {
    const db = openDatabase(join(tmp(), 'lab.sqlite'));
    expect(() =>
      db.prepare("INSERT INTO device_status (serial, at, battery_status) VALUES ('nope', 1, 'unknown')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('rolls back a failing migration as a whole and leaves the database usable at its old version', () => {
    const dir = tmp();
    const migrations = join(dir, 'db');
    mkdirSync(migrations);
    for (const f of readdirSync(findMigrationsDir())) copyFileSync(join(findMigrationsDir(), f), join(migrations, f));
    const good = loadMigrations(migrations).at(-1)!.version;
    const file = join(dir, 'lab.sqlite');
    openDatabase(file, { migrationsDir: migrations }).close();

    const next = String(good + 1).padStart(4, '0');
    writeFileSync(join(migrations, `${next}_broken.sql`), 'CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;');
    expect(() => openDatabase(file, { migrationsDir: migrations })).toThrow(/syntax error/);

    const raw = new Database(file);
    expect(schemaVersion(raw)).toBe(good);
    expect(raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    raw.close();
  });

  it('refuses a database from a newer lab instead of damaging it', () => {
    const file = join(tmp(), 'lab.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    expect(() => openDatabase(file)).toThrow(/schema version 999, newer than this lab/);
  });

  it('rejects a duplicate migration number', () => {
    const dir = tmp();
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001_b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/distinct numbers; found 0001_b\.sql twice/);
  });

  it('accepts a gap in numbering and still applies a lower number that arrives later', () => {
    const dir = tmp();
    const file = join(tmp(), 'lab.sqlite');
    // The lab looks for 0001_devices.sql to recognise a migrations folder.
    writeFileSync(join(dir, '0001_devices.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '0003_c.sql'), 'CREATE TABLE c (x INTEGER);');
    openDatabase(file, { migrationsDir: dir }).close();
    writeFileSync(join(dir, '0002_b.sql'), 'CREATE TABLE b (x INTEGER);');
    const db = openDatabase(file, { migrationsDir: dir });
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual([1, 2, 3]);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(1);
    db.close();
  });
});
