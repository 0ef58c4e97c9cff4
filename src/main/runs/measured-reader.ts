/**
 * Reading a run's measured rows as columns (measured-columns.ts), and keeping them: the comparison and router
 * profile builds read the same runs again and again, and a stored run changes rarely (results are appended while
 * it runs; a deletion, an edit or a run model removed otherwise).
 *
 * Reading: one SQL function call per row of the run's index scan, the row's cells as its arguments, written
 * straight into typed arrays (no row object; a call with its cells is ~6x cheaper than a JS row array). Cells are
 * checked as rows.ts checks them. A result whose run model is gone is not a measured row (the join the old reader
 * made); rows in position order. The model table may list a run model without rows: consumers take models in the
 * order rows name them.
 *
 * Keeping: each run's columns are kept in memory with the highest result id of the table and the lab's change
 * counter (db/0024: triggers count every update or deletion of a result and every change of run models) at the
 * time of reading. They are reused while the counter is unchanged and no result of that run was added since (a
 * rowid range probe over the rows added since); results only added (a run still measuring) are read alone and
 * appended; any other change reads the run again. Bounded by MAX_KEPT_ROWS.
 *
 * Persisting (db/0025, measured-blob.ts): a fresh process has nothing in memory, and reading a large run row by
 * row is most of its first comparison (~300 ms for 168k results). So a run's columns are also stored as one BLOB
 * with the same highest id and counter, and a run not kept in memory is taken from its entry under the same rule
 * (current counter; results added since are read and appended). An entry is written after a read from SQLite of
 * a run of MIN_PERSISTED_ROWS or more: again while the run measures only once the rows appended since are a
 * REWRITE_FRACTION of the entry (each write is the whole BLOB), and once more when it no longer measures. The
 * probe for results added since scans every result the lab stored after the entry: when that is many and the run
 * got none, the entry's max_id is moved on (a small row; the BLOB is in a table of its own). Never on a read-only
 * connection nor inside a caller's transaction. A write that fails (SQLITE_FULL, busy, a read-only file) leaves
 * the read as it was, is counted in `stats` and reported once; an entry that does not decode is ignored, and
 * written again after the read.
 */
import type { Db } from '../store/database';
import { flag, flagOrNull, num, numOrNull, row, rowOrNull, str, strOrNull } from '../store/rows';
import { decodeColumns, encodeColumns } from './measured-blob';
import { MeasuredCache, type CacheEntry } from './measured-cache';
import { ColumnsBuilder, concatColumns, type MeasuredColumns, type MeasuredRunRef } from './measured-columns';
import { campaignQuestions, missingPromptText, promptTextSql } from './prompt-text';

const MEASURE = 'aurora_measured_column';
/**
 * The prompt's text: the row's own, or NULL where its campaign holds it (db/0028), found in the run's questions read
 * before the scan (a function cannot query its connection while the scan runs). A few rows added since are
 * looked up in SQL instead of reading every question of the campaign.
 */
const measuredSql = (prompt: string) => `SELECT COUNT(${MEASURE}(p.position, p.run_model_id, p.prompt_id, ${prompt},
    COALESCE(p.subject, CASE WHEN p.prompt_id LIKE 'mmlu/%/%' THEN substr(p.prompt_id, 6, instr(substr(p.prompt_id, 6), '/') - 1) END),
    COALESCE(p.rep, 0), p.ok, p.correct, p.unparsable, p.total_ms, p.ttft_ms, p.decode_tps, p.energy_j, p.net_energy_j, p.output_tokens,
    p.peak_ram_mb, p.energy_method, p.simulated))
  FROM prompt_results p`;
const WHOLE_RUN = `${measuredSql('p.prompt')} WHERE p.run_id = ?`;
// Unary + keeps the planner on the rowid range (the rows added since), not on the run's whole index range.
const ADDED_SINCE = `${measuredSql(promptTextSql())} WHERE p.id > ? AND +p.run_id = ?`;

/** Rows kept across runs (~75 bytes a row in typed arrays: ~150 MB). */
export const MAX_KEPT_ROWS = 2_000_000;

interface Sink {
  b: ColumnsBuilder;
  /** The run's campaign questions by prompt id (db/0028), for rows without their own text. */
  questions: Map<string, string>;
  runId: string;
  /** run_models.id -> index in b.models. */
  models: Map<number, number>;
}
let sink: Sink | null = null;
const registered = new WeakSet<Db>();

