/**
 * A full disk (and a database locked by another process), recognised wherever the lab writes: SQLITE_FULL from the database (the disk, or the database's page
 * limit) and ENOSPC from a file write. The user gets the real cause, the place, and what to do, never a generic
 * failure: nothing already stored is lost (each write is one transaction), and the work can go on once there is space.
 */
import { dirname } from 'node:path';

export interface StorageFault {
  /** The file (or the folder) that could not grow. */
  path: string;
  kind: 'database' | 'file';
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
}

/** The storage fault `err` is, or null. `databaseFile`: the lab database, named for SQLITE_FULL. */
export function storageFault(err: unknown, databaseFile: string): StorageFault | null {
  const code = codeOf(err);
  if (code === 'SQLITE_FULL' || (err instanceof Error && /database or disk is full/i.test(err.message))) return { path: databaseFile, kind: 'database' };
  if (code === 'ENOSPC') {
    const path = typeof err === 'object' && err !== null && 'path' in err && typeof err.path === 'string' ? err.path : null;
    return { path: path ?? dirname(databaseFile), kind: 'file' };
  }
  return null;
}

/** "The disk holding <path> is full: free space and ..." with the command that continues the work. */
export function diskFullMessage(fault: StorageFault, next: string): string {
  return `The disk holding ${fault.path} is full: free space and ${next}. Everything stored so far is kept.`;
}

/** How long a write waits for another connection's write lock before SQLite answers SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** The database was locked past the busy timeout (another connection held its write lock all along). */
export function databaseLocked(err: unknown): boolean {
  const code = codeOf(err);
  // Extended codes too (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED_SHAREDCACHE, ...).
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/**
 * Why a write found the database locked, and what to do. In WAL mode only a write transaction holds the lock, and
 * the lab's are short: one held for seconds is a process that stopped (Ctrl-Z, SIGSTOP, a debugger) or hung in one.
 */
export function databaseLockedMessage(): string {
  return (
    `The lab database stayed locked for over ${BUSY_TIMEOUT_MS / 1000} s: another process holds its write lock, most likely a lab process ` +
    'that was stopped (Ctrl-Z or SIGSTOP) or hung while writing. Let it go on (`fg` or SIGCONT) or end it, then run this again. Everything stored so far is kept.'
  );
}

/**
 * Tests only: with AURORA_LAB_TEST_DB_GROWTH_PAGES=N the database may grow by N pages from now, after which
 * SQLite itself answers SQLITE_FULL, as on a full disk (`PRAGMA max_page_count`, per connection).
 */
export function testPageLimit(db: { pragma(source: string, options?: { simple: boolean }): unknown }, env: NodeJS.ProcessEnv = process.env): void {
  const n = Number(env.AURORA_LAB_TEST_DB_GROWTH_PAGES);
  if (!Number.isInteger(n) || n <= 0) return;
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages + n}`);
}
