import { describe, expect, it } from 'vitest';
import type { PowerPoint } from '../../../../src/shared/runs';
import { buildPowerChartOption } from '../../../../src/shared/charts/power-chart';
import { GAP_MIN_MS, powerSeries, powerSeriesNote } from '../../../../src/shared/charts/power-series';

const powerChartNote = (t: { points: PowerPoint[] }) => powerSeriesNote(powerSeries(t.points));
import { makeTimeline } from '../fixtures/runs';

type Series = { name: string; data: Array<[number, number | null]>; markArea?: { data: Array<[{ name?: string; xAxis: number }, { xAxis: number }]> } };

/**
 * What `runs.powerTimeline` makes of ODPM reads: each point is (energy now - energy at the previous read) / (time
 * between them). A phone drawing a steady 2 W, read every 200 ms; the counter runs `lagMs` behind at some reads.
 */
function odpmPoints(reads: Array<{ t: number; lagMs?: number }>, watts = 2): PowerPoint[] {
  const energy = (r: { t: number; lagMs?: number }) => (watts * (r.t - (r.lagMs ?? 0))) / 1000;
  return reads.slice(1).map((r, i) => ({ t: r.t, watts: ((energy(r) - energy(reads[i]!)) * 1000) / (r.t - reads[i]!.t) }));
}

const every200 = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 200) + 1 }, (_, i) => ({ t: from + i * 200 }));

/** Energy under the steps, J. */
const energyOf = (steps: Array<{ from: number; to: number; watts: number }>) => steps.reduce((j, s) => j + (s.watts * (s.to - s.from)) / 1000, 0);

describe('power series: reads too close together are not power', () => {
  // The case from the issue: two reads 1 ms apart, the counter having lagged 26 ms at the first: a 54 W "spike".
  const reads = [...every200(0, 600).map((r) => (r.t === 600 ? { t: 600, lagMs: 26 } : r)), { t: 601 }, ...every200(800, 1600)];
  const points = odpmPoints(reads);

  it('reproduces the spike the timeline gives', () => {
    expect(points.find((p) => p.t === 601)!.watts).toBeCloseTo(54, 0);
  });

  it('folds the 1 ms interval into the one before it: no spike, the same energy', () => {
    const s = powerSeries(points);
    expect(s.periodMs).toBe(200);
    expect(s.minIntervalMs).toBe(100);
    expect(s.merged).toBe(1);
    expect(Math.max(...s.steps.map((x) => x.watts))).toBeLessThan(2.01);
    expect(s.steps.find((x) => x.to === 601)).toMatchObject({ from: 400 });
    expect(s.steps.find((x) => x.to === 601)!.watts).toBeCloseTo(2, 2);
    // Energy under the line: exactly what the points say (2 W over 1.6 s, from the first point's time on).
    expect(energyOf(s.steps)).toBeCloseTo(energyOf(points.slice(1).map((p, i) => ({ from: points[i]!.t, to: p.t, watts: p.watts }))), 9);
  });

  it('draws no point above the phone’s power and says in the chart how many points were left out and why', () => {
    const option = buildPowerChartOption(makeTimeline({ points, prompts: [], baselines: [], thermal: [] }));
    const power = (option.series as Series[])[0]!;
    const watts = power.data.map((d) => d[1]).filter((w): w is number => w !== null);
    expect(Math.max(...watts)).toBeLessThan(2.01);
    const note = powerChartNote({ points })!;
    expect(note).toBe(
      '1 point not plotted as power: its read came under 100 ms after the previous one (half the meter’s 200 ms update ' +
        'interval), too close to divide energy by; its energy is added to the neighbouring interval, so the energy under the line is unchanged.',
    );
    // The note is part of the chart, so its PNG carries it.
    expect((option.title as { text: string }).text).toBe(note);
  });

  it('folds a short first interval of a stretch into the next one, and keeps a stretch made only of short reads as one step', () => {
    const p: PowerPoint[] = [
      { t: 0, watts: 1 },
      { t: 5, watts: 40 },
      { t: 205, watts: 2 },
      { t: 405, watts: 2 },
      { t: 605, watts: 2 },
    ];
    const s = powerSeries(p);
    expect(s.merged).toBe(1);
    expect(s.steps[0]).toEqual({ from: 0, to: 205, watts: (40 * 5 + 2 * 200) / 205 });
    // After a gap, two reads 1 ms apart and then another gap: one step for the two, at their exact mean.
    const regular = every200(0, 1000).map((r) => ({ t: r.t, watts: 2 }));
    const all = powerSeries([...regular, { t: 60_000, watts: 0.1 }, { t: 60_001, watts: 9 }, { t: 60_002, watts: 3 }, { t: 90_000, watts: 0.1 }]);
    expect(all.gaps).toHaveLength(2);
    expect(all.steps.at(-1)).toEqual({ from: 60_000, to: 60_002, watts: 6 });
    expect(all.merged).toBe(1);
  });

  it('has nothing to draw from fewer than two points', () => {
    expect(powerSeries([]).steps).toEqual([]);
    expect(powerSeries([{ t: 5, watts: 2 }])).toMatchObject({ steps: [], periodMs: null, merged: 0 });
  });
});

