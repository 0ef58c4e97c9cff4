/**
 * A campaign's power and temperature over time per run (its detail's timeline), at most `maxPoints` points each,
 * with model boundaries. A campaign's run can hold hundreds of thousands of samples, so the series is read at
 * `maxPoints` evenly spaced instants through the (run_id, t_ms) index, never by reading every sample: for ODPM the
 * cumulative energy between two instants gives the exact mean power of the interval (a counter reset, i.e. a new
 * runner session, is skipped); for the fuel gauge each point is the reading at its instant.
 *
 * Points read that way say nothing of the meter's own period or of its gaps (on a long run they are further apart
 * than the gap threshold), so the series carries the meter's facts as a run's chart does (power/timeline.ts):
 * - its update period, from the run's first readings (the same intervals a run's chart is made of);
 * - its gaps: every stretch longer than the threshold without any stored reading, found over the index alone.
 *   (Any reading: an ODPM run's runner also samples the gauge. An ODPM poll that stalled while the runner sampled
 *   is not a gap here; the counter's mean across it is still exact.)
 */
import type { TimelineSeries } from '../../shared/api/campaigns';
import { gapThresholdMs } from '../../shared/power-intervals';
import { meterIntervals, meterPeriodOf } from '../power/timeline';
import type { Db } from '../store/database';
import { cells, num, numOrNull, row } from '../store/rows';

/** Readings the meter's period is taken from: ~30 s of a fuel gauge sampled at 20 Hz, minutes of ODPM. */
const PERIOD_READINGS = 600;

const w = 'power_samples';

interface TimelineRun {
  id: string;
  serial: string;
  energyMethod: string | null;
}

export function timeline(db: Db, runs: readonly TimelineRun[], maxPoints = 1000): TimelineSeries[] {
  return runs.map((run) => {
    const meter = meterFacts(db, run);
    return { serial: run.serial, runId: run.id, power: power(db, run, maxPoints), thermal: thermal(db, run.id, maxPoints), models: models(db, run.id), ...meter };
  });
}

function power(db: Db, run: TimelineRun, maxPoints: number): TimelineSeries['power'] {
  const source = run.energyMethod === 'odpm' ? 'odpm' : 'fuel-gauge';
  const col = source === 'odpm' ? 'energy_j' : 'watts';
  const range = cells(db.prepare(`SELECT MIN(t_ms), MAX(t_ms) FROM power_samples WHERE run_id = ?`).raw().get(run.id), w);
  const at = db.prepare(`SELECT t_ms, ${col} FROM power_samples WHERE run_id = ? AND t_ms >= ? AND source = ? AND ${col} IS NOT NULL ORDER BY t_ms LIMIT 1`).raw();
  const out: TimelineSeries['power'] = [];
  const t0 = numOrNull(range[0], w);
  const t1 = numOrNull(range[1], w);
  if (t0 === null || t1 === null) return out;
  const steps = Math.max(1, Math.min(maxPoints, Math.round(t1 - t0)));
  let prev: [number, number] | null = null;
  for (let i = 0; i <= steps; i++) {
    const v = at.get(run.id, t0 + ((t1 - t0) * i) / steps, source);
    if (v === undefined) continue;
    const c = cells(v, w);
    const cur: [number, number] = [num(c[0], w), num(c[1], w)];
    if (prev && cur[0] === prev[0]) continue;
    if (source === 'odpm') {
      if (prev && cur[0] > prev[0] && cur[1] >= prev[1]) out.push({ t: cur[0], watts: ((cur[1] - prev[1]) * 1000) / (cur[0] - prev[0]) });
    } else out.push({ t: cur[0], watts: cur[1] });
    prev = cur;
  }
  return out.slice(0, maxPoints);
}

/** The meter's update period (from the run's first readings) and every gap in its readings. */
function meterFacts(db: Db, run: TimelineRun): Pick<TimelineSeries, 'meterPeriodMs' | 'gaps'> {
  const first = db
    .prepare(`SELECT source, t_ms, watts, energy_j, raw_current, raw_voltage FROM power_samples WHERE run_id = ? ORDER BY t_ms, id LIMIT ${PERIOD_READINGS}`)
    .raw()
    .all(run.id)
    .map((v) => {
      const c = cells(v, w);
      const source = c[0] === 'odpm' ? ('odpm' as const) : ('fuel-gauge' as const);
      return { source, tMs: num(c[1], w), watts: numOrNull(c[2], w), energyJ: numOrNull(c[3], w), rawCurrent: numOrNull(c[4], w), rawVoltage: numOrNull(c[5], w) };
    });
  const meterPeriodMs = meterPeriodOf(meterIntervals(run.energyMethod, first).intervals);
  if (meterPeriodMs === null) return { meterPeriodMs: null, gaps: [] };
  // The (run_id, t_ms) index holds t_ms: the scan reads no table row.
  const gaps = db
    .prepare(
      `SELECT t_ms, next_ms FROM (SELECT t_ms, LEAD(t_ms) OVER (ORDER BY t_ms) AS next_ms FROM power_samples WHERE run_id = ?)
        WHERE next_ms - t_ms > ?`,
    )
    .raw()
    .all(run.id, gapThresholdMs(meterPeriodMs))
    .map((v) => {
      const c = cells(v, w);
      return { from: num(c[0], w), to: num(c[1], w) };
    });
  return { meterPeriodMs, gaps };
}

function thermal(db: Db, runId: string, maxPoints: number): TimelineSeries['thermal'] {
  const tw = 'thermal_samples';
  const th = cells(db.prepare('SELECT COUNT(*), MIN(at), MAX(at) FROM thermal_samples WHERE run_id = ?').raw().get(runId), tw);
  const [count, from, to] = [num(th[0], tw), numOrNull(th[1], tw), numOrNull(th[2], tw)];
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
