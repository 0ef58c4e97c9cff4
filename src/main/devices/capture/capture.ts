/**
 * `aurora-lab capture`: saves what the lab reads from a phone to probe and measure it, one file per source as
 * the phone printed it (bytes unchanged), plus a short time series of the power readings and manifest.json.
 * This is what a user attaches to a bug report about a phone the lab misreads; `virtual-phone --replay DIR`
 * answers the same commands with it. A capture never overwrites: the folder must be new or empty.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CaptureEntry, CaptureManifest, CaptureResult } from '../../../shared/devices';
import { DeviceError, errorMessage } from '../errors';
import { parseGetprop } from '../parsers/getprop';
import { sectionScript, splitSections } from '../sections';
import { sh } from '../shell-command';
import type { DeviceShell } from '../types';
import {
  BATTERY_NODES,
  BATTERY_SYSFS,
  CAPTURE_FORMAT,
  COMMAND_SOURCES,
  MANIFEST_FILE,
  SERIES_FILE,
  THERMAL_SYSFS,
  batteryNodeFile,
  thermalZoneFile,
} from './layout';
import { sampleSeries } from './series';

export interface CaptureOptions {
  outDir: string;
  /** Length of the power time series, s (default 3). */
  seconds?: number;
  /** Its target rate, Hz (default 20, the runner sampler's default). */
  hz?: number;
  labVersion: string;
  /** Gap between the two `delta` calls, so the saved delta dump covers a real interval (default 1000 ms). */
  deltaGapMs?: number;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

const STDERR_MAX = 4000;
const TIMEOUT_MS = 30_000;

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new DeviceError('invalid-command', `${dir} exists and is not a folder; give --out a new folder.`);
    if (readdirSync(dir).length > 0) throw new DeviceError('invalid-command', `${dir} is not empty; a capture never overwrites, so give --out a new or empty folder.`);
  }
  mkdirSync(dir, { recursive: true });
}

