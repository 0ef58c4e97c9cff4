/**
 * Writing the files the API hands over (charts as SVG text and PNG base64, reports as HTML) into a folder the user
 * named on the command line. File names come from the lab (fixed chart names); they are checked anyway so nothing
 * lands outside the folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { groupFolder, type ExportFile } from '../../../shared/api/benchmark';
import type { Lab } from '../../lab/lab';

export async function writeExportFiles(dir: string, files: readonly ExportFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    if (basename(f.filename) !== f.filename || f.filename.startsWith('.')) throw new Error(`Refusing to write "${f.filename}": not a plain file name`);
    const path = join(dir, f.filename);
    await writeFile(path, f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : f.content);
    written.push(path);
  }
  return written;
}

/** Every group's charts of a comparison: DIR itself for one group, DIR/<group>/ for several. */
export async function writeComparisonCharts(lab: Lab, comparisonId: string, groups: readonly string[], dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const key of groups) {
    const { files } = await lab.api.benchmark.charts({ comparisonId, group: key });
    written.push(...(await writeExportFiles(groups.length > 1 ? join(dir, groupFolder(key)) : dir, files)));
  }
  return written;
}