describe('power series: gaps are gaps', () => {
  // A campaign paused (the lab stopped) and resumed 9 minutes later: no reads in between.
  const resumeAt = 2000 + 9 * 60_000;
  const points = [...odpmPoints(every200(0, 2000)), ...odpmPoints([{ t: 2000 }, ...every200(resumeAt, resumeAt + 1000)], 2).map((p) => (p.t === resumeAt ? { ...p, watts: 0.4 } : p))];

  it('leaves the gap out of the steps and lists it', () => {
    const s = powerSeries(points);
    expect(s.gaps).toEqual([{ from: 2000, to: resumeAt }]);
    expect(s.gapMs).toBe(GAP_MIN_MS);
    expect(s.steps.some((x) => x.from < resumeAt && x.to > 2000)).toBe(false);
    expect(s.steps.at(-1)).toMatchObject({ from: resumeAt + 800, to: resumeAt + 1000 });
    expect(s.steps.at(-1)!.watts).toBeCloseTo(2, 9);
  });

  it('breaks the line across the gap and shades it "no readings", instead of a flat line through it', () => {
    const option = buildPowerChartOption(makeTimeline({ points, prompts: [], baselines: [], thermal: [] }));
    const power = (option.series as Series[])[0]!;
    const gapStart = power.data.findIndex((d) => d[1] === null);
    expect(gapStart).toBeGreaterThan(0);
    // The line stops at the last read before the gap and starts again at the first read after it.
    expect(power.data[gapStart - 1]).toEqual([1.8, 2]);
    expect(power.data[gapStart]).toEqual([1.8, null]);
    expect(power.data[gapStart + 1]).toEqual([541.8, 2]);
    // No segment of the line spans the gap.
    const drawn = power.data.filter((d) => d[1] !== null).map((d) => d[0]);
    expect(drawn.some((x) => x > 1.8 && x < 541.8)).toBe(false);
    const marks = power.markArea!.data;
    expect(marks.find((m) => m[0].name === 'no readings')).toEqual([expect.objectContaining({ name: 'no readings', xAxis: 1.8 }), { xAxis: 541.8 }]);
    expect(powerChartNote({ points })).toBe('1 gap without readings (longest 9 min 00 s): the line breaks there, shaded “no readings”.');
  });

  it('reads a slow meter’s regular period as its period, not as gaps', () => {
    // A fuel gauge that updates every 3 s (a slow Samsung gauge at a low sampling rate).
    const slow: PowerPoint[] = Array.from({ length: 20 }, (_, i) => ({ t: i * 3000, watts: 1 + (i % 3) * 0.1 }));
    expect(powerSeries(slow)).toMatchObject({ periodMs: 3000, gaps: [], merged: 0 });
  });
});

describe('power series: the server’s meter facts (PowerTimeline.meterPeriodMs, gaps, merged)', () => {
  it('uses the server’s gap even where the points alone would not show one, and adds its merged count to the note', () => {
    // Reads every 200 ms, but the server saw no read between 1000 and 3000 ms (a 2 s gap under its 5 s floor is
    // not one, so it says so only through its gaps list: here it lists one, as for a meter with a long period).
    const points = odpmPoints([...every200(0, 1000), ...every200(3000, 4000)]);
    const s = powerSeries(points, { periodMs: 200, gaps: [{ from: 1000, to: 3000 }], merged: 2 });
    expect(s.gaps).toEqual([{ from: 1000, to: 3000 }]);
    expect(s.steps.some((x) => x.from < 3000 && x.to > 1000)).toBe(false);
    expect(s.periodMs).toBe(200);
    expect(powerSeriesNote(s)).toMatch(/^2 points not plotted as power/);
  });

  it('draws the chart from the timeline’s own facts', () => {
    const points = odpmPoints([...every200(0, 1000), ...every200(3000, 4000)]);
    const option = buildPowerChartOption(makeTimeline({ points, prompts: [], baselines: [], thermal: [], meterPeriodMs: 200, gaps: [{ from: 1000, to: 3000 }], merged: 0 }));
    const marks = (option.series as Series[])[0]!.markArea!.data;
    const gap = marks.find((m) => m[0].name === 'no readings')!;
    expect(gap[1].xAxis - gap[0].xAxis).toBeCloseTo(2, 6);
  });
});