export async function captureDevice(shell: DeviceShell, serial: string, opts: CaptureOptions): Promise<CaptureResult> {
  const dir = resolve(opts.outDir);
  prepareDir(dir);
  const files: Record<string, CaptureEntry> = {};
  const written: string[] = [];
  const warnings: string[] = [];
  const progress = opts.onProgress ?? (() => {});

  const save = (file: string, data: Buffer | string) => {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    written.push(file);
  };
  const record = (file: string, command: string, stdout: Buffer, stderr: Buffer, exitCode: number | null) => {
    // A command that failed and printed nothing has no file: a replay fails the same way instead of answering.
    const ok = exitCode === 0 || exitCode === null || stdout.length > 0;
    const err = stderr.toString('utf8');
    files[file] = { command, exitCode, written: ok, ...(err ? { stderr: err.slice(0, STDERR_MAX) } : {}) };
    if (ok) save(file, stdout);
  };
  const run = async (file: string, argv: string[]) => {
    opts.signal?.throwIfAborted();
    const cmd = sh(argv[0]!, ...argv.slice(1));
    const r = await shell.shell(serial, cmd, { timeoutMs: TIMEOUT_MS, ...(opts.signal ? { signal: opts.signal } : {}) });
    record(file, argv.join(' '), r.stdout, r.stderr, r.exitCode);
    return r;
  };

  progress('Reading getprop, /proc, dumpsys battery, thermalservice and powerstats');
  for (const src of COMMAND_SOURCES) {
    if (src.file === 'odpm-delta.txt') {
      // The first delta call only sets the HAL's reference (Elapsed 0, zero deltas); keep the second.
      const prime = await shell.shell(serial, sh(src.argv[0]!, ...src.argv.slice(1)), { timeoutMs: TIMEOUT_MS });
      if (prime.stdout.includes('energy meter')) await new Promise((r) => setTimeout(r, opts.deltaGapMs ?? 1000));
    }
    await run(src.file, src.argv);
  }

  progress('Reading the power-supply nodes and thermal zones');
  for (const node of BATTERY_NODES) await run(batteryNodeFile(node), ['cat', `${BATTERY_SYSFS}/${node}`]);
  const ls = await shell.shell(serial, sh('ls', THERMAL_SYSFS), { timeoutMs: TIMEOUT_MS });
  const zones = ls.stdout
    .toString('utf8')
    .split(/\s+/)
    .filter((z) => /^thermal_zone\d+$/.test(z))
    .sort((a, b) => Number(a.slice(12)) - Number(b.slice(12)));
  if (zones.length > 0) {
    // One round trip for all zones: phones have dozens of them.
    const parts: Record<string, ReturnType<typeof sh>> = {};
    zones.forEach((z) => {
      parts[`${z}.type`] = sh('cat', `${THERMAL_SYSFS}/${z}/type`);
      parts[`${z}.temp`] = sh('cat', `${THERMAL_SYSFS}/${z}/temp`);
    });
    const out = await shell.shell(serial, sectionScript(parts), { timeoutMs: TIMEOUT_MS });
    const sections = splitSections(out.stdout.toString('utf8'));
    for (const z of zones) {
      for (const leaf of ['type', 'temp'] as const) {
        const s = sections.get(`${z}.${leaf}`);
        record(thermalZoneFile(z, leaf), `cat ${THERMAL_SYSFS}/${z}/${leaf}`, Buffer.from(s?.text ?? ''), Buffer.alloc(0), s ? s.exitCode : null);
      }
    }
  } else {
    warnings.push(`${THERMAL_SYSFS} lists no thermal zones (ls exit ${ls.exitCode ?? '?'}).`);
  }

  const seconds = opts.seconds ?? 3;
  const hz = opts.hz ?? 20;
  progress(`Sampling the power readings for ${seconds} s at up to ${hz} Hz`);
  const rows = await sampleSeries(shell, serial, { durationMs: seconds * 1000, hz, ...(opts.signal ? { signal: opts.signal } : {}) });
  save(SERIES_FILE, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  if (rows.length > 0 && rows.every((r) => r.current_now === null)) warnings.push('current_now was not readable in any series row.');

  const manifest: CaptureManifest = {
    format: CAPTURE_FORMAT,
    capturedAt: new Date().toISOString(),
    labVersion: opts.labVersion,
    device: deviceOf(dir, serial, files, warnings),
    files,
    series: { file: SERIES_FILE, rows: rows.length, durationMs: rows.length > 1 ? rows.at(-1)!.host_ms - rows[0]!.host_ms : 0, targetHz: hz },
    warnings,
  };
  save(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  progress(`Captured ${written.length} files into ${dir}`);
  return { dir, files: written.sort(), seriesRows: rows.length, manifest };
}

function deviceOf(dir: string, serial: string, files: Record<string, CaptureEntry>, warnings: string[]): CaptureManifest['device'] {
  const device: CaptureManifest['device'] = { serial, manufacturer: null, model: null, fingerprint: null, androidRelease: null, sdk: null, virtual: false };
  if (!files['getprop.txt']?.written) {
    warnings.push('getprop printed nothing; the device section of this manifest is empty.');
    return device;
  }
  try {
    const props = parseGetprop(readFileSync(join(dir, 'getprop.txt'), 'utf8'));
    const get = (k: string) => props.get(k)?.trim() || null;
    const sdk = Number.parseInt(get('ro.build.version.sdk') ?? '', 10);
    return {
      serial,
      manufacturer: get('ro.product.manufacturer'),
      model: get('ro.product.model'),
      fingerprint: get('ro.build.fingerprint'),
      androidRelease: get('ro.build.version.release_or_codename') ?? get('ro.build.version.release'),
      sdk: Number.isFinite(sdk) ? sdk : null,
      virtual: get('ro.aurora.virtual') === '1',
    };
  } catch (err) {
    warnings.push(`getprop.txt could not be read as getprop output: ${errorMessage(err)}`);
    return device;
  }
}

