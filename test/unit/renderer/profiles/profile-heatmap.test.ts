import { describe, expect, it } from 'vitest';
import { buildHeatmapOption, heatCellText } from '../../../../src/renderer/src/profiles/profile-heatmap';
import { makeDetail } from '../fixtures/profiles';

describe('router profile heatmap', () => {
  it('builds the error-rate heatmap: model × cluster with counts and intervals in the tooltip', () => {
    const d = makeDetail();
    const option = buildHeatmapOption(d, { simulated: true });
    expect((option.xAxis as { data: string[] }).data).toEqual(['c0', 'c1']);
    expect((option.yAxis as { data: string[] }).data).toEqual(['gemma-270m', 'qwen-600m']);
    const series = (option.series as Array<{ type: string; data: Array<{ value: number[] }> }>)[0]!;
    expect(series.type).toBe('heatmap');
    // NaN cells are left out; percentages.
    expect(series.data.map((x) => x.value)).toEqual([
      [0, 0, 55],
      [1, 0, 70],
      [0, 1, 30],
    ]);
    expect((option.title as { text: string }).text).toMatch(/^SIMULATED/);
    expect(buildHeatmapOption(makeDetail({ simulated: false })).title).toBeUndefined();
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const text = formatter({ data: series.data[0] });
    expect(text).toBe('<b>gemma-270m</b> · cluster 0<br/>error rate 55.0% (used for routing)<br/>measured 3 wrong of 5 = 60.0%<br/>95% interval 23.0–88.0%');
    expect(heatCellText('m', 1, d.heatmap.cells[0]![1]!)).toMatch(/no counts/);
  });
});
