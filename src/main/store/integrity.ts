/**
 * Start-up checks and the rolling backup of the lab database. Measurements cannot be taken again, so a lab
 * database that is empty (0 bytes), not SQLite, or fails `PRAGMA quick_check` is refused with its path, left
 * exactly as it is (nothing re-created, migrated or written), and the message says how to restore the backup.
 * After a good start the lab copies the database to `<file>.bak` (at most once per interval): `VACUUM INTO` a
 * temporary file, checked, then renamed over the old backup, so a crash mid-copy never leaves a half backup.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const SQLITE_HEADER = 'SQLite format 3\0';
export const DEFAULT_BACKUP_INTERVAL_HOURS = 24;

export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly backup: string | null,
  ) {
    super(damagedMessage(file, problem, backup));
    this.name = 'DatabaseDamagedError';
  }
}

export function backupPath(file: string): string {
  return `${file}.bak`;
}

function ago(ms: number): string {
  const h = ms / 3_600_000;
  return h < 1 ? `${Math.max(1, Math.round(h * 60))} min ago` : h < 48 ? `${Math.round(h)} h ago` : `${Math.round(h / 24)} days ago`;
}

function damagedMessage(file: string, problem: string, backup: string | null): string {
  const head = `The lab database ${file} ${problem}. It was left untouched: nothing was re-created or written.`;
  const aside = `stop every Aurora Lab process (app, serve, CLI), move ${basename(file)} and any ${basename(file)}-wal and ${basename(file)}-shm next to it aside (rename them, e.g. to *.damaged)`;
  if (backup) {
    const when = new Date(statSync(backup).mtimeMs);
    return `${head} To restore the last good copy, ${backup} (made ${when.toISOString()}, ${ago(Date.now() - when.getTime())}): ${aside}, then copy ${basename(backup)} to ${basename(file)} in ${dirname(file)}. Runs measured after that copy are not in it. Or start an empty lab with another --home / AURORA_LAB_HOME.`;
  }
  return `${head} There is no backup (${basename(backupPath(file))}) yet to restore. To start an empty lab: ${aside}; or use another --home / AURORA_LAB_HOME. A database recovery tool (sqlite3's .recover) may save part of it.`;
}

function readHeader(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Before opening: an existing file must be a non-empty SQLite database. A missing file is a new lab. */
export function checkDatabaseFile(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  const backup = existsSync(backupPath(file)) ? backupPath(file) : null;
  const size = statSync(file).size;
  if (size === 0) throw new DatabaseDamagedError(file, 'is empty (0 bytes): it was truncated or overwritten', backup);
  if (readHeader(file) !== SQLITE_HEADER) {
    throw new DatabaseDamagedError(file, `is not an SQLite database (its first bytes are not "SQLite format 3"; ${size} bytes)`, backup);
  }
}

/** On the open connection, before anything writes: `PRAGMA quick_check`, or the error it raised. */
export function checkDatabaseIntegrity(db: Database.Database, file: string): void {
  if (file === ':memory:') return;
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  } catch (err) {
    // A busy or locked database is not a damaged one: only corruption codes mean the file is bad.
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw err;
    problems = [err instanceof Error ? err.message : String(err)];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  const backup = existsSync(backupPath(file)) ? backupPath(file) : null;
  throw new DatabaseDamagedError(file, `is damaged (PRAGMA quick_check: ${problems.join('; ').replace(/\s*\n\s*/g, '; ')})`, backup);
}

/**
 * Copies a database that just passed its checks to `<file>.bak` unless that backup is younger than
 * `intervalHours`. Returns the backup's path when one was written. A failure never stops the lab, but is
 * reported through `warn` (the caller prints it): a missing backup must not go unnoticed.
 */
export function rollBackup(
  db: Database.Database,
  file: string,
  opts: { intervalHours?: number; now?: number; warn?: (message: string) => void } = {},
): string | null {
  if (file === ':memory:') return null;
  const target = backupPath(file);
  const intervalMs = (opts.intervalHours ?? DEFAULT_BACKUP_INTERVAL_HOURS) * 3_600_000;
  const now = opts.now ?? Date.now();
  if (existsSync(target) && now - statSync(target).mtimeMs < intervalMs) return null;
  const tmp = join(dirname(file), `.${basename(file)}.bak-${process.pid}-${now}.tmp`);
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    const copy = new Database(tmp, { readonly: true, fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its quick_check (${String(check)})`);
    } finally {
      copy.close();
    }
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    return target;
  } catch (err) {
    rmSync(tmp, { force: true });
    opts.warn?.(`warning: could not back up the lab database to ${target}: ${err instanceof Error ? err.message : String(err)}. The lab runs on, without a fresh backup.`);
    return null;
  }
}
