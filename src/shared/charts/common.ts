/**
 * What every chart of the lab carries, whichever page or file shows it: a title naming the group and n, a subtitle
 * saying whether the figures were measured or come from a virtual phone (it travels with the PNG), and axis names
 * with units. Pure: no DOM, no echarts runtime; the renderer and src/main/charts both use these builders.
 */

/** 'all': every figure from virtual phones; 'some': mixed; 'none': physical phones only. */
export type SimulatedLevel = 'none' | 'some' | 'all';

export const SIMULATED_TEXT = 'SIMULATED: figures from virtual phones, not measured on real hardware';
export const PARTLY_SIMULATED_TEXT = 'PARTLY SIMULATED: some figures come from virtual phones, not real hardware';
export const MEASURED_TEXT = 'measured on physical phones';

export const CHART_COLORS = {
  text: '#1c2128',
  muted: '#677281',
  simulated: '#7c4ddb',
  grid: '#e3e6eb',
  size: '#3b6fe0',
  latency: '#0f8b8d',
  energy: '#b7791f',
  accuracy: '#1f9d55',
  claude: '#d64545',
  oracle: '#7c4ddb',
} as const;

/** Blues from light (smallest model) to dark (largest): a distribution by size reads at a glance. */
export function sizeRamp(n: number): string[] {
  const light = [198, 219, 239];
  const dark = [8, 48, 107];
  return Array.from({ length: n }, (_, i) => {
    const t = n <= 1 ? 1 : i / (n - 1);
    const c = light.map((l, k) => Math.round(l + t * ((dark[k] as number) - l)));
    return `rgb(${c.join(', ')})`;
  });
}

export function simulatedText(level: SimulatedLevel): string {
  return level === 'all' ? SIMULATED_TEXT : level === 'some' ? PARTLY_SIMULATED_TEXT : MEASURED_TEXT;
}

/** Context every chart of a group needs. */
export interface ChartContext {
  simulated: SimulatedLevel;
  /** Prompts behind the chart (the group's n). */
  prompts: number;
  /** Device or run shown in the title. */
  group?: string;
  textColor?: string;
}

/** "Title · group · n = 100 prompts". */
export function chartTitle(base: string, ctx: ChartContext): string {
  return [base, ctx.group, `n = ${ctx.prompts} prompt${ctx.prompts === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
}

/** The title block: title, then the simulated/measured line and the method line(s). */
export function titleBlock(base: string, ctx: ChartContext, method: string) {
  const text = ctx.textColor ?? CHART_COLORS.text;
  return {
    text: chartTitle(base, ctx),
    subtext: `${simulatedText(ctx.simulated)}\n${method}`,
    left: 0,
    textStyle: { fontSize: 13, color: text },
    subtextStyle: { fontSize: 11, lineHeight: 15, color: ctx.simulated === 'none' ? CHART_COLORS.muted : CHART_COLORS.simulated },
  };
}

/** A vertical value axis's name, written along the axis so it never runs into the title block. */
export function verticalAxisName(name: string, side: 'left' | 'right' = 'left', gap = 52) {
  return { name, nameLocation: 'middle' as const, nameRotate: side === 'left' ? 90 : -90, nameGap: gap, nameTextStyle: { color: CHART_COLORS.muted, fontSize: 12 } };
}

/** A fraction as a percentage with one decimal; null (not measured) stays null. */
export function pct(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1000) / 10;
}

/** ECharts draws nothing for '-': a figure that was not measured is a gap, never a zero. */
export function orGap(v: number | null): number | '-' {
  return v === null ? '-' : v;
}
