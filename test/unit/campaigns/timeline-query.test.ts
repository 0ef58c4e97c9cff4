/**
 * A campaign's timeline carries its meter's facts (update period, gaps) as a run's chart does: read from a real
 * SQLite file, then drawn by the page's rules (shared/charts/power-series.ts) from the series alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { timeline } from '../../../src/main/campaigns/timeline-query';
import { RunRepository, type StoredSample } from '../../../src/main/runs/repository';
import { seriesTimeline } from '../../../src/shared/charts/power-chart';
import { powerSeries, timelineSeries } from '../../../src/shared/charts/power-series';
import { tempDatabase } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function storedRun(method: 'fuel-gauge' | 'odpm', samples: StoredSample[]) {
  const { db, cleanup } = tempDatabase();
  cleanups.push(cleanup);
  const runs = new RunRepository(db);
  const runId = 'run-00000001';
  runs.createRun({ id: runId, kind: 'quick', serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a'], energyMethod: method, sampleHz: 20, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  const [runModelId] = runs.createRunModels(runId, ['a'], true, 'pending');
  runs.insertSamples(runId, runModelId!, samples, true);
  return { db, run: { id: runId, serial: 'S1', energyMethod: method } };
}

/** A fuel gauge read at 10 Hz for `hours`, its reading changing every 300 ms; no reads in [gapFrom, gapTo). */
function gauge(hours: number, gapFrom = Infinity, gapTo = Infinity): StoredSample[] {
  const out: StoredSample[] = [];
  for (let t = 0; t <= hours * 3_600_000; t += 100) {
    if (t >= gapFrom && t < gapTo) continue;
    const update = Math.floor(t / 300);
    out.push({ source: 'fuel-gauge', tMs: t, rawCurrent: -400_000 - (update % 9) * 1000, rawVoltage: 3_900_000, watts: 1.5 + (update % 9) / 10 });
  }
  return out;
}

describe('campaign timeline: the meter facts', () => {
  it('finds the one gap of a long run whose sampled points lie further apart than the gap threshold', () => {
    const gapFrom = 3_600_000;
    const { db, run } = storedRun('fuel-gauge', gauge(2, gapFrom, gapFrom + 60_000));
    const [series] = timeline(db, [run], 1000);
    expect(series!.meterPeriodMs).toBe(300);
    expect(series!.gaps).toEqual([{ from: gapFrom - 100, to: gapFrom + 60_000 }]);
    // Points ~7.2 s apart: judged by their spacing alone (the page before these facts) the threshold was ten of them,
    // 72 s, and the 60 s without a reading was drawn as a line across.
    expect(powerSeries(series!.power).gaps).toEqual([]);
    const drawn = timelineSeries(seriesTimeline(series!, 'fuel-gauge'));
    expect(drawn.gaps).toEqual([{ from: expect.any(Number), to: expect.any(Number) }]);
    expect(drawn.gaps[0]!.from).toBeLessThanOrEqual(gapFrom);
    expect(drawn.gaps[0]!.to).toBeGreaterThanOrEqual(gapFrom + 60_000);
    expect(drawn.steps.some((s) => s.from < gapFrom + 60_000 && s.to > gapFrom)).toBe(false);
    expect(drawn.steps.length).toBeGreaterThan(900);
  });

  it('takes an ODPM run’s period from its reads and finds no gap where reads are regular', () => {
    const reads: StoredSample[] = Array.from({ length: 2000 }, (_, i) => ({ source: 'odpm', tMs: i * 250, energyJ: i * 0.5 }));
    const { db, run } = storedRun('odpm', reads);
    const [series] = timeline(db, [run], 100);
    expect(series!.meterPeriodMs).toBe(250);
    expect(series!.gaps).toEqual([]);
    // 100 sampled points ~5 s apart, each the exact mean power between its reads: 2 W.
    for (const p of series!.power) expect(p.watts).toBeCloseTo(2, 9);
    expect(timelineSeries(seriesTimeline(series!, 'odpm')).gaps).toEqual([]);
  });

  it('has no facts for a run without readings', () => {
    const { db, run } = storedRun('fuel-gauge', []);
    expect(timeline(db, [run])[0]).toMatchObject({ power: [], meterPeriodMs: null, gaps: [] });
  });
});
