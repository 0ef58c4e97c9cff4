/**
 * The chart font, inlined into the report: ECharts lays chart text out with Arial metrics, and the PNGs are drawn
 * with Liberation Sans (Arial-metric). A browser without an Arial-metric font would draw wider text and legends
 * would overlap, so the report carries the unmodified LiberationSans-Regular.ttf (SIL OFL 1.1; its copyright and
 * licence travel in the file's own name table) as a data: URI. Bold text is synthesised from it, which matches
 * ECharts' (normal-weight) measurements at least as well as a real bold would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_FONT_FILES, findFontsDir } from '../charts/fonts';

export const REPORT_CHART_FONT = 'Aurora Chart Sans';

let cached: string | null = null;

export function chartFontFaceCss(): string {
  if (cached === null) {
    const ttf = readFileSync(join(findFontsDir(), CHART_FONT_FILES[0]));
    cached = `/* Liberation Sans 2.1.5 Regular, SIL Open Font License 1.1 (Copyright (c) 2012 Red Hat, Inc. with Reserved Font Name Liberation), unmodified. */
@font-face { font-family: "${REPORT_CHART_FONT}"; font-style: normal; font-weight: 400; src: url(data:font/ttf;base64,${ttf.toString('base64')}) format("truetype"); }
figure svg text { font-family: "${REPORT_CHART_FONT}", Arial, Helvetica, sans-serif !important; }`;
  }
  return cached;
}
