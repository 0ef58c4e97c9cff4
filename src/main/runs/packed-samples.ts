/**
 * Reading a run's packed power samples (db/0027: each result's readings packed in its row, sample-pack.ts) beside
 * its power_samples rows (readings taken outside a prompt, and every reading stored before packing):
 * - all of them, for a run's chart and exports (`packedReadings`);
 * - by time, for a campaign's timeline (`PackedSeeker`): from the run's timeline mark at or before an instant
 *   (a partial index, sample-writer.ts) forward through the run's packs by id, never reading every pack.
 * A run's packs are in commit order, and one source's readings are in time order across them: each commit carries
 * the readings that arrived since the previous one, and a meter's readings arrive in order.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import { cells, num, numOrNull } from '../store/rows';
import { SamplePackError, unpackSamples, type UnpackedSample } from './sample-pack';
import { lastPackedReading, lastResultId } from './sample-writer';

export interface PackedReading extends UnpackedSample {
  runModelId: number | null;
}

const w = 'prompt_results';

/** Every packed reading of a run, in commit order (then packed order). */
export function packedReadings(db: Db, runId: string): PackedReading[] {
  const out: PackedReading[] = [];
  for (const v of db.prepare('SELECT id, run_model_id, samples FROM prompt_results WHERE run_id = ? AND samples IS NOT NULL ORDER BY id').raw().all(runId)) {
    const c = cells(v, w);
    const runModelId = numOrNull(c[1], w);
    for (const s of unpackOf(runId, num(c[0], w), c[2])) out.push({ ...s, runModelId });
  }
  return out;
}

/** A result's pack, or an error naming the result whose stored samples are damaged. */
function unpackOf(runId: string, resultId: number, blob: unknown): UnpackedSample[] {
  if (!(blob instanceof Uint8Array)) throw new SamplePackError(`result ${resultId} of run ${runId}: its packed power samples are not a BLOB; the stored value is damaged`);
  try {
    return unpackSamples(blob);
  } catch (err) {
    if (err instanceof SamplePackError) throw new SamplePackError(`result ${resultId} of run ${runId}: ${err.message}`);
    throw err;
  }
}

/**
 * Merges readings sorted by time with others sorted by time, stably (`a`'s first on equal times), as one list in
 * the order `ORDER BY t_ms` of one table would give.
 */
export function mergeByTime<T extends { tMs: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j]!.tMs < a[i]!.tMs ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Sorts packed readings by time, stably: across sources a pack's readings need not be in time order. */
export function byTime<T extends { tMs: number }>(rs: T[]): T[] {
  return rs.map((r, i) => ({ r, i })).sort((x, y) => x.r.tMs - y.r.tMs || x.i - y.i).map((x) => x.r);
}

type Column = 'watts' | 'energyJ';

/** A run's packed readings by time, for the timeline's reads at instants (it keeps the packs it decoded). */
export class PackedSeeker {
  readonly #mark: Statement;
  readonly #firstMark: Statement;
  readonly #after: Statement;
  readonly #pack: Statement;
  readonly #decoded = new Map<number, UnpackedSample[]>();
  #lastId: number | null | undefined;
  #firstPack: { id: number; from: number } | null | undefined;

  constructor(
    private readonly db: Db,
    readonly runId: string,
  ) {
    this.#mark = db.prepare('SELECT id FROM prompt_results WHERE run_id = ? AND samples_mark = 1 AND samples_from_ms <= ? ORDER BY samples_from_ms DESC LIMIT 1').pluck();
    this.#firstMark = db.prepare('SELECT id, samples_from_ms FROM prompt_results WHERE run_id = ? AND samples_mark = 1 ORDER BY samples_from_ms LIMIT 1').raw();
    // A pack's times first, its BLOB only where it may hold the reading sought. `+run_id`: by rowid from the mark to
    // the run's last result, not through the cell index (every result of the run, then a sort).
    this.#after = db.prepare('SELECT id, samples_from_ms, samples_to_ms FROM prompt_results WHERE id BETWEEN ? AND ? AND +run_id = ? AND samples IS NOT NULL ORDER BY id LIMIT 16').raw();
    this.#pack = db.prepare('SELECT samples FROM prompt_results WHERE id = ?').pluck();
  }

  get #last(): number | null {
    if (this.#lastId === undefined) this.#lastId = lastResultId(this.db, this.runId);
    return this.#lastId;
  }

  /** The run's first pack (always a mark), read once: null for a run without packs (stored before db/0027). */
  get #first(): { id: number; from: number } | null {
    if (this.#firstPack === undefined) {
      const v = this.#firstMark.get(this.runId);
      this.#firstPack = v === undefined ? null : { id: num(cells(v, w)[0], w), from: num(cells(v, w)[1], w) };
    }
    return this.#firstPack;
  }

  /** The first and last packed reading's times, or null for a run without packs. */
  range(): { t0: number; t1: number } | null {
    const first = this.#first;
    if (!first) return null;
    const t1 = lastPackedReading(this.db, this.runId, this.#last);
    return t1 === null ? null : { t0: first.from, t1 };
  }

  /** The packs from result `id` on: their ids and first and last reading's times. */
  *#packsFrom(id: number): Generator<{ id: number; from: number; to: number }> {
    const last = this.#last;
    if (last === null) return;
    let next = id;
    for (;;) {
      const rows = this.#after.all(next, last, this.runId);
      for (const v of rows) {
        const c = cells(v, w);
        const head = { id: num(c[0], w), from: num(c[1], w), to: num(c[2], w) };
        next = head.id + 1;
        yield head;
      }
      if (rows.length < 16) return;
    }
  }

  /** A pack's readings (kept: the next instant usually reads the same pack). */
  #readings(id: number): UnpackedSample[] {
    let s = this.#decoded.get(id);
    if (!s) {
      if (this.#decoded.size > 512) this.#decoded.clear();
      s = unpackOf(this.runId, id, this.#pack.get(id));
      this.#decoded.set(id, s);
    }
    return s;
  }

  /** The pack to walk from for instant `t`: the mark at or before it, or the first pack (null: no packs). */
  #startAt(t: number): number | null {
    const first = this.#first;
    if (!first || t <= first.from) return first?.id ?? null;
    return num(this.#mark.get(this.runId, t), w);
  }

  /** The first packed reading of `source` with a `col` at or after `t`: [time, value]. */
  at(t: number, source: UnpackedSample['source'], col: Column): [number, number] | undefined {
    const start = this.#startAt(t);
    if (start === null) return undefined;
    let best: [number, number] | undefined;
    for (const head of this.#packsFrom(start)) {
      // Packs further on begin later still (another source's readings may overlap by a little).
      if (best && head.from > best[0]) break;
      if (head.to < t) continue;
      for (const s of this.#readings(head.id)) {
        const v = s[col];
        if (s.source === source && v !== null && s.tMs >= t && (!best || s.tMs < best[0])) best = [s.tMs, v];
      }
    }
    return best;
  }

  /** The run's first `n` packed readings by time (from its first packs). */
  first(n: number): UnpackedSample[] {
    const start = this.#startAt(-Infinity);
    if (start === null) return [];
    const out: UnpackedSample[] = [];
    for (const head of this.#packsFrom(start)) {
      out.push(...this.#readings(head.id));
      if (out.length >= n) break;
    }
    return byTime(out).slice(0, n);
  }
}
