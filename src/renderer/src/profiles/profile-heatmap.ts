/**
 * The error-rate heatmap of a router profile: models × clusters, coloured green (right) to red (wrong), each cell's
 * tooltip with the rate routing uses, the measured count and its 95 % interval. Pure (no echarts runtime),
 * unit-tested in test/unit/renderer/profiles/profile-heatmap.test.ts.
 */
import type { ComposeOption } from 'echarts/core';
import type { HeatmapSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TitleComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ProfileDetail, ProfileHeatCell } from '../../../shared/api/profiles';
import { CHART_COLORS, chartBase } from '../../../shared/charts/chart-base';
import { formatInt, isNum } from '../../../shared/format';

// ---- Heatmap ----

export type HeatmapOption = ComposeOption<HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | TitleComponentOption>;

/** One cell's tooltip: the estimate routing uses, the raw rate with counts and the 95 % interval. */
export function heatCellText(model: string, cluster: number, c: ProfileHeatCell): string {
  const lines = [`<b>${model}</b> · cluster ${cluster}`, `error rate ${(c.errorRate * 100).toFixed(1)}% (used for routing)`];
  if (c.n !== null && c.errors !== null) lines.push(`measured ${formatInt(c.errors)} wrong of ${formatInt(c.n)}${c.rawErrorRate !== null ? ` = ${(c.rawErrorRate * 100).toFixed(1)}%` : ''}`);
  else lines.push('no counts (imported without them)');
  if (c.ci95) lines.push(`95% interval ${(c.ci95[0] * 100).toFixed(1)}–${(c.ci95[1] * 100).toFixed(1)}%`);
  return lines.join('<br/>');
}

export function buildHeatmapOption(d: ProfileDetail, opts: { simulated?: boolean; textColor?: string } = {}): HeatmapOption {
  const text = opts.textColor ?? CHART_COLORS.ink;
  const models = d.heatmap.models.map((m) => m.id);
  const k = Math.max(0, ...d.heatmap.cells.map((row) => row.length));
  const clusters = Array.from({ length: k }, (_, c) => `c${c}`);
  const data: Array<{ value: [number, number, number]; cell: ProfileHeatCell }> = [];
  d.heatmap.cells.forEach((row, m) =>
    row.forEach((cell, c) => {
      if (isNum(cell.errorRate)) data.push({ value: [c, m, Math.round(cell.errorRate * 1000) / 10], cell });
    }),
  );
  return {
    ...chartBase(),
    title: opts.simulated
      ? { text: 'SIMULATED: error rates from virtual phones', left: 0, textStyle: { fontSize: 11, color: CHART_COLORS.simulated, fontWeight: 'normal' } }
      : undefined,
    grid: { left: 110, right: 80, top: opts.simulated ? 28 : 10, bottom: 36 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = p as { data?: { value: [number, number, number]; cell: ProfileHeatCell } };
        if (!v.data) return '';
        return heatCellText(models[v.data.value[1]] ?? '?', v.data.value[0], v.data.cell);
      },
    },
    xAxis: { type: 'category', data: clusters, name: 'cluster', nameLocation: 'middle', nameGap: 24, axisLabel: { color: text }, splitArea: { show: true } },
    // Profile order (the tie-break order) from the top.
    yAxis: { type: 'category', data: models, inverse: true, axisLabel: { color: text, fontFamily: 'monospace' }, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      text: ['100% wrong', '0%'],
      textStyle: { color: text, fontSize: 10 },
      inRange: { color: ['#1f9d55', '#f5e663', '#d64545'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Error rate',
        data: data as unknown as HeatmapSeriesOption['data'],
        label: { show: k <= 24, formatter: (p: unknown) => `${Math.round((p as { value: [number, number, number] }).value[2])}`, fontSize: 10 },
        emphasis: { itemStyle: { borderColor: '#1c2128', borderWidth: 1 } },
      },
    ],
  };
}
