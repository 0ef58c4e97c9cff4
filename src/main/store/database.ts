import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDatabaseFile, checkDatabaseIntegrity, rollBackup } from './integrity';
import { findMigrationsDir } from './migrations-dir';
import { BUSY_TIMEOUT_MS, testPageLimit } from './storage-fault';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Reads `NNNN_name.sql` files in order; rejects duplicate numbers so a bad checkout fails loudly. Numbers may
 * skip (work in parallel reserves blocks of numbers, and a reservation can go unused).
 */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version === 0 || (i > 0 && migrations[i - 1]!.version === m.version)) {
      throw new Error(`Migrations in ${dir} must be numbered from 0001 with distinct numbers; found ${String(m.version).padStart(4, '0')}_${m.name}.sql twice or as 0000`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  const v: unknown = db.prepare('SELECT MAX(version) FROM schema_version').pluck().get();
  return typeof v === 'number' ? v : 0;
}

/**
 * Applies every migration the database has not recorded, in order, all in one transaction: a failure leaves the
 * file as it was. By record rather than "newer than the highest": a lower number merged later still applies.
 */
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
  // IMMEDIATE, and what is applied read under the lock: two labs opening one file at once (the app and a CLI)
  // apply each migration once, the second finding it recorded.
  const apply = db.transaction(() => {
    const applied = new Set((db.prepare('SELECT version FROM schema_version').pluck().all() as number[]));
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrations.filter((x) => !applied.has(x.version))) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  });
  apply.immediate();
  return schemaVersion(db);
}

/**
 * The page size a new lab database is created with, stated rather than left to SQLite's default. Every committed
 * result writes one WAL frame per page it dirties, so the page is the unit of a commit's cost. Measured with rows
 * of a run's real size (~1 KB of question, reply and runner line, plus packed samples: bench/campaigns/ingest.ts),
 * 2 KB pages were no faster (half the bytes a frame, but a page split on almost every commit) and 8 KB ones slower
 * (twice the bytes). A file keeps the page size it was created with.
 */
export const NEW_DATABASE_PAGE_SIZE = 4096;

/** Pages of WAL between automatic checkpoints (SQLite's default is 1000): ~64 MB at 4 KB pages. */
export const WAL_AUTOCHECKPOINT_PAGES = 16_000;

export interface OpenOptions {
  migrationsDir?: string;
  readonly?: boolean;
  /** Hours between rolling backups to `<file>.bak` (integrity.ts); default 24. */
  backupIntervalHours?: number;
  /** Where a failed backup is reported; default stderr. */
  onWarning?: (message: string) => void;
}

/**
 * Opens (creating if needed) the lab database with WAL and foreign keys, and brings its schema up to date.
 * An existing file that is empty, not SQLite or fails quick_check is refused untouched (DatabaseDamagedError).
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  checkDatabaseFile(file);
  const isNew = file !== ':memory:' && !existsSync(file);
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Takes effect only before the file's first page is written (journal_mode = WAL below writes it).
    if (isNew) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    checkDatabaseIntegrity(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Checkpoints (the WAL copied into the file, both fsynced) every ~64 MB of WAL instead of SQLite's 4 MB: a run
    // commits each result with its samples (2-3 pages a commit), and frequent checkpoints copy the same hot pages
    // and fsync over and over (bench/campaigns/ingest.ts). Durability is unchanged: the WAL is the commit record.
    // A started lab checkpoints on a thread instead (background-checkpoints.ts); this stays its bound.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // After a checkpoint the WAL file is cut back to this size rather than kept at its largest.
    db.pragma('journal_size_limit = 16777216');
    if (!opts.readonly) {
      migrate(db, loadMigrations(findMigrationsDir(opts.migrationsDir)));
      const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`${m}\n`));
      rollBackup(db, file, { ...(opts.backupIntervalHours !== undefined ? { intervalHours: opts.backupIntervalHours } : {}), warn });
      testPageLimit(db);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
