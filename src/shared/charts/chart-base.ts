/**
 * What every chart shares: colours of text, grid lines and the simulated label, the base option (no animation, the
 * page's font), the legend, the zoom controls under a time axis and the temperature axis. Chart modules build on
 * these so the charts look alike and a PNG saved from any of them reads the same. Pure (no echarts runtime).
 */
import { formatPercent, formatTemp } from '../format';

export const CHART_COLORS = {
  /** Axis labels and legends of the time charts. */
  text: '#5b6472',
  /** Titles and point labels. */
  ink: '#1c2128',
  grid: '#e3e6eb',
  muted: '#677281',
  /** The "SIMULATED" label that travels with a chart's PNG. */
  simulated: '#7c4ddb',
} as const;

export function chartBase(): { animation: false; textStyle: { fontFamily: string } } {
  return { animation: false, textStyle: { fontFamily: 'inherit' } };
}

export function topLegend(data: string[], text: string = CHART_COLORS.text) {
  return { top: 0, right: 0, data, textStyle: { color: text }, itemHeight: 8 };
}

/** Wheel/drag zoom and a slider under the x axis; `filterMode: 'none'` keeps lines continuous at the edges. */
export function zoomControls(line: string = CHART_COLORS.grid) {
  return [
    { type: 'inside' as const, filterMode: 'none' as const },
    { type: 'slider' as const, height: 16, bottom: 8, filterMode: 'none' as const, showDetail: false, borderColor: line },
  ];
}

/** The right-hand °C axis; a narrow band of temperatures would repeat the same whole degree on every tick. */
export function temperatureAxis(text: string = CHART_COLORS.text) {
  return {
    type: 'value' as const,
    name: '°C',
    scale: true,
    minInterval: 0.5,
    nameTextStyle: { color: text },
    axisLabel: { color: text, formatter: (v: number) => (Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)) },
    splitLine: { show: false },
  };
}

export const tooltipTemp = (v: unknown): string => (typeof v === 'number' ? formatTemp(v) : '—');
export const tooltipPercent = (v: unknown): string => (typeof v === 'number' ? formatPercent(v) : '—');
export const tooltipWatts = (v: unknown): string => (typeof v === 'number' ? `${v.toFixed(2)} W` : '—');
