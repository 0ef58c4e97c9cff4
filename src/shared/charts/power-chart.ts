/**
 * Power over time for a run (`runs.powerTimeline`): the meter's power steps, each prompt's window shaded and
 * numbered, the idle baseline as a dashed line and its measuring window shaded grey, temperature on a second axis.
 * Times are the phone's boot clock; the chart shows seconds from the first sample. Pure (no DOM, no echarts
 * runtime), unit-tested in test/unit/renderer/charts/power-chart.test.ts.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import type {
  TitleComponentOption,
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { TimelineSeries } from '../api/campaigns';
import type { EnergyMethod, PowerTimeline } from '../runs';
import { CHART_COLORS, chartBase, temperatureAxis, tooltipTemp, tooltipWatts, topLegend, zoomControls } from './chart-base';
import { powerSeriesNote, timelineSeries } from './power-series';
import { energyMethodName } from '../format';
import { titleBlock, type ChartContext } from './common';

export type PowerChartOption = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

export const POWER_COLORS = {
  power: '#3b6fe0',
  baseline: '#677281',
  temp: '#f59e0b',
  promptA: 'rgba(59, 111, 224, 0.10)',
  promptB: 'rgba(59, 111, 224, 0.20)',
  promptFailed: 'rgba(214, 69, 69, 0.18)',
  baselineWindow: 'rgba(103, 114, 129, 0.12)',
  gap: 'rgba(214, 69, 69, 0.07)',
} as const;

/** More prompts than this and the areas lose their "#n" labels (they would overlap). */
export const MAX_LABELLED_PROMPTS = 40;
/** More prompts than this (a campaign's device run) and the chart shades one window per model instead. */
export const MAX_MARKED_PROMPTS = 400;

type Point = [number, number | null];