const NAN = Number.NaN;
const w = 'prompt_results';
const nn = (v: unknown): number => numOrNull(v, w) ?? NAN;
const tri = (v: unknown): number => {
  const f = flagOrNull(v, w);
  return f === null ? -1 : f ? 1 : 0;
};

function ensureFunction(db: Db): void {
  if (registered.has(db)) return;
  db.function(
    MEASURE,
    { deterministic: false, directOnly: true },
    (position: unknown, runModelId: unknown, promptId: unknown, prompt: unknown, subject: unknown, rep: unknown, ok: unknown, correct: unknown,
      unparsable: unknown, total: unknown, ttft: unknown, tps: unknown, energy: unknown, netEnergy: unknown, tokens: unknown, ram: unknown,
      method: unknown, simulated: unknown) => {
      const s = sink;
      if (!s) return null;
      const model = s.models.get(num(runModelId, w));
      if (model === undefined) return null;
      const b = s.b;
      const id = str(promptId, w);
      const text = strOrNull(prompt, w) ?? s.questions.get(id);
      if (text === undefined) throw missingPromptText(s.runId, id);
      const prompt_ = b.prompt(id, text, strOrNull(subject, w));
      const i = b.next();
      const c = b.c;
      c.run[i] = 0;
      c.model[i] = model;
      c.prompt[i] = prompt_;
      c.position[i] = num(position, w);
      c.rep[i] = num(rep, w);
      c.ok[i] = flag(ok, w) ? 1 : 0;
      c.correct[i] = tri(correct);
      c.unparsable[i] = tri(unparsable);
      c.latencyMs[i] = nn(total);
      c.ttftMs[i] = nn(ttft);
      c.decodeTps[i] = nn(tps);
      c.energyJ[i] = nn(energy);
      c.netEnergyJ[i] = nn(netEnergy);
      c.outputTokens[i] = nn(tokens);
      c.peakRamMb[i] = nn(ram);
      c.energyMethod[i] = b.method(strOrNull(method, w));
      c.simulated[i] = flag(simulated, w) ? 1 : 0;
      return null;
    },
  );
  registered.add(db);
}

/** The columns sorted by position (the scan follows the (run_id, ...) index, not position order). */
function inPositionOrder(c: MeasuredColumns): MeasuredColumns {
  const pos = c.position;
  let sorted = true;
  for (let i = 1; i < c.length && sorted; i++) sorted = pos[i - 1]! < pos[i]!;
  if (sorted) return c;
  const order = Array.from({ length: c.length }, (_, i) => i).sort((a, b) => pos[a]! - pos[b]!);
  const out = { ...c };
  for (const k of Object.keys(c) as Array<keyof MeasuredColumns>) {
    const v = c[k];
    if (ArrayBuffer.isView(v)) {
      const src = v as unknown as Float64Array;
      const dst = new (src.constructor as Float64ArrayConstructor)(c.length);
      for (let i = 0; i < order.length; i++) dst[i] = src[order[i]!]!;
      (out as Record<string, unknown>)[k] = dst;
    }
  }
  return out;
}

interface Kept {
  columns: MeasuredColumns;
  /** Highest prompt_results.id and the change counter when read (or last found current). */
  maxId: number;
  changes: number;
  /** The run's persisted entry as last read or written: it holds the first `rows` of these columns (null: none current). */
  entry: CacheEntry | null;
}

/** A write after the read: the run's entry (the whole BLOB), or only its max_id moved on. */
type Write = { id: string; kept: Kept; what: 'entry' | 'advance' };

/** A run of fewer rows is not persisted: SQLite reads it in a few ms. */
export const MIN_PERSISTED_ROWS = 2_000;
/** A run still measuring is persisted again once the rows appended since its entry are this fraction of it. */
export const REWRITE_FRACTION = 0.5;

export interface MeasuredReaderOptions {
  /** Use db/0025's persisted columns (default true; false: the bench's SQLite-only baseline). */
  persisted?: boolean;
  /** Runs of fewer rows are not persisted; default MIN_PERSISTED_ROWS. */
  minPersistedRows?: number;
  /** Where a failure to persist is reported (once per reader); default stderr. */
  onWarning?: (message: string) => void;
}

/** What a reader did: rows read from prompt_results and from persisted entries, and how persisting went. */
export interface MeasuredReaderStats {
  rowsFromSqlite: number;
  rowsFromCache: number;
  rowsPersisted: number;
  /** Persisted entries that did not decode (ignored, read again and overwritten). */
  unreadableEntries: number;
  /** Writes of an entry that failed (the read itself went on). */
  persistFailures: number;
}

