/**
 * The benchmark's chart option builders (src/shared/charts), without a DOM: chart types, series, axis names with
 * units, the SIMULATED label, n and method in the title block, gaps (never zeros) for figures not measured.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPARISON_SERIES,
  MEASURED_TEXT,
  PARTLY_SIMULATED_TEXT,
  SAVINGS_SERIES,
  SIMULATED_TEXT,
  buildLatencyDistributionOption,
  buildModelSizeDistributionOption,
  buildSavingsBreakdownOption,
  buildStrategyComparisonOption,
  renderWhisker,
  sizeRamp,
} from '../../../src/shared/charts';
import { MODELS, ROWS } from './fixtures';

type AnyOption = Record<string, unknown> & { series: Array<Record<string, unknown>>; title: { text: string; subtext: string } };
const o = (x: unknown) => x as AnyOption;
const ctx = { simulated: 'all' as const, prompts: 100, group: 'pixel-7' };

describe('model-size distribution', () => {
  const opt = o(buildModelSizeDistributionOption(ROWS, MODELS, ctx));

  it('stacks one bar series per model, smallest first, named with its size', () => {
    expect(opt.series.map((s) => s.type)).toEqual(['bar', 'bar', 'bar']);
    expect(opt.series.map((s) => s.name)).toEqual(['gemma-270m (172 MB)', 'qwen-600m (394 MB)', 'qwen-1.7b (1100 MB)']);
    expect(new Set(opt.series.map((s) => s.stack))).toEqual(new Set(['share']));
    // Light to dark.
    expect(opt.series.map((s) => (s.itemStyle as { color: string }).color)).toEqual(sizeRamp(3));
  });

  it('gives percentages of routed prompts per strategy, top to bottom in table order, and a gap for an unavailable one', () => {
    const y = (opt.yAxis as { data: string[] }).data;
    expect(y.at(-1)).toBe('router@0.50 · avg 469 MB · n=100');
    expect(y).toContain('gemini (unavailable)');
    const router = y.indexOf('router@0.50 · avg 469 MB · n=100');
    const gemini = y.indexOf('gemini (unavailable)');
    expect(opt.series.map((s) => (s.data as unknown[])[router])).toEqual([30, 50, 20]);
    expect(opt.series.map((s) => (s.data as unknown[])[gemini])).toEqual(['-', '-', '-']);
    expect((opt.xAxis as { name: string; max: number }).name).toBe('Share of routed prompts (%)');
    expect((opt.xAxis as { max: number }).max).toBe(100);
  });

  it('says SIMULATED, the group and n in the title block; animation off', () => {
    expect(opt.title.text).toBe('Model-size distribution per strategy · pixel-7 · n = 100 prompts');
    expect(opt.title.subtext.split('\n')[0]).toBe(SIMULATED_TEXT);
    expect(opt.animation).toBe(false);
  });
});

describe('savings breakdown', () => {
  const opt = o(buildSavingsBreakdownOption(ROWS, { ...ctx, simulated: 'none' }, { latencyMethod: 'total latency per prompt', energyMethod: 'ODPM power rails, gross' }));

  it('draws size, measured latency and measured energy savings as three bar series, without the reference', () => {
    expect(opt.series.map((s) => s.type)).toEqual(['bar', 'bar', 'bar']);
    expect(opt.series.map((s) => s.name)).toEqual([...SAVINGS_SERIES]);
    const x = (opt.xAxis as { data: string[] }).data;
    expect(x).not.toContain('always-largest');
    expect(x).toHaveLength(5);
    expect((opt.yAxis as { name: string }).name).toBe('Savings vs always-largest (%)');
  });

  it('shows percentages, and a gap where a figure was not measured (claude energy, gemini unavailable)', () => {
    const x = (opt.xAxis as { data: string[] }).data;
    const at = (series: number, cat: string) => (opt.series[series]!.data as unknown[])[x.indexOf(cat)];
    expect(at(0, 'router@0.50')).toBe(57.4);
    expect(at(1, 'router@0.50')).toBe(50);
    expect(at(2, 'claude')).toBe('-');
    expect([0, 1, 2].map((i) => at(i, 'gemini (unavailable)'))).toEqual(['-', '-', '-']);
  });

  it('names the pairing and both measuring methods; measured data says so', () => {
    const [first, pairing, methods] = opt.title.subtext.split('\n');
    expect(first).toBe(MEASURED_TEXT);
    expect(pairing).toContain('paired on the same prompts');
    expect(methods).toBe('latency: total latency per prompt; energy: ODPM power rails, gross');
    expect(opt.title.text).toContain('n = 100 prompts');
  });

  it('says energy was not measured when the phone has no meter, and puts per-strategy n under the names', () => {
    const rows = ROWS.map((r) => ({ ...r, savingsN: { latency: 97, energy: 0 } }));
    const no = o(buildSavingsBreakdownOption(rows, { ...ctx, simulated: 'some' }, { latencyMethod: 'total latency', energyMethod: null }));
    expect(no.title.subtext).toContain('energy: not measured on this phone');
    expect(no.title.subtext.split('\n')[0]).toBe(PARTLY_SIMULATED_TEXT);
    expect((no.xAxis as { data: string[] }).data[0]).toBe('router@0.50\nn=97/0');
  });
});

describe('strategy comparison', () => {
  const opt = o(buildStrategyComparisonOption(ROWS, ctx));

  it('has accuracy bars with Wilson whiskers, average size, and both agreements in three panels', () => {
    expect(opt.series.map((s) => [s.type, s.name])).toEqual([
      ['bar', COMPARISON_SERIES.accuracy],
      ['custom', COMPARISON_SERIES.interval],
      ['bar', COMPARISON_SERIES.size],
      ['bar', COMPARISON_SERIES.claude],
      ['bar', COMPARISON_SERIES.oracle],
    ]);
    expect((opt.grid as unknown[]).length).toBe(3);
    expect((opt.yAxis as Array<{ name: string }>).map((a) => a.name)).toEqual(['Accuracy (%)', 'Avg model size (MB)', 'Agreement (%)']);
  });

  it('puts n (scored prompts) under each strategy and whiskers at the interval in percent', () => {
    const x = (opt.xAxis as Array<{ data: string[] }>)[2]!.data;
    expect(x[0]).toBe('router@0.50\nn=98');
    expect(x[3]).toBe('gemini (unavailable)');
    const whiskers = opt.series[1]!.data as number[][];
    expect(whiskers[0]).toEqual([0, 45.2, 64.4]);
    // No whisker for the unavailable strategy.
    expect(whiskers.map((w) => w[0])).not.toContain(3);
    expect((opt.series[0]!.data as unknown[])[3]).toBe('-');
    expect(opt.title.subtext).toContain('Wilson 95% interval');
  });

  it('draws a whisker as a vertical line and two caps between the interval ends', () => {
    const api = { value: (d: number) => [2, 40, 60][d] as number, coord: ([x, y]: [number, number]) => [x * 100, 500 - y * 5] as [number, number], size: () => [80, 0] as [number, number] };
    const g = renderWhisker(null, api);
    expect(g.children).toHaveLength(3);
    expect(g.children[0]!.shape).toEqual({ x1: 200, y1: 300, x2: 200, y2: 200 });
    expect(g.children[1]!.shape.x2 - g.children[1]!.shape.x1).toBeCloseTo(2 * 9.6);
  });
});

describe('latency distribution', () => {
  const stats = (k: number) => ({ n: 50, min: 100 * k, q1: 200 * k, median: 250 * k, q3: 300 * k, max: 600 * k, mean: 270.04 * k });
  const rows = [
    { model: 'qwen-600m', sizeMb: 394, stats: stats(2) },
    { model: 'gemma-270m', sizeMb: 172, stats: stats(1) },
    { model: 'qwen-1.7b', sizeMb: 1100, stats: null },
  ];
  const opt = o(buildLatencyDistributionOption(rows, ctx));

  it('is one boxplot and one mean scatter, models by size with n in the label', () => {
    expect(opt.series.map((s) => s.type)).toEqual(['boxplot', 'scatter']);
    expect((opt.xAxis as { data: string[] }).data).toEqual(['gemma-270m\nn=50', 'qwen-600m\nn=50', 'qwen-1.7b\nn=0']);
    expect((opt.series[0]!.data as unknown[])[0]).toEqual([100, 200, 250, 300, 600]);
    expect((opt.series[0]!.data as unknown[])[2]).toEqual([]);
    expect((opt.series[1]!.data as unknown[])[0]).toEqual([0, 270]);
    expect((opt.yAxis as { name: string }).name).toBe('Total latency per prompt (ms)');
  });

  it('names the method (quartiles, whiskers) and the metric asked for', () => {
    expect(opt.title.subtext).toContain('whiskers: min to max');
    const ttft = o(buildLatencyDistributionOption(rows, ctx, { metric: 'ttft' }));
    expect((ttft.yAxis as { name: string }).name).toBe('Time to first token (ms)');
    expect(ttft.title.text.startsWith('Time to first token per model')).toBe(true);
  });
});
