/**
 * A campaign's timeline carries its meter's facts (update period, gaps) as a run's chart does: read from a real
 * SQLite file, then drawn by the page's rules (shared/charts/power-series.ts) from the series alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { timeline } from '../../../src/main/campaigns/timeline-query';
import { RunRepository, type NewPromptResult, type StoredSample } from '../../../src/main/runs/repository';
import { seriesTimeline } from '../../../src/shared/charts/power-chart';
import { powerSeries, timelineSeries } from '../../../src/shared/charts/power-series';
import { tempDatabase } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** How a test stores its readings: as power_samples rows (stored before db/0027, or outside a prompt) or packed with results. */
type Layout = 'rows' | 'packed';

function resultOf(runId: string, runModelId: number, index: number): NewPromptResult {
  return {
    runId, runModelId, modelId: 'a', index, promptId: `p${index}`, prompt: 'Q?', ok: true, error: null, tStartMs: null, tEndMs: null, ttftMs: null, prefillTps: null,
    decodeTps: null, totalMs: null, prefillTokens: null, outputTokens: null, peakRamMb: null, energyJ: null, netEnergyJ: null, avgPowerW: null, energyPerTokenJ: null,
    energy: null, tempStartC: null, tempEndC: null, thermalStatus: null, throttled: false, response: 'B', extracted: 'B', correct: true, simulated: true, rawJson: null,
    subject: null, answer: 'B', unparsable: false,
  };
}

/** `samples` stored as rows, or committed 30 at a time with a result each (as a run's prompts commit them). */
function store(runs: RunRepository, runId: string, runModelId: number, samples: StoredSample[], layout: Layout, firstIndex = 0): void {
  if (layout === 'rows') return runs.insertSamples(runId, runModelId, samples, true);
  for (let i = 0; i < samples.length; i += 30) runs.commitPrompt(resultOf(runId, runModelId, firstIndex + i / 30), samples.slice(i, i + 30));
}

function storedRun(method: 'fuel-gauge' | 'odpm', samples: StoredSample[], layout: Layout = 'rows') {
  const { db, cleanup } = tempDatabase();
  cleanups.push(cleanup);
  const runs = new RunRepository(db);
  const runId = 'run-00000001';
  runs.createRun({ id: runId, kind: 'quick', serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a'], energyMethod: method, sampleHz: 20, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  const [runModelId] = runs.createRunModels(runId, ['a'], true, 'pending');
  store(runs, runId, runModelId!, samples, layout);
  return { db, runs, runModelId: runModelId!, run: { id: runId, serial: 'S1', energyMethod: method } };
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

describe.each(['rows', 'packed'] as const)('campaign timeline: the meter facts (readings stored as %s)', (layout) => {
  it('finds the one gap of a long run whose sampled points lie further apart than the gap threshold', () => {
    const gapFrom = 3_600_000;
    const { db, run } = storedRun('fuel-gauge', gauge(2, gapFrom, gapFrom + 60_000), layout);
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
    const { db, run } = storedRun('odpm', reads, layout);
    const [series] = timeline(db, [run], 100);
    expect(series!.meterPeriodMs).toBe(250);
    expect(series!.gaps).toEqual([]);
    // 100 sampled points ~5 s apart, each the exact mean power between its reads: 2 W.
    for (const p of series!.power) expect(p.watts).toBeCloseTo(2, 9);
    expect(timelineSeries(seriesTimeline(series!, 'odpm')).gaps).toEqual([]);
  });

  it('has no facts for a run without readings', () => {
    const { db, run } = storedRun('fuel-gauge', [], layout);
    expect(timeline(db, [run])[0]).toMatchObject({ power: [], meterPeriodMs: null, gaps: [] });
  });
});

describe('campaign timeline over packed readings (db/0027)', () => {
  it('is the timeline of the same readings stored as rows: idle baselines as rows between packed prompts, gaps across both', () => {
    // An ODPM run as the lab stores it: per model an idle baseline (rows), then its prompts (packed, 30 reads each);
    // the phone stalls for 40 s in model 2's prompts and for 20 s between a baseline and the prompts after it.
    const reads = (from: number, n: number) => Array.from({ length: n }, (_, i): StoredSample => ({ source: 'odpm', tMs: from + i * 250, energyJ: (from + i * 250) / 400 }));
    const parts: Array<{ kind: 'baseline' | 'prompts'; samples: StoredSample[] }> = [];
    let t = 0;
    for (let m = 0; m < 3; m++) {
      parts.push({ kind: 'baseline', samples: reads(t, 40) });
      t += 40 * 250 + (m === 1 ? 20_000 : 0);
      const first = reads(t, 600);
      const stalled = m === 2 ? first.map((s, i) => (i >= 300 ? { ...s, tMs: s.tMs + 40_000, energyJ: (s.tMs + 40_000) / 400 } : s)) : first;
      parts.push({ kind: 'prompts', samples: stalled });
      t = stalled.at(-1)!.tMs + 250;
    }
    const rows = storedRun('odpm', []);
    const packed = storedRun('odpm', []);
    let index = 0;
    for (const p of parts) {
      rows.runs.insertSamples(rows.run.id, rows.runModelId, p.samples, true);
      if (p.kind === 'baseline') packed.runs.insertSamples(packed.run.id, packed.runModelId, p.samples, true);
      else {
        store(packed.runs, packed.run.id, packed.runModelId, p.samples, 'packed', index);
        index += Math.ceil(p.samples.length / 30);
      }
    }
    expect(packed.db.prepare('SELECT COUNT(*) FROM power_samples').pluck().get()).toBe(120);
    for (const maxPoints of [50, 1000]) {
      const [a] = timeline(rows.db, [rows.run], maxPoints);
      const [b] = timeline(packed.db, [packed.run], maxPoints);
      expect(b!.power).toEqual(a!.power);
      expect(b!.meterPeriodMs).toBe(a!.meterPeriodMs);
      expect(b!.gaps).toEqual(a!.gaps);
    }
    const [series] = timeline(packed.db, [packed.run], 1000);
    expect(series!.meterPeriodMs).toBe(250);
    expect((series!.gaps ?? []).map((g) => g.to - g.from)).toEqual([20_250, 40_250]);
    // The counter at t/400 J: every interval is the run's 2.5 W, packed or not.
    for (const p of series!.power) expect(p.watts).toBeCloseTo(2.5, 6);
  });
});
