/**
 * The seed's "model-size distribution": per strategy, the share of its routed prompts that went to each model,
 * models stacked from smallest (light) to largest (dark). One horizontal bar per strategy, 0..100 %.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartContext } from './common';
import { CHART_COLORS, orGap, sizeRamp, titleBlock } from './common';
import type { ChartModel, StrategyChartRow } from './rows';
import { availableLabel } from './rows';

export type ModelSizeDistributionOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption>;

export function modelLegendName(m: ChartModel): string {
  return `${m.id} (${Math.round(m.sizeMb)} MB)`;
}

export function buildModelSizeDistributionOption(rows: readonly StrategyChartRow[], models: readonly ChartModel[], ctx: ChartContext): ModelSizeDistributionOption {
  const text = ctx.textColor ?? CHART_COLORS.text;
  const bySize = [...models].sort((a, b) => a.sizeMb - b.sizeMb || a.id.localeCompare(b.id));
  const colors = sizeRamp(bySize.length);
  // Top to bottom in table order: a category axis draws its first category at the bottom, so reverse.
  const shown = [...rows].reverse();
  const categories = shown.map((r) => (r.unavailable || r.meanSizeMb === null ? availableLabel(r) : `${r.name} · avg ${Math.round(r.meanSizeMb)} MB · n=${r.routed}`));
  const series: BarSeriesOption[] = bySize.map((m, i) => ({
    type: 'bar',
    name: modelLegendName(m),
    stack: 'share',
    barMaxWidth: 28,
    itemStyle: { color: colors[i] },
    label: { show: true, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' && p.value >= 8 ? `${p.value.toFixed(0)}%` : ''), color: i > bySize.length / 2 ? '#ffffff' : text, fontSize: 10 },
    data: shown.map((r) => orGap(r.unavailable || r.routed === 0 ? null : Math.round((r.share[m.id] ?? 0) * 1000) / 10)),
  }));
  return {
    animation: false,
    title: titleBlock('Model-size distribution per strategy', ctx, 'share of each strategy\'s routed prompts per model (100% = its n routed prompts)'),
    legend: { bottom: 0, left: 'center', textStyle: { color: text, fontSize: 11 } },
    grid: { left: 16, right: 24, top: 96, bottom: 64 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: 'Share of routed prompts (%)', nameLocation: 'middle', nameGap: 26, min: 0, max: 100, axisLabel: { color: text }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
    yAxis: { type: 'category', data: categories, axisLabel: { color: text, fontSize: 11 } },
    series,
  };
}