/** The earliest boot-clock time on the timeline: the chart's zero. */
export function timelineOrigin(t: PowerTimeline): number | null {
  const ts = [
    ...t.points.map((p) => p.t),
    ...t.prompts.map((p) => p.tStartMs),
    ...t.baselines.map((b) => b.tFromMs).filter((v) => v > 0),
    ...t.thermal.map((r) => r.t),
  ].filter((v) => Number.isFinite(v));
  return ts.length ? Math.min(...ts) : null;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export interface PowerChartOptions {
  textColor?: string;
  lineColor?: string;
  /** Name the shaded windows "#n" (prompts, the default) or by model (a campaign's model windows). */
  labelBy?: 'index' | 'model';
  /**
   * A chart for a file (SVG, PNG, the report): the title block names the run and n and says SIMULATED or measured
   * (the page shows those beside the chart; a file travels without them), and there are no zoom controls.
   */
  file?: ChartContext;
}

export interface PromptArea {
  name: string;
  from: number;
  to: number;
  ok: boolean;
}

/**
 * Prompt windows in chart seconds, in run order. Past MAX_MARKED_PROMPTS prompts, one window per model (its first
 * prompt's start to its last prompt's end), named by model.
 */
export function promptAreas(t: PowerTimeline, origin: number, labelBy: 'index' | 'model' = 'index'): PromptArea[] {
  if (t.prompts.length > MAX_MARKED_PROMPTS) {
    const byModel = new Map<string, { from: number; to: number; ok: boolean }>();
    for (const p of t.prompts) {
      const w = byModel.get(p.modelId);
      if (!w) byModel.set(p.modelId, { from: p.tStartMs, to: p.tEndMs, ok: p.ok });
      else byModel.set(p.modelId, { from: Math.min(w.from, p.tStartMs), to: Math.max(w.to, p.tEndMs), ok: w.ok && p.ok });
    }
    return [...byModel.entries()]
      .sort((a, b) => a[1].from - b[1].from)
      .map(([modelId, w]) => ({ name: modelId, from: round3((w.from - origin) / 1000), to: round3((w.to - origin) / 1000), ok: true }));
  }
  return [...t.prompts]
    .sort((a, b) => a.tStartMs - b.tStartMs)
    .map((p) => ({
      name: labelBy === 'model' ? p.modelId : `#${p.index + 1}`,
      from: round3((p.tStartMs - origin) / 1000),
      to: round3((p.tEndMs - origin) / 1000),
      ok: p.ok,
    }));
}

const NOTE_WIDTH = 640;

/** Room the note takes above the plot: about 5.4 px per character at 10 px, 13 px per line. */
function noteHeight(note: string | null): number {
  return note ? Math.ceil((note.length * 5.4) / NOTE_WIDTH) * 13 + 6 : 0;
}

export function buildPowerChartOption(t: PowerTimeline, opts: PowerChartOptions = {}): PowerChartOption {
  const text = opts.textColor ?? CHART_COLORS.text;
  const line = opts.lineColor ?? CHART_COLORS.grid;
  const origin = timelineOrigin(t) ?? 0;
  const sec = (ms: number) => round3((ms - origin) / 1000);

  // Each point is the mean power of the interval ending at it: drawn as a flat step across that interval, reads too
  // close together folded into their neighbour and gaps left as breaks (power-series.ts).
  const series = timelineSeries(t);
  const power: Point[] = [];
  series.steps.forEach((s, i) => {
    const prev = series.steps[i - 1];
    if (prev && prev.to !== s.from) power.push([sec(prev.to), null]);
    power.push([sec(s.from), round3(s.watts)], [sec(s.to), round3(s.watts)]);
  });
  const gapMarks = series.gaps.map((g) => [
    { name: 'no readings', xAxis: sec(g.from), itemStyle: { color: POWER_COLORS.gap }, label: { show: true, color: text } },
    { xAxis: sec(g.to) },
  ]);
  const note = powerSeriesNote(series);
  const temp: Point[] = t.thermal.filter((r) => typeof r.tempC === 'number').map((r) => [sec(r.t), r.tempC]);

  const areas = promptAreas(t, origin, opts.labelBy);
  const labelled = areas.length <= MAX_LABELLED_PROMPTS;
  const grouped = t.prompts.length > MAX_MARKED_PROMPTS;
  const promptMarks = areas.map((a, i) => [
    {
      name: a.ok || grouped ? a.name : `${a.name} failed`,
      xAxis: a.from,
      itemStyle: { color: a.ok ? (i % 2 === 0 ? POWER_COLORS.promptA : POWER_COLORS.promptB) : POWER_COLORS.promptFailed },
      label: { show: labelled },
    },
    { xAxis: a.to },
  ]);
  const baselineMarks = t.baselines
    .filter((b) => b.tToMs > b.tFromMs && b.tFromMs > 0)
    .map((b) => [
      {
        name: 'idle baseline',
        xAxis: sec(b.tFromMs),
        itemStyle: { color: POWER_COLORS.baselineWindow },
        label: { show: true, color: text },
      },
      { xAxis: sec(b.tToMs) },
    ]);

  // The idle baseline of each model, from its measuring window to the model's last prompt; gaps between models.
  const baseline: Point[] = [];
  for (const b of t.baselines) {
    const own = t.prompts.filter((p) => p.modelId === b.modelId);
    const from = b.tFromMs > 0 ? b.tFromMs : (own[0]?.tStartMs ?? origin);
    const to = own.length ? Math.max(...own.map((p) => p.tEndMs)) : b.tToMs;
    if (baseline.length) baseline.push([sec(from), null]);
    baseline.push([sec(from), round3(b.watts)], [sec(Math.max(to, from)), round3(b.watts)]);
  }

  const legend = ['Power', 'Idle baseline', 'Temperature'];
  const file = opts.file;
  const fileTitle = file
    ? titleBlock('Power over time', file, `${energyMethodName(t.method)}; shaded: prompt windows; dashed: idle baseline${note ? `\n${note}` : ''}`)
    : null;
  return {
    ...chartBase(),
    color: [POWER_COLORS.power, POWER_COLORS.baseline, POWER_COLORS.temp],
    grid: file
      ? { left: 56, right: 56, top: 124 + noteHeight(note), bottom: 40 }
      : { left: 48, right: 56, top: 46 + noteHeight(note), bottom: 64 },
    // The note travels with the chart's PNG: under the legend, above the axis name. `show` is always set: the chart
    // merges options, so a note that appears later must switch the title back on.
    title: fileTitle
      ? { ...fileTitle, show: true, subtextStyle: { ...fileTitle.subtextStyle, width: 900, overflow: 'break' } }
      : note
        ? { show: true, text: note, left: 0, top: 16, textStyle: { color: CHART_COLORS.muted, fontSize: 10, fontWeight: 'normal', lineHeight: 13, width: NOTE_WIDTH, overflow: 'break' } }
        : { show: false },
    legend: file ? { ...topLegend(legend, text), top: 4 } : topLegend(legend, text),
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
    xAxis: {
      type: 'value',
      name: 's',
      nameLocation: 'end',
      nameTextStyle: { color: text },
      min: 'dataMin',
      max: 'dataMax',
      // The data's own end would print an odd tick like "8.208".
      axisLabel: { color: text, hideOverlap: true, showMaxLabel: false },
      axisLine: { lineStyle: { color: line } },
      splitLine: { show: false },
    },
    yAxis: [
      {
        type: 'value',
        name: `W (${energyMethodName(t.method)})`,
        min: 0,
        nameTextStyle: { color: text, align: 'left' },
        axisLabel: { color: text },
        splitLine: { lineStyle: { color: line } },
      },
      temperatureAxis(text),
    ],
    ...(file ? {} : { dataZoom: zoomControls(line) }),
    series: [
      {
        name: 'Power',
        type: 'line',
        yAxisIndex: 0,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        areaStyle: { opacity: 0.06 },
        tooltip: { valueFormatter: tooltipWatts },
        data: power,
        markArea: {
          silent: false,
          label: { position: 'insideTop', color: text, fontSize: 11 },
          data: [...baselineMarks, ...gapMarks, ...promptMarks] as NonNullable<LineSeriesOption['markArea']>['data'],
        },
      },
      {
        name: 'Idle baseline',
        type: 'line',
        yAxisIndex: 0,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.2, type: 'dashed' },
        tooltip: { valueFormatter: tooltipWatts },
        data: baseline,
      },
      {
        name: 'Temperature',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: temp.length < 60,
        symbolSize: 4,
        lineStyle: { width: 1.5 },
        tooltip: { valueFormatter: tooltipTemp },
        data: temp,
      },
    ],
  };
}

/**
 * One device's part of a campaign as a power timeline: its model windows stand where a quick run has prompts
 * (a campaign has far too many prompts to shade each one).
 */
export function seriesTimeline(s: TimelineSeries, method: EnergyMethod | null): PowerTimeline {
  return {
    runId: s.runId,
    method,
    points: s.power,
    prompts: s.models
      .filter((m) => m.tFromMs !== null && m.tToMs !== null)
      .map((m, i) => ({ resultId: i, index: i, modelId: m.modelId, tStartMs: m.tFromMs!, tEndMs: m.tToMs!, ok: true })),
    baselines: [],
    thermal: s.thermal,
    meterPeriodMs: s.meterPeriodMs,
    gaps: s.gaps,
  };
}
