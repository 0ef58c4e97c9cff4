/**
 * The fonts charts are rasterised with: the two Liberation Sans files shipped in resources/fonts/ (SIL OFL 1.1),
 * given to resvg explicitly with the system font scan OFF. A fresh CI machine may have no font at all, and a
 * developer's machine has whatever it has: loading only our files makes a chart's PNG the same on both.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHART_FONT_FAMILY = 'Liberation Sans';
export const CHART_FONT_FILES = ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'] as const;

export class ChartFontError extends Error {
  override readonly name = 'ChartFontError';
}

/**
 * resources/fonts for the packaged app, the electron-vite build (out/main) and the CLI / tests from source: the
 * AURORA_LAB_RESOURCES override, then the packaged app's resources, then `from` and up to five parents.
 */
export function findFontsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  const candidates: string[] = [];
  if (process.env.AURORA_LAB_RESOURCES) candidates.push(join(process.env.AURORA_LAB_RESOURCES, 'fonts'));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'resources', 'fonts'));
  let dir = from;
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'fonts'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => CHART_FONT_FILES.every((f) => existsSync(join(c, f))));
  if (!found) throw new ChartFontError(`Cannot find the chart fonts (${CHART_FONT_FILES.join(', ')}); looked in: ${candidates.join(', ')}. Reinstall the lab, or set AURORA_LAB_RESOURCES to the folder holding fonts/.`);
  return found;
}

/** Absolute paths of the chart font files. */
export function chartFontFiles(dir: string = findFontsDir()): string[] {
  return CHART_FONT_FILES.map((f) => join(dir, f));
}
