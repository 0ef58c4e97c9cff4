/**
 * The seed's "savings breakdown", every bar measured: per strategy, savings vs always-largest in model size, in
 * measured latency and in measured energy, each paired on the same prompts (the seed multiplied the size savings
 * by 0.8 and 0.7 instead). always-largest itself is the reference (0 by definition) and is left out. A figure that
 * was not measured (e.g. a phone without an energy meter) is a gap, never a zero bar.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ChartContext } from './common';
import { CHART_COLORS, orGap, pct, titleBlock, verticalAxisName } from './common';
import type { StrategyChartRow } from './rows';
import { availableLabel } from './rows';

export type SavingsBreakdownOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TitleComponentOption | TooltipComponentOption>;

export interface SavingsBreakdownOptions {
  /** How latency was measured, e.g. "total latency per prompt". */
  latencyMethod: string;
  /** How energy was measured, e.g. "ODPM power rails, gross", or null when the phone has no energy meter. */
  energyMethod: string | null;
  /** Name of the reference row to leave out (default `always-largest`). */
  reference?: string;
}

export const SAVINGS_SERIES = ['Size savings (%)', 'Measured latency savings (%)', 'Measured energy savings (%)'] as const;

function category(r: StrategyChartRow): string {
  if (r.unavailable) return availableLabel(r);
  return r.savingsN ? `${r.name}\nn=${r.savingsN.latency}/${r.savingsN.energy}` : r.name;
}

export function buildSavingsBreakdownOption(rows: readonly StrategyChartRow[], ctx: ChartContext, opts: SavingsBreakdownOptions): SavingsBreakdownOption {
  const text = ctx.textColor ?? CHART_COLORS.text;
  const reference = opts.reference ?? 'always-largest';
  const shown = rows.filter((r) => r.name !== reference);
  const label = { show: true, position: 'top' as const, fontSize: 9, color: text, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}` : '') };
  const bar = (name: string, color: string, pick: (r: StrategyChartRow) => number | null): BarSeriesOption => ({
    type: 'bar',
    name,
    barMaxWidth: 22,
    itemStyle: { color },
    label,
    data: shown.map((r) => orGap(r.unavailable ? null : pct(pick(r)))),
  });
  const method = [
    `vs ${reference}, paired on the same prompts${shown.some((r) => r.savingsN) ? ' (n under each strategy: latency/energy pairs)' : ''}`,
    `latency: ${opts.latencyMethod}; energy: ${opts.energyMethod ?? 'not measured on this phone'}`,
  ].join('\n');
  return {
    animation: false,
    title: titleBlock('Savings vs always-largest', ctx, method),
    legend: { bottom: 0, left: 'center', textStyle: { color: text, fontSize: 11 } },
    grid: { left: 72, right: 24, top: 112, bottom: 72 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', name: 'Strategy', nameLocation: 'middle', nameGap: 40, data: shown.map(category), axisLabel: { color: text, fontSize: 10, interval: 0 } },
    yAxis: { type: 'value', ...verticalAxisName('Savings vs always-largest (%)'), axisLabel: { color: text }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
    series: [
      { ...bar(SAVINGS_SERIES[0], CHART_COLORS.size, (r) => r.savingsVsLargest.size), markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: CHART_COLORS.muted, type: 'solid' }, data: [{ yAxis: 0 }] } },
      bar(SAVINGS_SERIES[1], CHART_COLORS.latency, (r) => r.savingsVsLargest.latency),
      bar(SAVINGS_SERIES[2], CHART_COLORS.energy, (r) => r.savingsVsLargest.energy),
    ],
  };
}
