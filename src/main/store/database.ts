import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findMigrationsDir } from './migrations-dir';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in order; rejects gaps and duplicates so a bad checkout fails loudly. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations in ${dir} must be numbered 0001, 0002, ... without gaps; found ${String(m.version).padStart(4, '0')}_${m.name}.sql at position ${i + 1}`);
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  const v: unknown = db.prepare('SELECT MAX(version) FROM schema_version').pluck().get();
  return typeof v === 'number' ? v : 0;
}

/** Applies every migration newer than the database, all in one transaction: a failure leaves the file as it was. */
export function migrate(db: Db, migrations: Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The lab database is at schema version ${current}, newer than this lab (${latest}). Update Aurora Lab, or point AURORA_LAB_HOME at another folder.`);
  }
  const pending = migrations.filter((m) => m.version > current);
  const apply = db.transaction(() => {
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  });
  apply();
  return schemaVersion(db);
}

export interface OpenOptions {
  migrationsDir?: string;
  readonly?: boolean;
}

/** Opens (creating if needed) the lab database with WAL and foreign keys, and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) migrate(db, loadMigrations(findMigrationsDir(opts.migrationsDir)));
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
