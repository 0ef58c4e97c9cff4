/**
 * Pareto charts of a comparison (accuracy against measured energy or latency): single models and the measured
 * oracle as points, the router's curve over the cost preference as a line with points (the tooltip names the
 * preference), the other strategies as points. Pure (no DOM, no echarts runtime): the Compare page draws it, and
 * `compare --charts`, `benchmark --out` and the report render the same option headless (src/main/charts).
 * Unit-tested in test/unit/renderer/compare/pareto-chart.test.ts.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ParetoChart } from '../api/compare';
import { escapeHtml } from '../kit/html';

import { formatJ, formatMb, formatMs } from '../format';
import { CHART_COLORS, chartBase } from './chart-base';

export type ParetoOption = ComposeOption<
  ScatterSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | TitleComponentOption
>;

export const PARETO_COLORS = {
  models: CHART_COLORS.muted,
  oracle: '#1f9d55',
  strategies: '#b7791f',
  curves: ['#3b6fe0', '#7c4ddb', '#d64545', '#0f8b8d'],
} as const;

/** What a point carries, for the tooltip. */
export interface ParetoDatum {
  value: [number, number];
  name: string;
  /** Router curves: the cost preference of the point. */
  preference?: number;
  series: 'model' | 'oracle' | 'curve' | 'strategy';
}

const AXIS_NAMES: Record<ParetoChart['cost'], string> = {
  energy: 'Energy per prompt',
  latency: 'Mean latency',
  size: 'Mean model size',
};

export function costText(v: number, unit: ParetoChart['unit']): string {
  if (unit === 'J') return formatJ(v);
  if (unit === 'ms') return formatMs(v);
  return formatMb(v);
}

/** The tooltip of one point: what it is, accuracy, cost and (router curves) the preference. */
export function paretoTooltip(d: ParetoDatum, unit: ParetoChart['unit']): string {
  const kind = d.series === 'model' ? 'always this model' : d.series === 'oracle' ? 'measured oracle' : d.series === 'curve' ? 'router' : 'strategy';
  const lines = [`<b>${escapeHtml(d.name)}</b> <span style="color:${CHART_COLORS.muted}">${kind}</span>`];
  if (d.preference !== undefined) lines.push(`preference ${d.preference.toFixed(2)}`);
  lines.push(`accuracy ${d.value[1].toFixed(1)}%`);
  lines.push(`cost ${costText(d.value[0], unit)}`);
  return lines.join('<br/>');
}

const finite = (p: { cost: number; accuracy: number }) => Number.isFinite(p.cost) && Number.isFinite(p.accuracy);
const acc = (a: number) => Math.round(a * 1000) / 10;

export interface ParetoChartOptions {
  /** Any figure on the chart comes from a virtual phone: the title says SIMULATED (it travels with the PNG). */
  simulated: boolean;
  /** Group label in the title (device or run). */
  group?: string;
  textColor?: string;
  /** Strategy points already drawn another way (router rows are on the curve, the oracle is its own point). */
  hideStrategies?: readonly string[];
}

/** Points the chart would draw (0 = an empty chart; the page says so). */
export function paretoPointCount(chart: ParetoChart): number {
  return (
    chart.models.filter(finite).length +
    (chart.oracle && finite(chart.oracle) ? 1 : 0) +
    chart.curves.reduce((n, c) => n + c.points.filter(finite).length, 0) +
    chart.strategies.filter(finite).length
  );
}

/** Names of a group's rows that the chart draws otherwise (router and profile curves, the oracle point). */
export function curveRowNames(rows: ReadonlyArray<{ name: string; strategy: string }>): string[] {
  return rows.filter((r) => r.strategy === 'router' || r.strategy === 'profile' || r.strategy === 'oracle').map((r) => r.name);
}

export function buildParetoOption(chart: ParetoChart, opts: ParetoChartOptions): ParetoOption {
  const unit = chart.unit;
  const text = opts.textColor ?? CHART_COLORS.ink;
  const series: Array<ScatterSeriesOption | LineSeriesOption> = [];
  const modelData: ParetoDatum[] = chart.models.filter(finite).map((m) => ({ value: [m.cost, acc(m.accuracy)], name: m.model, series: 'model' }));
  const points = (name: string, symbol: string, size: number, color: string, label: { position: 'right' | 'top' | 'bottom'; formatter: string }, data: ParetoDatum[], z: number): ScatterSeriesOption => ({
    type: 'scatter',
    name,
    symbol,
    symbolSize: size,
    itemStyle: { color },
    label: { show: true, fontSize: 10, color: text, ...label },
    data,
    z,
  });
  series.push(points('Single models', 'circle', 10, PARETO_COLORS.models, { position: 'right', formatter: '{b}' }, modelData, 3));
  if (chart.oracle && finite(chart.oracle)) {
    const oracleData: ParetoDatum[] = [{ value: [chart.oracle.cost, acc(chart.oracle.accuracy)], name: 'measured oracle', series: 'oracle' }];
    series.push(points('Oracle', 'diamond', 14, PARETO_COLORS.oracle, { position: 'top', formatter: 'oracle' }, oracleData, 4));
  }
  chart.curves.forEach((c, i) => {
    const name = c.evaluatedOnTraining ? `${c.name} (on training prompts)` : c.name;
    const data: ParetoDatum[] = c.points
      .filter(finite)
      .map((p) => ({ value: [p.cost, acc(p.accuracy)], name: c.name, preference: p.preference, series: 'curve' }));
    series.push({
      type: 'line',
      name,
      showSymbol: true,
      symbol: 'circle',
      symbolSize: 5,
      color: PARETO_COLORS.curves[i % PARETO_COLORS.curves.length],
      lineStyle: { width: 2, type: c.evaluatedOnTraining ? 'dashed' : 'solid' },
      // Objects with a value: ECharts keeps the extra fields for the tooltip.
      data: data as unknown as LineSeriesOption['data'],
      z: 2,
    });
  });
  const hidden = new Set(opts.hideStrategies ?? []);
  const others = chart.strategies.filter((s) => finite(s) && !hidden.has(s.name));
  if (others.length) {
    const data = others.map((s) => ({ value: [s.cost, acc(s.accuracy)], name: s.name, series: 'strategy' }) satisfies ParetoDatum);
    series.push(points('Other strategies', 'triangle', 11, PARETO_COLORS.strategies, { position: 'bottom', formatter: '{b}' }, data, 3));
  }
  const title = `Accuracy vs ${AXIS_NAMES[chart.cost].toLowerCase()}${opts.group ? ` · ${opts.group}` : ''}`;
  return {
    ...chartBase(),
    title: {
      text: title,
      subtext: opts.simulated ? 'SIMULATED: figures from virtual phones, not measured on real hardware' : 'measured',
      left: 0,
      textStyle: { fontSize: 12, color: text },
      subtextStyle: { fontSize: 11, color: opts.simulated ? CHART_COLORS.simulated : CHART_COLORS.muted },
    },
    legend: { bottom: 0, left: 'center', textStyle: { color: text, fontSize: 11 } },
    grid: { left: 56, right: 28, top: 72, bottom: 70 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data?: ParetoDatum }).data;
        return d && Array.isArray(d.value) ? paretoTooltip(d, unit) : '';
      },
    },
    xAxis: {
      type: 'value',
      name: `${AXIS_NAMES[chart.cost]} (${unit})`,
      nameLocation: 'middle',
      nameGap: 28,
      scale: true,
      axisLabel: { color: text },
    },
    yAxis: {
      type: 'value',
      name: 'Accuracy (%)',
      scale: true,
      max: 100,
      axisLabel: { color: text },
    },
    series,
  };
}
