/**
 * The CLI's lab: a Lab (the composition root) on the global options' home and adb. Commands talk to it only
 * through `lab.api` (dispatch, the same validation as IPC and HTTP) and its event bus.
 */
import type { Command } from 'commander';
import { Lab, type LabOptions } from '../lab/lab';
import { baseUrlsOf } from './llm-options';

function options(cmd: Command, extra: Partial<LabOptions>): LabOptions {
  const g = cmd.optsWithGlobals<{ home?: string; adb?: string }>();
  return { host: 'cli', ...(g.home ? { home: g.home } : {}), ...(g.adb ? { adbPath: g.adb } : {}), llmBaseUrls: baseUrlsOf(cmd), ...extra };
}

/** A started Lab (devices tracked) from the global CLI options (--home, --adb). */
export async function openLab(cmd: Command, extra: Partial<LabOptions> = {}): Promise<Lab> {
  const lab = new Lab(options(cmd, extra));
  try {
    await lab.start();
  } catch (err) {
    await lab.close();
    throw err;
  }
  return lab;
}

/** A Lab on the CLI's home without device tracking (no adb needed): for commands that only use the database. */
export function openOfflineLab(cmd: Command, extra: Partial<LabOptions> = {}): Lab {
  return new Lab(options(cmd, extra));
}

/** Runs `fn` with a lab and closes it whatever happens. */
export async function withLab<T>(lab: Lab | Promise<Lab>, fn: (lab: Lab) => Promise<T>): Promise<T> {
  const l = await lab;
  try {
    return await fn(l);
  } finally {
    await l.close();
  }
}
