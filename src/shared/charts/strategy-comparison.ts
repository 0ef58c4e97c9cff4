/**
 * The seed's "strategy comparison", with what the seed never had: measured accuracy and its 95 % interval.
 * Three panels over the same strategies: accuracy (bar) with the Wilson 95 % interval as a whisker; the average
 * model size; agreement with Claude and with the measured oracle (the seed's only quality proxy).
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartContext } from './common';
import { CHART_COLORS, orGap, pct, titleBlock, verticalAxisName } from './common';
import type { StrategyChartRow } from './rows';
import { availableLabel } from './rows';

export type StrategyComparisonOption = ComposeOption<
  BarSeriesOption | CustomSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>;

/** Recommended size: three panels need more height than the other charts. */
export const STRATEGY_COMPARISON_SIZE = { width: 960, height: 720 } as const;

export const COMPARISON_SERIES = {
  accuracy: 'Accuracy (%)',
  interval: 'Accuracy 95% interval (Wilson)',
  size: 'Average model size (MB)',
  claude: 'Agreement with Claude (%)',
  oracle: 'Agreement with measured oracle (%)',
} as const;

interface WhiskerApi {
  value(dim: number): number;
  coord(v: [number, number]): [number, number];
  size?(v: [number, number]): [number, number] | number;
  style?(extra?: Record<string, unknown>): Record<string, unknown>;
}

/** Draws [category, lo, hi] as a vertical whisker with caps (ECharts has no error bar of its own). */
export function renderWhisker(_params: unknown, api: WhiskerApi) {
  const x = api.value(0);
  const lo = api.coord([x, api.value(1)]);
  const hi = api.coord([x, api.value(2)]);
  const size = api.size?.([1, 0]);
  const band = Array.isArray(size) ? size[0] : typeof size === 'number' ? size : 40;
  const cap = Math.max(4, Math.min(10, band * 0.12));
  const style = { stroke: CHART_COLORS.text, lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
      { type: 'line', shape: { x1: lo[0] - cap, y1: lo[1], x2: lo[0] + cap, y2: lo[1] }, style },
      { type: 'line', shape: { x1: hi[0] - cap, y1: hi[1], x2: hi[0] + cap, y2: hi[1] }, style },
    ],
  };
}

export function buildStrategyComparisonOption(rows: readonly StrategyChartRow[], ctx: ChartContext, opts: { accuracyMethod?: string } = {}): StrategyComparisonOption {
  const text = ctx.textColor ?? CHART_COLORS.text;
  const categories = rows.map((r) => (r.unavailable ? availableLabel(r) : `${r.name}\nn=${r.scored}`));
  const live = (r: StrategyChartRow, v: number | null) => (r.unavailable ? null : v);
  const whiskers = rows.flatMap((r, i) => (r.unavailable || !r.accuracyCi95 ? [] : [[i, pct(r.accuracyCi95.lo) as number, pct(r.accuracyCi95.hi) as number]]));
  const axisLabel = { color: text };
  const split = { lineStyle: { color: CHART_COLORS.grid } };
  const method = opts.accuracyMethod ?? 'accuracy: share of scored prompts answered correctly (n = scored prompts), Wilson 95% interval';
  return {
    animation: false,
    title: titleBlock('Strategy comparison', ctx, method),
    legend: { bottom: 0, left: 'center', textStyle: { color: text, fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: [
      { left: 72, right: 24, top: 104, height: '30%' },
      { left: 72, right: 24, top: '50%', height: '16%' },
      { left: 72, right: 24, bottom: 96, height: '18%' },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: categories, axisLabel: { show: false } },
      { type: 'category', gridIndex: 1, data: categories, axisLabel: { show: false } },
      { type: 'category', gridIndex: 2, data: categories, axisLabel: { ...axisLabel, fontSize: 10, interval: 0 } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, ...verticalAxisName('Accuracy (%)'), min: 0, max: 100, axisLabel, splitLine: split },
      { type: 'value', gridIndex: 1, ...verticalAxisName('Avg model size (MB)'), min: 0, axisLabel, splitLine: split },
      { type: 'value', gridIndex: 2, ...verticalAxisName('Agreement (%)'), min: 0, max: 100, axisLabel, splitLine: split },
    ],
    series: [
      {
        type: 'bar',
        name: COMPARISON_SERIES.accuracy,
        xAxisIndex: 0,
        yAxisIndex: 0,
        barMaxWidth: 40,
        itemStyle: { color: CHART_COLORS.accuracy },
        label: { show: true, position: 'insideBottom', color: '#ffffff', fontSize: 10, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}` : '') },
        data: rows.map((r) => orGap(live(r, pct(r.accuracy)))),
      },
      {
        type: 'custom',
        name: COMPARISON_SERIES.interval,
        xAxisIndex: 0,
        yAxisIndex: 0,
        renderItem: renderWhisker as unknown as CustomSeriesOption['renderItem'],
        encode: { x: 0, y: [1, 2] },
        itemStyle: { color: CHART_COLORS.text },
        data: whiskers,
        z: 5,
      },
      {
        type: 'bar',
        name: COMPARISON_SERIES.size,
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 40,
        itemStyle: { color: CHART_COLORS.size },
        label: { show: true, position: 'top', color: text, fontSize: 10, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? `${Math.round(p.value)}` : '') },
        data: rows.map((r) => orGap(live(r, r.meanSizeMb === null ? null : Math.round(r.meanSizeMb)))),
      },
      { type: 'bar', name: COMPARISON_SERIES.claude, xAxisIndex: 2, yAxisIndex: 2, barMaxWidth: 22, itemStyle: { color: CHART_COLORS.claude }, data: rows.map((r) => orGap(live(r, pct(r.agreementWithClaude)))) },
      { type: 'bar', name: COMPARISON_SERIES.oracle, xAxisIndex: 2, yAxisIndex: 2, barMaxWidth: 22, itemStyle: { color: CHART_COLORS.oracle }, data: rows.map((r) => orGap(live(r, pct(r.agreementWithOracle)))) },
    ],
  };
}
