import { describe, expect, it } from 'vitest';
import { PARETO_COLORS, buildParetoOption, costText, curveRowNames, paretoPointCount, paretoTooltip, type ParetoDatum } from '../../../../src/shared/charts/pareto';
import { makeGroup, makePareto } from '../fixtures/compare';

type Series = { type: string; name: string; data: ParetoDatum[]; lineStyle?: { type: string }; showSymbol?: boolean; itemStyle?: { color: string } };

describe('Pareto chart', () => {
  it('draws single models and the oracle as points and the router curve as a line with points', () => {
    const option = buildParetoOption(makePareto(), { simulated: false });
    const series = option.series as Series[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['scatter', 'Single models'],
      ['scatter', 'Oracle'],
      ['line', 'router (out of fold)'],
      ['scatter', 'Other strategies'],
    ]);
    // Non-finite points are left out; accuracy in percent.
    expect(series[0]!.data.map((d) => [d.name, d.value])).toEqual([
      ['gemma-270m', [2.04, 25]],
      ['qwen-600m', [2.44, 37.5]],
    ]);
    expect(series[1]!.data[0]!.value).toEqual([2.11, 62.5]);
    expect(series[1]!.itemStyle?.color).toBe(PARETO_COLORS.oracle);
    expect(series[2]!.showSymbol).toBe(true);
    expect(series[2]!.data.map((d) => d.preference)).toEqual([0, 0.5, 1]);
    expect(series[2]!.lineStyle?.type).toBe('solid');
  });

  it('hides strategy points drawn another way (router rows, the oracle)', () => {
    const names = curveRowNames(makeGroup().rows);
    expect(names).toEqual(['router@0.50', 'oracle(energy)']);
    const series = buildParetoOption(makePareto(), { simulated: false, hideStrategies: names }).series as Series[];
    expect(series[3]!.data.map((d) => d.name)).toEqual(['always-largest']);
    const none = buildParetoOption(makePareto({ strategies: [] }), { simulated: false }).series as Series[];
    expect(none.map((s) => s.name)).not.toContain('Other strategies');
  });

  it('marks curves evaluated on training prompts (dashed, named)', () => {
    const chart = makePareto();
    chart.curves[0] = { ...chart.curves[0]!, name: 'profile', evaluatedOnTraining: true };
    const series = buildParetoOption(chart, { simulated: false }).series as Series[];
    expect(series[2]!.name).toBe('profile (on training prompts)');
    expect(series[2]!.lineStyle?.type).toBe('dashed');
  });

  it('says SIMULATED in the chart itself (it travels with the PNG)', () => {
    const sim = buildParetoOption(makePareto(), { simulated: true, group: 'Pixel 8 Pro' });
    const title = sim.title as { text: string; subtext: string };
    expect(title.text).toBe('Accuracy vs energy per prompt · Pixel 8 Pro');
    expect(title.subtext).toMatch(/^SIMULATED/);
    expect((buildParetoOption(makePareto(), { simulated: false }).title as { subtext: string }).subtext).toBe('measured');
    const latency = buildParetoOption(makePareto({ cost: 'latency', unit: 'ms' }), { simulated: false });
    expect((latency.xAxis as { name: string }).name).toBe('Mean latency (ms)');
  });

  it('shows the preference in the tooltip of a router point', () => {
    const d: ParetoDatum = { value: [2.29, 30], name: 'router', preference: 0.5, series: 'curve' };
    expect(paretoTooltip(d, 'J')).toBe('<b>router</b> <span style="color:#677281">router</span><br/>preference 0.50<br/>accuracy 30.0%<br/>cost 2.29 J');
    expect(paretoTooltip({ value: [812, 60], name: '<x>', series: 'model' }, 'ms')).toMatch(/^<b>&lt;x&gt;<\/b>.*always this model.*cost 812 ms$/);
    const formatter = (buildParetoOption(makePareto(), { simulated: false }).tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ data: d })).toMatch(/preference 0\.50/);
    expect(formatter({})).toBe('');
  });

  it('counts drawable points and formats costs', () => {
    expect(paretoPointCount(makePareto())).toBe(2 + 1 + 3 + 3);
    expect(paretoPointCount(makePareto({ models: [], oracle: null, curves: [], strategies: [] }))).toBe(0);
    expect(costText(0.512, 'J')).toBe('512 mJ');
    expect(costText(394.2, 'MB')).toBe('394 MB');
  });
});
