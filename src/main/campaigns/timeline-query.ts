/**
 * A campaign's power and temperature over time per run (its detail's timeline), at most `maxPoints` points each,
 * with model boundaries. A campaign's run can hold hundreds of thousands of samples, so the series is read at
 * `maxPoints` evenly spaced instants, never by reading every sample: power_samples rows through their (run_id, t_ms)
 * index, readings packed with results from the run's timeline marks (runs/packed-samples.ts); for ODPM the
 * cumulative energy between two instants gives the exact mean power of the interval (a counter reset, i.e. a new
 * runner session, is skipped); for the fuel gauge each point is the reading at its instant.
 *
 * Points read that way say nothing of the meter's own period or of its gaps (on a long run they are further apart
 * than the gap threshold), so the series carries the meter's facts as a run's chart does (power/timeline.ts):
 * - its update period, from the run's first readings (the same intervals a run's chart is made of);
 * - its gaps: every stretch without any stored reading longer than the gap threshold and than the series' step
 *   (GAPS_SQL); a shorter one lies inside one interval of the series, under 1/maxPoints of its width.
 *   (Any reading: an ODPM run's runner also samples the gauge. An ODPM poll that stalled while the runner sampled
 *   is not a gap here; the counter's mean across it is still exact.) A run with packed readings had its gaps
 *   recorded as they were stored (runs/sample-writer.ts); one stored before db/0027 has them found by GAPS_SQL.
 */
import type { TimelineSeries } from '../../shared/api/campaigns';
import { gapThresholdMs } from '../../shared/power-intervals';
import { meterIntervals, meterPeriodOf } from '../power/timeline';
import { mergeByTime, PackedSeeker } from '../runs/packed-samples';
import type { Db } from '../store/database';
import { cells, num, numOrNull, row } from '../store/rows';

/** Readings the meter's period is taken from: ~30 s of a fuel gauge sampled at 20 Hz, minutes of ODPM. */
const PERIOD_READINGS = 600;

const w = 'power_samples';

/**
 * Every gap longer than @gap between consecutive readings of run @run, by hops through the (run_id, t_ms) index:
 * from a reading c to the last reading at or before c + @gap, or, when there is none after c, to the next reading
 * at all (a gap). A gap's two ends are consecutive readings, so no hop jumps over one. The hops are about the run's
 * duration over @gap plus the gaps found, whatever the sampling rate; @gap is at least the series' own step, so
 * they are at most about maxPoints plus the gaps. (A scan of every reading, LEAD over the index, took 283 ms for
 * 505,512 ODPM reads and grows with them: twenty times that for a fuel gauge sampled at 20 Hz.)
 */
const GAPS_SQL = `WITH RECURSIVE hop(c, prev) AS (
    SELECT (SELECT MIN(t_ms) FROM power_samples WHERE run_id = @run), NULL
    UNION ALL
    SELECT COALESCE(NULLIF((SELECT MAX(t_ms) FROM power_samples WHERE run_id = @run AND t_ms <= c + @gap), c),
                    (SELECT MIN(t_ms) FROM power_samples WHERE run_id = @run AND t_ms > c)),
           c
      FROM hop WHERE c IS NOT NULL
  )
  SELECT prev, c FROM hop WHERE c - prev > @gap`;

/** A run's recorded gaps longer than @gap (all are longer than GAP_MIN_MS, the floor of any gap threshold). */
const RECORDED_GAPS_SQL = 'SELECT from_ms, to_ms FROM power_sample_gaps WHERE run_id = @run AND to_ms - from_ms > @gap ORDER BY from_ms';

interface TimelineRun {
  id: string;
  serial: string;
  energyMethod: string | null;
}

export function timeline(db: Db, runs: readonly TimelineRun[], maxPoints = 1000): TimelineSeries[] {
  return runs.map((run) => {
    const packed = new PackedSeeker(db, run.id);
    const range = readingRange(db, run.id, packed);
    const steps = range ? Math.max(1, Math.min(maxPoints, Math.round(range.t1 - range.t0))) : 1;
    const meter = range ? meterFacts(db, run, packed, (range.t1 - range.t0) / steps) : { meterPeriodMs: null, gaps: [] };
    return { serial: run.serial, runId: run.id, power: range ? power(db, run, packed, range, steps, maxPoints) : [], thermal: thermal(db, run.id, maxPoints), models: models(db, run.id), ...meter };
  });
}

/**
 * The first and last reading's times, rows and packs. Two statements for the rows: SQLite answers a lone MIN or MAX
 * with one index seek, both in one SELECT with a scan of the run (40 ms for 505,512 readings).
 */
function readingRange(db: Db, runId: string, packed: PackedSeeker): { t0: number; t1: number } | null {
  const r0 = numOrNull(db.prepare('SELECT MIN(t_ms) FROM power_samples WHERE run_id = ?').pluck().get(runId), w);
  const r1 = numOrNull(db.prepare('SELECT MAX(t_ms) FROM power_samples WHERE run_id = ?').pluck().get(runId), w);
  const rows = r0 === null || r1 === null ? null : { t0: r0, t1: r1 };
  const packs = packed.range();
  if (!rows || !packs) return rows ?? packs;
  return { t0: Math.min(rows.t0, packs.t0), t1: Math.max(rows.t1, packs.t1) };
}

/** The earlier of two readings at or after an instant. */
const earlier = (a: [number, number] | undefined, b: [number, number] | undefined) => (!a ? b : !b ? a : b[0] < a[0] ? b : a);

