/**
 * The persisted measured columns of runs (db/0025_measured_cache.sql): the table's SQL for measured-reader.ts.
 * An entry is checked by its small row first; the BLOB (measured_cache_data) is read only for an entry that is current.
 */
import type { Db } from '../store/database';
import { rowOrNull } from '../store/rows';

export interface CacheEntry {
  /** Highest prompt_results.id and store_changes.n when the columns were read. */
  maxId: number;
  changes: number;
  rows: number;
}

export class MeasuredCache {
  /** The database has the table (a read-only one opened at an older schema may not). */
  #has: boolean | null = null;

  constructor(private readonly db: Db) {}

  available(): boolean {
    this.#has ??= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'measured_cache'").pluck().get() !== undefined;
    return this.#has;
  }

  entry(runId: string): CacheEntry | null {
    if (!this.available()) return null;
    const r = rowOrNull(this.db.prepare('SELECT max_id, changes, row_count FROM measured_cache WHERE run_id = ?').get(runId), 'measured_cache');
    return r && { maxId: r.num('max_id'), changes: r.num('changes'), rows: r.num('row_count') };
  }

  data(runId: string): Buffer | null {
    const v: unknown = this.db.prepare('SELECT data FROM measured_cache_data WHERE run_id = ?').pluck().get(runId);
    return Buffer.isBuffer(v) ? v : null;
  }

  /**
   * Stores `data` as the run's entry unless the run is gone or the entry there is newer (another process read the
   * run after a later change). Returns whether it was written.
   */
  put(runId: string, e: CacheEntry, data: Buffer): boolean {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO measured_cache (run_id, max_id, changes, row_count, written_at)
           SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)
           ON CONFLICT (run_id) DO UPDATE SET max_id = excluded.max_id, changes = excluded.changes, row_count = excluded.row_count,
             written_at = excluded.written_at
           WHERE excluded.changes > measured_cache.changes OR (excluded.changes = measured_cache.changes AND excluded.max_id >= measured_cache.max_id)`,
        )
        .run(runId, e.maxId, e.changes, e.rows, Date.now(), runId);
      if (info.changes === 0) return false;
      this.db.prepare('INSERT INTO measured_cache_data (run_id, data) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET data = excluded.data').run(runId, data);
      return true;
    })();
  }

  /** The entry `e` holds every result of the run up to `maxId` (none was added since): moves its max_id on. */
  advance(runId: string, e: CacheEntry, maxId: number): void {
    this.db.prepare('UPDATE measured_cache SET max_id = ? WHERE run_id = ? AND changes = ? AND max_id = ? AND row_count = ?').run(maxId, runId, e.changes, e.maxId, e.rows);
  }
}