type State = { maxId: number; changes: number | null };

/** Reads runs' measured columns, keeping each run's for the next read (see the module comment). */
export class MeasuredReader {
  readonly stats: MeasuredReaderStats = { rowsFromSqlite: 0, rowsFromCache: 0, rowsPersisted: 0, unreadableEntries: 0, persistFailures: 0 };
  readonly #kept = new Map<string, Kept>();
  #keptRows = 0;
  /** The database has db/0024's counter (a read-only one opened at an older schema may not). */
  #hasCounter: boolean | null = null;
  readonly #cache: MeasuredCache | null;
  readonly #warn: (message: string) => void;
  readonly #minPersisted: number;
  #warned = false;
  /** Runs whose persisted entry would not decode: written again whatever their size. */
  readonly #overwrite = new Set<string>();

  constructor(
    private readonly db: Db,
    opts: MeasuredReaderOptions = {},
  ) {
    this.#cache = opts.persisted === false ? null : new MeasuredCache(db);
    this.#minPersisted = opts.minPersistedRows ?? MIN_PERSISTED_ROWS;
    this.#warn = opts.onWarning ?? ((m: string) => process.stderr.write(`${m}\n`));
  }

  /** Every stored prompt result of `runIds` as columns, runs in the order given. Unknown run ids give no rows. */
  columns(runIds: readonly string[]): MeasuredColumns {
    const parts: Array<{ columns: MeasuredColumns; run: MeasuredRunRef }> = [];
    const writes: Write[] = [];
    // One read snapshot: the highest id and the counter read first describe exactly the rows read after them,
    // though another process commits meanwhile (else rows committed in between would be appended twice later).
    this.db.transaction(() => {
      const runSt = this.db.prepare('SELECT serial, device_model, status FROM runs WHERE id = ?');
      const state = this.#state();
      for (const id of runIds) {
        const r = rowOrNull(runSt.get(id), 'runs');
        if (!r) continue;
        const run = { runId: id, serial: r.str('serial'), deviceModel: r.strOrNull('device_model') };
        parts.push({ columns: this.#run(id, run, r.str('status') === 'running', state, writes), run });
      }
    })();
    for (const w of writes) this.#write(w);
    if (parts.length === 0) return new ColumnsBuilder(16).build();
    return concatColumns(parts);
  }

  /** The table's highest result id and the change counter (0 on a database without db/0024: nothing kept then). */
  #state(): State {
    const maxId = numOrNull(this.db.prepare('SELECT MAX(id) FROM prompt_results').pluck().get(), w) ?? 0;
    this.#hasCounter ??= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_changes'").pluck().get() !== undefined;
    const changes = this.#hasCounter ? numOrNull(this.db.prepare('SELECT n FROM store_changes WHERE id = 1').pluck().get(), 'store_changes') : null;
    return { maxId, changes };
  }

  #run(id: string, run: MeasuredRunRef, measuring: boolean, state: State, writes: Write[]): MeasuredColumns {
    const current = (k: Kept | null | undefined): k is Kept => !!k && state.changes !== null && k.changes === state.changes && k.maxId <= state.maxId;
    let base: Kept | null | undefined = this.#kept.get(id);
    if (!current(base)) base = state.changes === null ? null : this.#fromCache(id, run, state);
    if (current(base)) {
      if (base.maxId === state.maxId) return this.#keep(id, base).columns;
      const added = this.db.prepare('SELECT 1 FROM prompt_results WHERE id > ? AND +run_id = ? LIMIT 1').pluck().get(base.maxId, id);
      if (added === undefined) {
        base.maxId = state.maxId;
        // The probe scanned every result added to the lab since the entry: a fresh process would scan them again.
        if (base.entry && base.entry.rows === base.columns.length && state.maxId - base.entry.maxId >= this.#minPersisted && this.#writable()) {
          writes.push({ id, kept: base, what: 'advance' });
        }
        return this.#keep(id, base).columns;
      }
    } else base = null;
    // Results only added since (a run still measuring): read those and append them to what is kept.
    const columns = this.#read(id, run, base ?? undefined);
    this.stats.rowsFromSqlite += columns.length - (base?.columns.length ?? 0);
    this.#forget(id);
    if (state.changes === null) return columns;
    const kept = this.#keep(id, { columns, maxId: state.maxId, changes: state.changes, entry: base?.entry ?? null });
    if (this.#worthPersisting(id, kept, measuring)) writes.push({ id, kept, what: 'entry' });
    return columns;
  }

  /** The run's persisted entry when it is current (the same rule as for what is kept in memory). */
  #fromCache(id: string, run: MeasuredRunRef, state: State): Kept | null {
    const e = this.#cache?.entry(id);
    if (!e || e.changes !== state.changes || e.maxId > state.maxId) return null;
    const data = this.#cache!.data(id);
    const columns = data && decodeColumns(data, run);
    if (!columns || columns.length !== e.rows) {
      this.stats.unreadableEntries++;
      this.#overwrite.add(id);
      return null;
    }
    this.stats.rowsFromCache += columns.length;
    return { columns, maxId: e.maxId, changes: e.changes, entry: e };
  }

