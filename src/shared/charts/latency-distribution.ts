/**
 * Per-model latency distributions: one box per model (quartiles, median, whiskers min..max, no outlier rule) and
 * the mean as a point, models ordered by size. n per model is in its axis label; the five numbers come from the
 * core (src/main/charts/latency-stats.ts), so the quantile definition exists once.
 */
import type { ComposeOption } from 'echarts/core';
import type { BoxplotSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartContext } from './common';
import { CHART_COLORS, titleBlock, verticalAxisName } from './common';
import type { ModelLatencyRow } from './rows';

export type LatencyDistributionOption = ComposeOption<BoxplotSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption>;

export type LatencyMetric = 'total' | 'ttft';

export const LATENCY_AXIS: Record<LatencyMetric, string> = {
  total: 'Total latency per prompt (ms)',
  ttft: 'Time to first token (ms)',
};

const r1 = (v: number) => Math.round(v * 10) / 10;

export function buildLatencyDistributionOption(rows: readonly ModelLatencyRow[], ctx: ChartContext, opts: { metric?: LatencyMetric } = {}): LatencyDistributionOption {
  const text = ctx.textColor ?? CHART_COLORS.text;
  const metric = opts.metric ?? 'total';
  const sorted = [...rows].sort((a, b) => (a.sizeMb ?? 0) - (b.sizeMb ?? 0));
  const categories = sorted.map((r) => `${r.model}\nn=${r.stats?.n ?? 0}`);
  const method = `${metric === 'total' ? 'total latency' : 'time to first token'} of each measured prompt; box: quartiles (type 7), line: median, whiskers: min to max, dot: mean`;
  return {
    animation: false,
    title: titleBlock(metric === 'total' ? 'Latency per model' : 'Time to first token per model', ctx, method),
    legend: { bottom: 0, left: 'center', textStyle: { color: text, fontSize: 11 } },
    tooltip: { trigger: 'item' },
    grid: { left: 80, right: 24, top: 100, bottom: 72 },
    xAxis: { type: 'category', name: 'Model', nameLocation: 'middle', nameGap: 40, data: categories, axisLabel: { color: text, fontSize: 10, interval: 0 } },
    yAxis: { type: 'value', ...verticalAxisName(LATENCY_AXIS[metric], 'left', 60), min: 0, axisLabel: { color: text }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
    series: [
      {
        type: 'boxplot',
        name: 'Distribution (min, quartiles, max)',
        itemStyle: { color: 'rgba(59, 111, 224, 0.15)', borderColor: CHART_COLORS.size },
        data: sorted.map((r) => (r.stats ? [r1(r.stats.min), r1(r.stats.q1), r1(r.stats.median), r1(r.stats.q3), r1(r.stats.max)] : [])),
      },
      {
        type: 'scatter',
        name: 'Mean',
        symbol: 'circle',
        symbolSize: 7,
        itemStyle: { color: CHART_COLORS.energy },
        data: sorted.map((r, i) => (r.stats ? [i, r1(r.stats.mean)] : [i, '-'])),
      },
    ],
  };
}
