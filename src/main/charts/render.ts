/**
 * Charts without a window: an ECharts option -> SVG (ECharts' server-side SVG renderer) -> PNG (resvg). The same
 * option objects the UI draws go in; nothing here knows what a chart shows.
 *
 * Invariants:
 * - Deterministic: the same option and size give the same SVG string and the same PNG bytes, in any process and
 *   in any order. Animations are forced off, the CSS hover/animation block ECharts adds for live pages is left out
 *   (a file cannot hover), and the per-instance id ECharts puts in clip-path / gradient ids (`zr<N>-`, a global
 *   counter) is replaced by `idPrefix`. Two charts inlined in one HTML page need different prefixes.
 * - Text is rasterised with the fonts shipped in resources/fonts only (see fonts.ts): never the host's fonts.
 * - The chart instance is disposed whatever happens.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_PARTS } from '../../shared/charts/echarts-parts';
import { CHART_FONT_FAMILY, chartFontFiles } from './fonts';

echarts.use([...CHART_PARTS, SVGRenderer]);

export const DEFAULT_CHART_WIDTH = 960;
export const DEFAULT_CHART_HEIGHT = 540;
/** PNG pixels per SVG unit (2: sharp on a high-density screen and in a slide). */
export const DEFAULT_PNG_SCALE = 2;
const MIN_SIDE = 16;
const MAX_SIDE = 8192;

export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';
}

export interface SvgRenderOptions {
  /** SVG user units (CSS px). Default 960 x 540. */
  width?: number;
  height?: number;
  /** Replaces ECharts' `zr<N>` id prefix; unique per chart on one HTML page. Default `chart`. */
  idPrefix?: string;
  /** Used when the option sets no backgroundColor. Default white; `transparent` for none. */
  background?: string;
  /** Names the chart in error messages. */
  name?: string;
}

export interface PngRenderOptions {
  /** PNG pixels per SVG unit. Default 2. */
  scale?: number;
  /** Fills transparent areas. Default white. */
  background?: string;
}

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
}

function side(v: number | undefined, fallback: number, what: string, name: string): number {
  const n = v ?? fallback;
  if (!Number.isInteger(n) || n < MIN_SIDE || n > MAX_SIDE) throw new ChartRenderError(`${name}: ${what} must be an integer from ${MIN_SIDE} to ${MAX_SIDE} px (got ${String(v)})`);
  return n;
}

/** Renders an ECharts option to a standalone SVG document string. */
export function renderChartSvg(option: EChartsCoreOption, opts: SvgRenderOptions = {}): string {
  const name = opts.name ?? 'chart';
  const width = side(opts.width, DEFAULT_CHART_WIDTH, 'width', name);
  const height = side(opts.height, DEFAULT_CHART_HEIGHT, 'height', name);
  const prefix = opts.idPrefix ?? 'chart';
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(prefix)) throw new ChartRenderError(`${name}: idPrefix "${prefix}" must start with a letter and hold only letters, digits, _ and -`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const background = (option as { backgroundColor?: unknown }).backgroundColor ?? opts.background ?? '#ffffff';
    chart.setOption({ ...option, backgroundColor: background, animation: false });
    const painter = chart.getZr().painter as unknown as { renderToString(o: { cssAnimation?: boolean; cssEmphasis?: boolean; useViewBox?: boolean }): string };
    const svg = painter.renderToString({ cssAnimation: false, cssEmphasis: false, useViewBox: true });
    // Only attribute references carry the painter's id (one painter per string); text content cannot match
    // (ECharts escapes `"` in text, and `(#` / `href="#` only occur in attributes).
    return svg.replace(/(id="|url\(#|href="#|class=")zr\d+-/g, `$1${prefix}-`);
  } catch (err) {
    if (err instanceof ChartRenderError) throw err;
    throw new ChartRenderError(`${name}: ECharts could not render the option: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    chart.dispose();
  }
}

let fontOptions: ResvgRenderOptions['font'] | null = null;

function fonts(): NonNullable<ResvgRenderOptions['font']> {
  fontOptions ??= {
    loadSystemFonts: false,
    fontFiles: chartFontFiles(),
    defaultFontFamily: CHART_FONT_FAMILY,
    sansSerifFamily: CHART_FONT_FAMILY,
    serifFamily: CHART_FONT_FAMILY,
    monospaceFamily: CHART_FONT_FAMILY,
    cursiveFamily: CHART_FONT_FAMILY,
    fantasyFamily: CHART_FONT_FAMILY,
  };
  return fontOptions;
}

/** Rasterises an SVG document with resvg and the shipped fonts. */
export function svgToPng(svg: string, opts: PngRenderOptions = {}): RenderedPng {
  const scale = opts.scale ?? DEFAULT_PNG_SCALE;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8)) throw new ChartRenderError(`PNG scale must be above 0 and at most 8 (got ${scale})`);
  let image;
  try {
    image = new Resvg(svg, { font: fonts(), fitTo: { mode: 'zoom', value: scale }, background: opts.background ?? '#ffffff', logLevel: 'off' }).render();
  } catch (err) {
    throw new ChartRenderError(`resvg could not rasterise the SVG: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Option -> SVG and PNG in one go. */
export function renderChart(option: EChartsCoreOption, opts: SvgRenderOptions & PngRenderOptions = {}): RenderedPng & { svg: string } {
  const svg = renderChartSvg(option, opts);
  return { svg, ...svgToPng(svg, opts) };
}

export interface WrittenChart {
  name: string;
  svgPath: string;
  pngPath: string;
  svgBytes: number;
  pngBytes: number;
  /** PNG pixels. */
  width: number;
  height: number;
}

/**
 * Writes `<dir>/<name>.svg` and `<dir>/<name>.png` (creating `dir`). `name` is a file stem: letters, digits,
 * `.`, `_` and `-` only, so a strategy or device name can never climb out of `dir`.
 */
export function writeChartFiles(option: EChartsCoreOption, dir: string, name: string, opts: SvgRenderOptions & PngRenderOptions = {}): WrittenChart {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) throw new ChartRenderError(`Chart file name "${name}" must hold only letters, digits, ., _ and - (and start with a letter or digit)`);
  const out = renderChart(option, { name, ...opts });
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileSync(svgPath, out.svg);
  writeFileSync(pngPath, out.png);
  return { name, svgPath, pngPath, svgBytes: Buffer.byteLength(out.svg), pngBytes: out.png.length, width: out.width, height: out.height };
}

/** Writes every chart of a set (shared/charts/chart-set.ts) into `dir` as NAME.svg and NAME.png. */
export function writeChartSet(charts: ReadonlyArray<{ name: string; option: EChartsCoreOption; width: number; height: number }>, dir: string, opts: PngRenderOptions = {}): WrittenChart[] {
  return charts.map((c) => writeChartFiles(c.option, dir, c.name, { width: c.width, height: c.height, ...opts }));
}
