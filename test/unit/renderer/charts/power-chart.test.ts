import { describe, expect, it } from 'vitest';
import {
  MAX_LABELLED_PROMPTS,
  MAX_MARKED_PROMPTS,
  POWER_COLORS,
  buildPowerChartOption,
  promptAreas,
  seriesTimeline,
  timelineOrigin,
} from '../../../../src/shared/charts/power-chart';
import { makeTimeline } from '../fixtures/runs';

type Mark = [{ name?: string; xAxis: number; itemStyle?: { color: string }; label?: { show: boolean } }, { xAxis: number }];
type Series = {
  name: string;
  yAxisIndex: number;
  step?: string;
  connectNulls?: boolean;
  data: Array<[number, number | null]>;
  markArea?: { data: Mark[] };
  tooltip: { valueFormatter: (v: unknown) => string };
};

describe('power chart', () => {
  it('puts the zero at the earliest time on the timeline', () => {
    expect(timelineOrigin(makeTimeline())).toBe(5500);
    expect(timelineOrigin(makeTimeline({ points: [], prompts: [], baselines: [], thermal: [] }))).toBeNull();
  });

  it('draws power as steps (W, left axis) and temperature on the right axis, in seconds', () => {
    const option = buildPowerChartOption(makeTimeline());
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['Power', 'Idle baseline', 'Temperature']);
    expect(series.map((s) => s.yAxisIndex)).toEqual([0, 0, 1]);
    // Each point's power spans the interval ending at it, drawn as explicit flat steps; the first point only starts
    // the line (the read before it is not in the list).
    expect(series[0]!.step).toBeUndefined();
    expect(series[0]!.connectNulls).toBe(false);
    expect(series[0]!.data).toEqual([
      [0, 0.8],
      [1.6, 0.8],
      [1.6, 0.75],
      [3.2, 0.75],
      [3.2, 2.2],
      [4.8, 2.2],
      [4.8, 2.0],
      [6.4, 2.0],
      [6.4, 1.1],
      [8, 1.1],
    ]);
    // Nothing left out, nothing to say.
    expect((option.title as { show?: boolean }).show).toBe(false);
    // Readings without a temperature are left out rather than drawn at zero.
    expect(series[2]!.data).toEqual([
      [0.011, 26.5],
      [8.122, 26.8],
    ]);
    expect(series[0]!.tooltip.valueFormatter(2.0112)).toBe('2.01 W');
    expect(series[2]!.tooltip.valueFormatter(26.5)).toBe('26.5 °C');
    const yAxis = option.yAxis as Array<{ name: string }>;
    expect(yAxis[0]!.name).toBe('W (ODPM power rails)');
    expect(yAxis[1]!.name).toBe('°C');
  });

  it('marks every prompt window (numbered, alternating shades, failed ones red) and the baseline window', () => {
    const series = buildPowerChartOption(makeTimeline()).series as Series[];
    const marks = series[0]!.markArea!.data;
    expect(marks).toHaveLength(3);
    expect(marks[0]![0]).toMatchObject({ name: 'idle baseline', xAxis: 0.766, itemStyle: { color: POWER_COLORS.baselineWindow } });
    expect(marks[0]![1]).toEqual({ xAxis: 3.766 });
    expect(marks[1]![0]).toMatchObject({ name: '#1', xAxis: 5.39, itemStyle: { color: POWER_COLORS.promptA }, label: { show: true } });
    expect(marks[1]![1]).toEqual({ xAxis: 6.833 });
    expect(marks[2]![0]).toMatchObject({ name: '#2 failed', xAxis: 6.835, itemStyle: { color: POWER_COLORS.promptFailed } });
    expect(marks[2]![1]).toEqual({ xAxis: 8.044 });
  });

  it('draws the idle baseline from its window to the model’s last prompt', () => {
    const series = buildPowerChartOption(makeTimeline()).series as Series[];
    expect(series[1]!.data).toEqual([
      [0.766, 0.758],
      [8.044, 0.758],
    ]);
    const two = buildPowerChartOption(
      makeTimeline({
        baselines: [
          { modelId: 'gemma-270m', watts: 0.7, tFromMs: 6000, tToMs: 9000 },
          { modelId: 'qwen-600m', watts: 0.9, tFromMs: 14_000, tToMs: 17_000 },
        ],
      }),
    ).series as Series[];
    // A gap (null) between the two models' lines; the second has no prompts, so it ends with its window.
    expect(two[1]!.data).toEqual([
      [0.5, 0.7],
      [8.044, 0.7],
      [8.5, null],
      [8.5, 0.9],
      [11.5, 0.9],
    ]);
  });

  it('drops the "#n" labels when there are too many prompts to read them', () => {
    const prompts = Array.from({ length: MAX_LABELLED_PROMPTS + 1 }, (_, i) => ({
      resultId: i + 1,
      index: i,
      modelId: 'm',
      tStartMs: 6000 + i * 100,
      tEndMs: 6000 + i * 100 + 90,
      ok: true,
    }));
    const marks = (buildPowerChartOption(makeTimeline({ prompts, baselines: [] })).series as Series[])[0]!.markArea!.data;
    expect(marks).toHaveLength(MAX_LABELLED_PROMPTS + 1);
    expect(marks.every((m) => m[0].label?.show === false)).toBe(true);
    expect(promptAreas(makeTimeline({ prompts: prompts.slice(0, 1) }), 5000)).toEqual([{ name: '#1', from: 1, to: 1.09, ok: true }]);
  });

  it('titled for a file: names the run and n, says SIMULATED or measured, has no zoom controls; the page keeps them', () => {
    const page = buildPowerChartOption(makeTimeline());
    expect(page.dataZoom).toBeDefined();
    const sim = buildPowerChartOption(makeTimeline(), { file: { simulated: 'all', prompts: 2, group: 'emulator-5554 · run run-0000' } });
    const title = sim.title as { text: string; subtext: string };
    expect(title.text).toBe('Power over time · emulator-5554 · run run-0000 · n = 2 prompts');
    expect(title.subtext).toMatch(/^SIMULATED: figures from virtual phones/);
    expect(title.subtext).toContain('ODPM power rails');
    expect(sim.dataZoom).toBeUndefined();
    const real = buildPowerChartOption(makeTimeline(), { file: { simulated: 'none', prompts: 2 } });
    expect((real.title as { subtext: string }).subtext).toMatch(/^measured on physical phones/);
  });

  it('builds an empty chart for a run without samples', () => {
    const option = buildPowerChartOption(makeTimeline({ method: null, points: [], prompts: [], baselines: [], thermal: [] }));
    const series = option.series as Series[];
    expect(series.every((s) => s.data.length === 0)).toBe(true);
    expect((option.yAxis as Array<{ name: string }>)[0]!.name).toBe('W (none)');
  });

  it('shades a campaign device’s model windows, named by model', () => {
    const t = seriesTimeline(
      {
        serial: 'S1',
        runId: 'run-1',
        power: [
          { t: 1000, watts: 1 },
          { t: 9000, watts: 2 },
        ],
        thermal: [{ t: 1000, status: 0, tempC: 30 }],
        models: [
          { modelId: 'gemma-270m', tFromMs: 2000, tToMs: 4000 },
          { modelId: 'lfm2-350m', tFromMs: 5000, tToMs: 8000 },
          { modelId: 'qwen-600m', tFromMs: null, tToMs: null },
        ],
      },
      'odpm',
    );
    expect(t.prompts.map((p) => p.modelId)).toEqual(['gemma-270m', 'lfm2-350m']);
    const marks = (buildPowerChartOption(t, { labelBy: 'model' }).series as Series[])[0]!.markArea!.data;
    expect(marks.map((m) => [m[0].name, m[0].xAxis, m[1].xAxis])).toEqual([
      ['gemma-270m', 1, 3],
      ['lfm2-350m', 4, 7],
    ]);
    expect((buildPowerChartOption(t).yAxis as Array<{ name: string }>)[0]!.name).toBe('W (ODPM power rails)');
  });
});

describe('power chart for long runs', () => {
  it('shades one window per model past MAX_MARKED_PROMPTS prompts', () => {
    const prompts = Array.from({ length: MAX_MARKED_PROMPTS + 2 }, (_, i) => ({
      resultId: i + 1,
      index: i,
      modelId: i <= MAX_MARKED_PROMPTS / 2 ? 'a' : 'b',
      tStartMs: 6000 + i * 100,
      tEndMs: 6000 + i * 100 + 90,
      ok: i !== 3,
    }));
    const areas = promptAreas(makeTimeline({ prompts }), 5000);
    expect(areas.map((a) => a.name)).toEqual(['a', 'b']);
    expect(areas[0]).toEqual({ name: 'a', from: 1, to: 1 + (MAX_MARKED_PROMPTS / 2) * 0.1 + 0.09, ok: true });
  });
});
