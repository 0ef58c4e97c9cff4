/**
 * The real ECharts SSR renderer and the real resvg rasteriser: SVG and PNG of the UI's own chart builders
 * (src/shared/charts), deterministic output, text drawn with the shipped fonts, files written.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_FONT_FILES, ChartFontError, ChartRenderError, findFontsDir, renderChart, renderChartSvg, svgToPng, writeChartFiles, writeChartSet } from '../../../src/main/charts';
import type { ParetoChart } from '../../../src/shared/api/compare';
import {
  STRATEGY_COMPARISON_SIZE,
  benchmarkChartSet,
  buildLatencyDistributionOption,
  buildModelSizeDistributionOption,
  buildSavingsBreakdownOption,
  buildStrategyComparisonOption,
  buildParetoOption,
} from '../../../src/shared/charts';
import { buildPowerChartOption } from '../../../src/shared/charts/power-chart';
import type { PowerTimeline } from '../../../src/shared/runs';
import { darkPixels, decodePng, pngSize } from '../../helpers/png';
import { tempDir } from '../../helpers/temp-dir';
import { MODELS, ROWS } from '../../unit/charts/fixtures';
import { latencyRows } from '../../../src/main/charts';

const dir = tempDir('aurora-charts-');
afterAll(() => dir.cleanup());

const pareto: ParetoChart = {
  cost: 'energy',
  unit: 'J',
  models: [
    { model: 'gemma-270m', cost: 0.8, accuracy: 0.31 },
    { model: 'qwen-600m', cost: 1.9, accuracy: 0.52 },
    { model: 'qwen-1.7b', cost: 4.2, accuracy: 0.61 },
  ],
  oracle: { cost: 1.1, accuracy: 0.78 },
  curves: [
    {
      name: 'router',
      evaluatedOnTraining: false,
      points: [
        { preference: 0, cost: 0.8, accuracy: 0.31 },
        { preference: 0.5, cost: 2.1, accuracy: 0.55 },
        { preference: 1, cost: 4.2, accuracy: 0.61 },
      ],
      hull: [],
    },
  ],
  strategies: [{ name: 'claude', cost: 2.5, accuracy: 0.57 }],
};

const timeline: PowerTimeline = {
  runId: 'run-0001',
  method: 'odpm',
  points: Array.from({ length: 40 }, (_, i) => ({ t: 1_000 + i * 250, watts: 1.5 + (i % 7) * 0.2 })),
  prompts: [
    { resultId: 1, index: 0, modelId: 'qwen-600m', tStartMs: 2_000, tEndMs: 4_000, ok: true },
    { resultId: 2, index: 1, modelId: 'qwen-600m', tStartMs: 4_500, tEndMs: 7_000, ok: false },
  ],
  baselines: [{ modelId: 'qwen-600m', tFromMs: 1_000, tToMs: 1_900, watts: 1.2 }],
  thermal: Array.from({ length: 10 }, (_, i) => ({ t: 1_000 + i * 1_000, tempC: 31 + i * 0.3 })),
} as PowerTimeline;

describe('renderChartSvg / renderChart (ECharts SSR + resvg)', () => {
  it('renders the Pareto builder of the Compare page as it is, to SVG and PNG', () => {
    const option = buildParetoOption(pareto, { simulated: true, group: 'pixel-7' });
    const out = renderChart(option, { width: 960, height: 540, idPrefix: 'pareto' });
    expect(out.svg.startsWith('<svg')).toBe(true);
    expect(out.svg).toContain('width="960" height="540"');
    expect((out.svg.match(/<path /g) ?? []).length).toBeGreaterThan(20);
    expect(out.svg).toContain('SIMULATED: figures from virtual phones');
    expect(out.svg).toContain('Energy per prompt (J)');
    expect(out.svg).not.toContain('<style');
    expect(out.svg).not.toMatch(/zr\d+-/);
    // 960 x 540 at scale 2.
    expect(pngSize(out.png)).toEqual({ width: 1920, height: 1080 });
    expect({ width: out.width, height: out.height }).toEqual({ width: 1920, height: 1080 });
    expect(out.png.length).toBeGreaterThan(20_000);
    expect(out.png.length).toBeLessThan(1_000_000);
  });

  it('renders the power timeline builder of the Run page as it is', () => {
    const out = renderChart(buildPowerChartOption(timeline), { width: 800, height: 360, scale: 1 });
    expect(pngSize(out.png)).toEqual({ width: 800, height: 360 });
    expect(out.svg).toContain('W (ODPM power rails)');
    expect((out.svg.match(/<path /g) ?? []).length).toBeGreaterThan(10);
  });

  it('is deterministic: same option, same SVG string and same PNG bytes, whatever was rendered before', () => {
    const option = buildParetoOption(pareto, { simulated: false });
    const a = renderChart(option);
    renderChart(buildPowerChartOption(timeline));
    const b = renderChart(option);
    expect(b.svg).toBe(a.svg);
    expect(b.png.equals(a.png)).toBe(true);
  });

  it('gives each chart its own id prefix so several can share one HTML page', () => {
    const option = buildPowerChartOption(timeline);
    const one = renderChartSvg(option, { idPrefix: 'power1' });
    const two = renderChartSvg(option, { idPrefix: 'power2' });
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(one).length).toBeGreaterThan(0);
    expect(ids(one).every((id) => id?.startsWith('power1-'))).toBe(true);
    expect(ids(two).every((id) => id?.startsWith('power2-'))).toBe(true);
    expect(() => renderChartSvg(option, { idPrefix: '"><script>' })).toThrow(ChartRenderError);
  });

  it('draws text with the shipped font: a title darkens pixels where it stands, no title leaves them white', () => {
    const withTitle = decodePng(renderChart({ title: { text: 'Aurora Lab 123', left: 10, top: 10, textStyle: { fontSize: 24, color: '#000' } } }, { width: 400, height: 100, scale: 1 }).png);
    const without = decodePng(renderChart({ title: { text: '', left: 10, top: 10 } }, { width: 400, height: 100, scale: 1 }).png);
    const box = { x: 0, y: 0, w: 400, h: 60 };
    expect(darkPixels(without, box)).toBe(0);
    // "Aurora Lab 123" at 24 px: hundreds of dark glyph pixels (a missing font draws none).
    expect(darkPixels(withTitle, box)).toBeGreaterThan(300);
  });

  it('escapes text it is given (a device name with markup stays text)', () => {
    const svg = renderChartSvg({ title: { text: '<script>alert("x")</script> & co' } });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('refuses sizes and scales out of range with the value in the message', () => {
    expect(() => renderChartSvg({}, { width: 3 })).toThrow(/width must be an integer from 16 to 8192 px \(got 3\)/);
    expect(() => renderChartSvg({}, { height: 100.5 })).toThrow(ChartRenderError);
    expect(() => svgToPng(renderChartSvg({}), { scale: 0 })).toThrow(/scale/);
    expect(() => svgToPng('not svg')).toThrow(ChartRenderError);
  });

  it('writes NAME.svg and NAME.png and refuses a name that could leave the folder', () => {
    const w = writeChartFiles(buildParetoOption(pareto, { simulated: true }), join(dir.path, 'charts'), 'pareto-energy', { width: 640, height: 400 });
    expect(existsSync(w.svgPath) && existsSync(w.pngPath)).toBe(true);
    expect(statSync(w.svgPath).size).toBe(w.svgBytes);
    expect(statSync(w.pngPath).size).toBe(w.pngBytes);
    expect(pngSize(readFileSync(w.pngPath))).toEqual({ width: 1280, height: 800 });
    expect(w.svgBytes).toBeGreaterThan(3_000);
    expect(() => writeChartFiles({}, dir.path, '../escape')).toThrow(/file name/);
  });
});

describe('the benchmark charts (src/shared/charts) rendered headless', () => {
  const ctx = { simulated: 'all' as const, prompts: 100, group: 'pixel-7' };
  const charts = {
    'model-size-distribution': { option: buildModelSizeDistributionOption(ROWS, MODELS, ctx), size: { width: 960, height: 540 }, series: 3 },
    'savings-breakdown': { option: buildSavingsBreakdownOption(ROWS, ctx, { latencyMethod: 'total latency per prompt', energyMethod: 'ODPM power rails, gross' }), size: { width: 960, height: 540 }, series: 3 },
    'strategy-comparison': { option: buildStrategyComparisonOption(ROWS, ctx), size: STRATEGY_COMPARISON_SIZE, series: 5 },
    'latency-distribution': {
      option: buildLatencyDistributionOption(latencyRows(MODELS.map((m, i) => ({ id: m.id, sizeMb: m.sizeMb, latenciesMs: Array.from({ length: 30 }, (_, k) => 200 * (i + 1) + k * 7) }))), ctx),
      size: { width: 960, height: 540 },
      series: 2,
    },
  };

  for (const [name, c] of Object.entries(charts)) {
    it(`${name}: SVG with drawn marks and the SIMULATED label, PNG at twice the size`, () => {
      const w = writeChartFiles(c.option, join(dir.path, 'bench'), name, c.size);
      const svg = readFileSync(w.svgPath, 'utf8');
      expect(svg).toContain(`width="${c.size.width}" height="${c.size.height}"`);
      expect(svg).toContain('SIMULATED: figures from virtual phones');
      expect(svg).toContain('n = 100 prompts');
      // The marks are drawn: more paths than the same chart with every series emptied (axes and grid only).
      const paths = (x: string) => (x.match(/<path /g) ?? []).length;
      const empty = renderChartSvg({ ...c.option, series: (c.option as { series: object[] }).series.map((x) => ({ ...x, data: [] })) }, c.size);
      expect(paths(svg)).toBeGreaterThanOrEqual(paths(empty) + 6);
      expect(w.svgBytes).toBeGreaterThan(5_000);
      expect(w.svgBytes).toBeLessThan(200_000);
      const png = readFileSync(w.pngPath);
      expect(pngSize(png)).toEqual({ width: c.size.width * 2, height: c.size.height * 2 });
      expect(w.pngBytes).toBeGreaterThan(30_000);
      expect(w.pngBytes).toBeLessThan(1_000_000);
      // The title is drawn: dark glyph pixels in the top-left band.
      expect(darkPixels(decodePng(png), { x: 0, y: 20, w: 800, h: 50 })).toBeGreaterThan(500);
      expect((c.option as { series: unknown[] }).series).toHaveLength(c.series);
    });
  }
});

describe('benchmarkChartSet + writeChartSet', () => {
  it('writes the fixed set of files the CLI, the report and the UI share', () => {
    const ctx = { simulated: 'none' as const, prompts: 100 };
    const set = benchmarkChartSet({ rows: ROWS, models: MODELS, ctx, latencyMethod: 'total latency', energyMethod: null });
    expect(set.map((c) => c.name)).toEqual(['model-size-distribution', 'savings-breakdown', 'strategy-comparison']);
    const latencies = latencyRows(MODELS.map((m) => ({ id: m.id, sizeMb: m.sizeMb, latenciesMs: [100, 200, 300] })));
    const full = benchmarkChartSet({ rows: ROWS, models: MODELS, ctx, latencyMethod: 'total latency', energyMethod: null, latencies });
    const written = writeChartSet(full, join(dir.path, 'set'), { scale: 1 });
    expect(written.map((w) => [w.name, w.width, w.height])).toEqual([
      ['model-size-distribution', 960, 540],
      ['savings-breakdown', 960, 540],
      ['strategy-comparison', 960, 720],
      ['latency-distribution', 960, 540],
    ]);
    for (const w of written) expect(pngSize(readFileSync(w.pngPath))).toEqual({ width: w.width, height: w.height });
    expect(readFileSync(written[0]!.svgPath, 'utf8')).toContain('measured on physical phones');
  });
});

describe('chart fonts', () => {
  it('finds resources/fonts with both Liberation Sans files', () => {
    const fonts = findFontsDir();
    for (const f of CHART_FONT_FILES) expect(statSync(join(fonts, f)).size).toBeGreaterThan(100_000);
  });

  it('names every folder it looked in when the fonts are missing', () => {
    const saved = process.env.AURORA_LAB_RESOURCES;
    process.env.AURORA_LAB_RESOURCES = join(dir.path, 'nowhere');
    try {
      let message = '';
      try {
        findFontsDir(join(dir.path, 'a', 'b'));
      } catch (err) {
        expect(err).toBeInstanceOf(ChartFontError);
        message = (err as Error).message;
      }
      expect(message).toContain(join(dir.path, 'nowhere', 'fonts'));
      expect(message).toContain(join(dir.path, 'a', 'b', 'resources', 'fonts'));
      expect(message).toContain('LiberationSans-Regular.ttf');
    } finally {
      if (saved === undefined) delete process.env.AURORA_LAB_RESOURCES;
      else process.env.AURORA_LAB_RESOURCES = saved;
    }
  });
});
