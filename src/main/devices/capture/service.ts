/**
 * `devices.capture` for the API and the CLI: checks the device is online, picks the default folder in the lab
 * home (`captures/<serial>-<time>`) when none is given, and captures it.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CaptureResult, DeviceSummary } from '../../../shared/devices';
import { LabError } from '../../api/lab-error';
import type { DeviceShell } from '../types';
import { captureDevice } from './capture';

export interface CaptureRequest {
  serial: string;
  outDir?: string | undefined;
  seconds?: number | undefined;
  /** Only a folder inside `<home>/captures/` (requests over HTTP); a relative `outDir` is taken there. */
  labFolderOnly?: boolean;
}

export interface CaptureDeps {
  shell: DeviceShell;
  device: (serial: string) => DeviceSummary | null;
  home: string;
  labVersion: string;
  now?: () => Date;
  /** Each step as it starts (the Devices page shows them). */
  onProgress?: (message: string) => void;
}

/** A folder name from a serial and a time: `127.0.0.1_5555-20250101-120000`. */
export function defaultCaptureDir(home: string, serial: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(home, 'captures', `${serial.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`);
}

/** `outDir` inside `<home>/captures/` (symbolic links resolved as far as the folder exists), else refused. */
export function labCaptureDir(home: string, outDir: string): string {
  const root = join(home, 'captures');
  mkdirSync(root, { recursive: true });
  const asked = resolve(root, outDir);
  let existing = asked;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = join(realpathSync(existing), relative(existing, asked));
  const rel = relative(realpathSync(root), real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new LabError('bad-request', `outDir: over HTTP (aurora-lab serve) captures go only into the lab's captures folder ${root}${sep}: give a folder name there (e.g. "pixel-bug"), or capture with \`aurora-lab capture --out DIR\` to write anywhere.`);
  }
  return real;
}

export async function captureForLab(deps: CaptureDeps, req: CaptureRequest): Promise<CaptureResult> {
  const d = deps.device(req.serial);
  if (!d) throw new LabError('not-found', `No device "${req.serial}" is known to the lab. Run \`aurora-lab devices\` to see the list.`);
  if (d.state !== 'device') {
    throw new LabError('unavailable', `${req.serial} is ${d.state}, so nothing can be read from it. ${d.state === 'unauthorized' ? 'Accept the USB debugging prompt on the phone, then capture again.' : 'Reconnect it, then capture again.'}`);
  }
  const outDir = req.outDir ? (req.labFolderOnly ? labCaptureDir(deps.home, req.outDir) : resolve(req.outDir)) : defaultCaptureDir(deps.home, req.serial, (deps.now ?? (() => new Date()))());
  return captureDevice(deps.shell, req.serial, { outDir, labVersion: deps.labVersion, ...(deps.onProgress ? { onProgress: deps.onProgress } : {}), ...(req.seconds ? { seconds: req.seconds } : {}) });
}