  /**
   * Whether to write the run's entry after a read from SQLite: enough rows, not yet in the entry; while the run
   * measures, only once the rows appended since the entry are a fraction of it (not a whole BLOB per few rows).
   */
  #worthPersisting(id: string, k: Kept, measuring: boolean): boolean {
    if (!this.#writable()) return false;
    if (this.#overwrite.has(id)) return true;
    const persisted = k.entry?.rows ?? 0;
    const fresh = k.columns.length - persisted;
    if (fresh <= 0 || k.columns.length < this.#minPersisted) return false;
    return !measuring || persisted === 0 || fresh >= persisted * REWRITE_FRACTION;
  }

  #writable(): boolean {
    return this.#cache !== null && !this.db.readonly;
  }

  /** Writes the run's entry or moves it on; a failure never fails the read (it is a cache), is counted, reported once. */
  #write({ id, kept: k, what }: Write): void {
    // In a caller's transaction a failed write (SQLITE_FULL, busy) could roll all of it back: not for a cache.
    if (!this.#cache?.available() || this.db.inTransaction) return;
    try {
      if (what === 'advance') {
        this.#cache.advance(id, k.entry!, k.maxId);
        k.entry = { ...k.entry!, maxId: k.maxId };
        return;
      }
      // Null: a string that UTF-8 would not give back (a lone surrogate); such a run is read from SQLite each time.
      const data = encodeColumns(k.columns);
      if (!data) return;
      const entry = { maxId: k.maxId, changes: k.changes, rows: k.columns.length };
      if (this.#cache.put(id, entry, data)) {
        k.entry = entry;
        this.stats.rowsPersisted += k.columns.length;
      }
      this.#overwrite.delete(id);
    } catch (err) {
      this.stats.persistFailures++;
      if (this.#warned) return;
      this.#warned = true;
      this.#warn(`warning: could not save run ${id}'s measured columns for a faster next load (${err instanceof Error ? err.message : String(err)}); they are read from the stored results instead.`);
    }
  }

  /** Keeps `k` as the most recently used (a Map keeps insertion order: the first key is the one to drop). */
  #keep(id: string, k: Kept): Kept {
    this.#forget(id);
    if (k.columns.length > MAX_KEPT_ROWS) return k;
    while (this.#keptRows + k.columns.length > MAX_KEPT_ROWS) this.#forget(this.#kept.keys().next().value!);
    this.#kept.set(id, k);
    this.#keptRows += k.columns.length;
    return k;
  }

  #forget(id: string): void {
    const k = this.#kept.get(id);
    if (!k) return;
    this.#keptRows -= k.columns.length;
    this.#kept.delete(id);
  }

  #read(id: string, run: MeasuredRunRef, since?: Kept): MeasuredColumns {
    ensureFunction(this.db);
    const b = since ? ColumnsBuilder.from(since.columns, 1024) : new ColumnsBuilder(4096);
    if (!since) b.addRun(run);
    const models = new Map<number, number>();
    for (const v of this.db.prepare('SELECT id, model_id FROM run_models WHERE run_id = ? ORDER BY position').all(id)) {
      const m = row(v, 'run_models');
      models.set(m.num('id'), b.model(m.str('model_id')));
    }
    sink = { b, models, runId: id, questions: since ? new Map() : campaignQuestions(this.db, id) };
    try {
      if (since) this.db.prepare(ADDED_SINCE).pluck().get(since.maxId, id);
      else this.db.prepare(WHOLE_RUN).pluck().get(id);
    } finally {
      sink = null;
    }
    return inPositionOrder(b.build());
  }
}
