/**
 * Battery and temperature over time: the bounded window of readings a detail page keeps, and the ECharts option
 * built from it. Pure (no DOM, no echarts runtime), unit-tested in test/unit/renderer/devices/status-chart.test.ts.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { DeviceStatus } from '../../../shared/devices';
import { CHART_COLORS, chartBase, temperatureAxis, tooltipPercent, tooltipTemp, topLegend, zoomControls } from '../../../shared/charts/chart-base';
import { formatClock } from '../../../shared/format';

export type StatusChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | DataZoomComponentOption
>;

/** How many readings the chart keeps: the oldest fall out as new ones arrive. */
export const STATUS_WINDOW_MAX_POINTS = 3600;
/** How far back the detail page asks `devices.history` for. */
export const STATUS_HISTORY_SPAN_MS = 2 * 60 * 60 * 1000;

export const SERIES_COLORS = {
  battery: '#3b82f6',
  batteryTemp: '#f59e0b',
  skinTemp: '#e5484d',
} as const;

/** Readings merged by time (one per `at`, the later copy wins), oldest first, at most `max` of the newest. */
export function mergeStatusRows(
  existing: readonly DeviceStatus[],
  incoming: readonly DeviceStatus[],
  max = STATUS_WINDOW_MAX_POINTS,
): DeviceStatus[] {
  const byAt = new Map<number, DeviceStatus>();
  for (const r of existing) byAt.set(r.at, r);
  for (const r of incoming) byAt.set(r.at, r);
  const rows = [...byAt.values()].sort((a, b) => a.at - b.at);
  return rows.length > max ? rows.slice(rows.length - max) : rows;
}

/** One live reading appended to the window (the common case is cheap; out-of-order readings are merged). */
export function appendStatus(
  rows: readonly DeviceStatus[],
  status: DeviceStatus,
  max = STATUS_WINDOW_MAX_POINTS,
): DeviceStatus[] {
  const last = rows[rows.length - 1];
  if (last && status.at <= last.at) return mergeStatusRows(rows, [status], max);
  const next = [...rows, status];
  return next.length > max ? next.slice(next.length - max) : next;
}

type Point = [number, number | null];

function points(rows: readonly DeviceStatus[], pick: (r: DeviceStatus) => number | null): Point[] {
  return rows.map((r) => {
    const v = pick(r);
    return [r.at, typeof v === 'number' && Number.isFinite(v) ? v : null];
  });
}

function hasAny(rows: readonly DeviceStatus[], pick: (r: DeviceStatus) => number | null): boolean {
  return rows.some((r) => typeof pick(r) === 'number');
}

export interface StatusChartOptions {
  /** Axis, label and split-line colours. */
  textColor?: string;
  lineColor?: string;
}

/** A temperature line on the right-hand °C axis. */
function tempLine(name: string, data: Point[]): LineSeriesOption {
  return { name, type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { width: 1.5 }, tooltip: { valueFormatter: tooltipTemp }, data };
}

/** The line chart: battery % on the left axis (0-100), battery and skin temperature (°C) on the right. */
export function buildStatusChartOption(
  rows: readonly DeviceStatus[],
  opts: StatusChartOptions = {},
): StatusChartOption {
  const text = opts.textColor ?? CHART_COLORS.text;
  const line = opts.lineColor ?? CHART_COLORS.grid;
  const battery = points(rows, (r) => r.batteryLevel);
  const batteryTemp = points(rows, (r) => r.batteryTempC);
  const skinTemp = points(rows, (r) => r.skinTempC);
  const legend = ['Battery %', 'Battery temp'];
  if (hasAny(rows, (r) => r.skinTempC)) legend.push('Skin temp');

  return {
    ...chartBase(),
    color: [SERIES_COLORS.battery, SERIES_COLORS.batteryTemp, SERIES_COLORS.skinTemp],
    grid: { left: 44, right: 56, top: 46, bottom: 58 },
    legend: topLegend(legend, text),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line' },
    },
    xAxis: {
      type: 'time',
      axisLabel: { color: text, hideOverlap: true, formatter: (v: number) => formatClock(v) },
      axisLine: { lineStyle: { color: line } },
      splitLine: { show: false },
    },
    yAxis: [
      {
        type: 'value',
        name: '%',
        min: 0,
        max: 100,
        interval: 25,
        nameTextStyle: { color: text },
        axisLabel: { color: text },
        splitLine: { lineStyle: { color: line } },
      },
      temperatureAxis(text),
    ],
    dataZoom: zoomControls(line),
    series: [
      {
        name: 'Battery %',
        type: 'line',
        yAxisIndex: 0,
        showSymbol: false,
        step: 'end',
        lineStyle: { width: 1.5 },
        areaStyle: { opacity: 0.08 },
        tooltip: { valueFormatter: tooltipPercent },
        data: battery,
      },
      tempLine('Battery temp', batteryTemp),
      tempLine('Skin temp', skinTemp),
    ],
  };
}

/** A file name for an exported chart: "aurora-lab-<serial>-status-20251126-190703.png" with a safe serial. */
export function chartFileName(serial: string, stamp: string, kind = 'status'): string {
  const safe = serial.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'device';
  return `aurora-lab-${safe}-${kind}-${stamp}.png`;
}