function power(db: Db, run: TimelineRun, packed: PackedSeeker, { t0, t1 }: { t0: number; t1: number }, steps: number, maxPoints: number): TimelineSeries['power'] {
  const source = run.energyMethod === 'odpm' ? 'odpm' : 'fuel-gauge';
  const col = source === 'odpm' ? 'energy_j' : 'watts';
  const at = db.prepare(`SELECT t_ms, ${col} FROM power_samples WHERE run_id = ? AND t_ms >= ? AND source = ? AND ${col} IS NOT NULL ORDER BY t_ms LIMIT 1`).raw();
  const out: TimelineSeries['power'] = [];
  let prev: [number, number] | null = null;
  for (let i = 0; i <= steps; i++) {
    const t = t0 + ((t1 - t0) * i) / steps;
    const v = at.get(run.id, t, source);
    const c = v === undefined ? undefined : cells(v, w);
    const cur = earlier(c ? [num(c[0], w), num(c[1], w)] : undefined, packed.at(t, source, source === 'odpm' ? 'energyJ' : 'watts'));
    if (cur === undefined) continue;
    if (prev && cur[0] === prev[0]) continue;
    if (source === 'odpm') {
      if (prev && cur[0] > prev[0] && cur[1] >= prev[1]) out.push({ t: cur[0], watts: ((cur[1] - prev[1]) * 1000) / (cur[0] - prev[0]) });
    } else out.push({ t: cur[0], watts: cur[1] });
    prev = cur;
  }
  return out.slice(0, maxPoints);
}

/**
 * The meter's update period (from the run's first readings) and the gaps in its readings the series can show: those
 * longer than the gap threshold and than the series' step (a shorter one lies inside one of its intervals).
 */
function meterFacts(db: Db, run: TimelineRun, packed: PackedSeeker, stepMs: number): Pick<TimelineSeries, 'meterPeriodMs' | 'gaps'> {
  const firstRows = db
    .prepare(`SELECT source, t_ms, watts, energy_j, raw_current, raw_voltage FROM power_samples WHERE run_id = ? ORDER BY t_ms, id LIMIT ${PERIOD_READINGS}`)
    .raw()
    .all(run.id)
    .map((v) => {
      const c = cells(v, w);
      const source = c[0] === 'odpm' ? ('odpm' as const) : ('fuel-gauge' as const);
      return { source, tMs: num(c[1], w), watts: numOrNull(c[2], w), energyJ: numOrNull(c[3], w), rawCurrent: numOrNull(c[4], w), rawVoltage: numOrNull(c[5], w) };
    });
  const packs = packed.first(PERIOD_READINGS);
  const first = mergeByTime(firstRows, packs).slice(0, PERIOD_READINGS);
  const meterPeriodMs = meterPeriodOf(meterIntervals(run.energyMethod, first).intervals);
  if (meterPeriodMs === null) return { meterPeriodMs: null, gaps: [] };
  const gap = Math.max(gapThresholdMs(meterPeriodMs), stepMs);
  // A run with packed readings had its gaps recorded as they were stored (runs/sample-writer.ts); one stored before
  // has rows only, and the hops find them.
  const gaps = (packs.length > 0 ? db.prepare(RECORDED_GAPS_SQL) : db.prepare(GAPS_SQL))
    .raw()
    .all({ run: run.id, gap })
    .map((v) => {
      const c = cells(v, w);
      return { from: num(c[0], w), to: num(c[1], w) };
    });
  return { meterPeriodMs, gaps };
}

function thermal(db: Db, runId: string, maxPoints: number): TimelineSeries['thermal'] {
  const tw = 'thermal_samples';
  // Three statements, each an index seek or an index-only count (see readingRange).
  const count = num(db.prepare('SELECT COUNT(*) FROM thermal_samples WHERE run_id = ?').pluck().get(runId), tw);
  const from = numOrNull(db.prepare('SELECT MIN(at) FROM thermal_samples WHERE run_id = ?').pluck().get(runId), tw);
  const to = numOrNull(db.prepare('SELECT MAX(at) FROM thermal_samples WHERE run_id = ?').pluck().get(runId), tw);
  const out: TimelineSeries['thermal'] = [];
  const thAt = db.prepare('SELECT at, t_ms, thermal_status, skin_temp_c, battery_temp_c FROM thermal_samples WHERE run_id = ? AND at >= ? AND t_ms IS NOT NULL ORDER BY at LIMIT 1').raw();
  if (count === 0 || from === null || to === null) return out;
  const steps = Math.min(maxPoints, count);
  let last: number | null = null;
  for (let i = 0; i <= steps; i++) {
    const v = thAt.get(runId, from + ((to - from) * i) / steps);
    if (v === undefined) continue;
    const c = cells(v, tw);
    const atMs = num(c[0], tw);
    if (atMs === last) continue;
    last = atMs;
    out.push({ t: num(c[1], tw), status: numOrNull(c[2], tw), tempC: numOrNull(c[3], tw) ?? numOrNull(c[4], tw) });
  }
  return out.slice(0, maxPoints);
}

function models(db: Db, runId: string): TimelineSeries['models'] {
  return db
    .prepare('SELECT model_id, t_first_ms, t_last_ms FROM run_models WHERE run_id = ? ORDER BY position')
    .all(runId)
    .map((v) => {
      const m = row(v, 'run_models');
      return { modelId: m.str('model_id'), tFromMs: m.numOrNull('t_first_ms'), tToMs: m.numOrNull('t_last_ms') };
    });
}
