import type { Command } from 'commander';
import { Lab, type LabOptions } from '../lab/lab';

/** Creates a started Lab from the global CLI options (--home, --adb). */
export async function openLab(cmd: Command, extra: Partial<LabOptions> = {}): Promise<Lab> {
  const g = cmd.optsWithGlobals<{ home?: string; adb?: string }>();
  const lab = new Lab({ host: 'cli', ...(g.home ? { home: g.home } : {}), ...(g.adb ? { adbPath: g.adb } : {}), ...extra });
  try {
    await lab.start();
  } catch (err) {
    await lab.close();
    throw err;
  }
  return lab;
}
