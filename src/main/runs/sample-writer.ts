/**
 * What storing a run's power readings writes besides the readings (db/0027): a result's pack columns (the BLOB,
 * its first and last reading's times, and a timeline mark on about one pack every PACK_MARK_SPACING_MS), and a
 * power_sample_gaps row for every stretch longer than GAP_MIN_MS without a reading of the run, packed or not.
 *
 * Both need the run's latest reading and latest mark: kept per database connection (any repository on it sees
 * the same) and read from the file the first time a run is written in this process (a resumed run). A run is
 * written by one process at a time (campaigns/ownership.ts). The kept values move only once the caller's
 * transaction has committed (`apply`), so a rolled-back commit leaves them as they were.
 */
import type { Statement } from 'better-sqlite3';
import { GAP_MIN_MS } from '../../shared/power-intervals';
import type { Db } from '../store/database';
import { numOrNull } from '../store/rows';
import { packSamples } from './sample-pack';
import type { StoredSample } from './sample-insert';

/** Readings between two timeline marks: a mark costs its commit one more b-tree; a timeline seek reads the packs after one. */
export const PACK_MARK_SPACING_MS = 30_000;

export interface PackColumns {
  samples: Buffer | null;
  fromMs: number | null;
  toMs: number | null;
  mark: 1 | null;
}

interface RunState {
  lastT: number | null;
  lastMarkFrom: number | null;
}

const states = new WeakMap<Db, Map<string, RunState>>();
const w = 'prompt_results';

export class SampleWriter {
  readonly #runs: Map<string, RunState>;
  #insertGap: Statement | null = null;

  constructor(private readonly db: Db) {
    let m = states.get(db);
    if (!m) states.set(db, (m = new Map()));
    this.#runs = m;
  }

  /** Whether writing these readings reads the run's latest reading and mark first (not yet known here). */
  readsFirst(runId: string, samples: readonly StoredSample[]): boolean {
    return samples.length > 0 && !this.#runs.has(runId);
  }

  #state(runId: string): RunState {
    let s = this.#runs.get(runId);
    if (!s) {
      s = { lastT: lastReading(this.db, runId), lastMarkFrom: numOrNull(this.db.prepare('SELECT MAX(samples_from_ms) FROM prompt_results WHERE run_id = ? AND samples_mark = 1').pluck().get(runId), w) };
      this.#runs.set(runId, s);
    }
    return s;
  }

  /**
   * Records the gaps before and among `samples` (in the caller's transaction) and gives the pack columns of a
   * result that carries them (`packed`) or none (rows stored elsewhere); `apply` once the transaction committed.
   */
  write(runId: string, samples: readonly StoredSample[], packed: boolean): { columns: PackColumns; apply: () => void } {
    const none: PackColumns = { samples: null, fromMs: null, toMs: null, mark: null };
    if (samples.length === 0) return { columns: none, apply: () => undefined };
    const state = this.#state(runId);
    const times = Float64Array.from(samples, (s) => s.tMs);
    // In time order as a rule (one source, or sources read together); sorted where not.
    for (let i = 1; i < times.length; i++) {
      if (times[i]! < times[i - 1]!) {
        times.sort();
        break;
      }
    }
    let last = state.lastT;
    for (const t of times) {
      if (last !== null && t - last > GAP_MIN_MS) {
        this.#insertGap ??= this.db.prepare('INSERT OR REPLACE INTO power_sample_gaps (run_id, from_ms, to_ms) VALUES (?, ?, ?)');
        this.#insertGap.run(runId, last, t);
      }
      // A reading that arrives later than one already stored (another source's) moves nothing back.
      if (last === null || t > last) last = t;
    }
    const from = times[0]!;
    const to = times[times.length - 1]!;
    const mark = packed && (state.lastMarkFrom === null || from - state.lastMarkFrom >= PACK_MARK_SPACING_MS) ? 1 : null;
    const columns: PackColumns = packed ? { samples: packSamples(samples), fromMs: from, toMs: to, mark } : none;
    return {
      columns,
      apply: () => {
        state.lastT = last;
        if (mark) state.lastMarkFrom = from;
      },
    };
  }
}

/** The run's latest stored reading: its newest power_samples row or the end of its newest packs. */
export function lastReading(db: Db, runId: string): number | null {
  const row = numOrNull(db.prepare('SELECT MAX(t_ms) FROM power_samples WHERE run_id = ?').pluck().get(runId), 'power_samples');
  const packed = lastPackedReading(db, runId);
  return row === null ? packed : packed === null ? row : Math.max(row, packed);
}

/**
 * The end of the run's newest packs: the packs from its last mark on (a mark starts every stretch of packs), by rowid
 * up to the run's last result (`+run_id`: not through the cell index, which would read every result of the run).
 */
export function lastPackedReading(db: Db, runId: string, lastId = lastResultId(db, runId)): number | null {
  const markId = db.prepare('SELECT id FROM prompt_results WHERE run_id = ? AND samples_mark = 1 ORDER BY samples_from_ms DESC LIMIT 1').pluck().get(runId);
  if (markId === undefined || lastId === null) return null;
  return numOrNull(db.prepare('SELECT MAX(samples_to_ms) FROM prompt_results WHERE id BETWEEN ? AND ? AND +run_id = ?').pluck().get(markId, lastId, runId), w);
}

/**
 * The id of the run's last result: the bound of every walk through its packs by rowid, which would otherwise go on
 * through the results of every run stored after it. (Through the cell index's entries of the run.)
 */
export function lastResultId(db: Db, runId: string): number | null {
  return numOrNull(db.prepare('SELECT MAX(id) FROM prompt_results WHERE run_id = ?').pluck().get(runId), w);
}

/** Forgets what was kept of runs that were deleted (an id used again starts afresh). */
export function forgetRuns(db: Db, runIds: readonly string[]): void {
  const m = states.get(db);
  for (const id of runIds) m?.delete(id);
}
