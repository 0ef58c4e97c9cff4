/**
 * Reading a capture folder for `virtual-phone --replay DIR` (the layout is devices/capture/layout.ts). A folder
 * with only some of the files is fine: the rest falls back to the persona. What is there must be well formed;
 * a bad file stops the replay with an error naming the file and what is wrong with it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CaptureEntry, CaptureManifest } from '../../../shared/devices';
import {
  BATTERY_NODES,
  CAPTURE_FORMAT,
  COMMAND_SOURCES,
  MANIFEST_FILE,
  SERIES_FILE,
  batteryNodeFile,
  thermalZoneFile,
  type SeriesRow,
} from '../../devices/capture/layout';
import { errorMessage } from '../../devices/errors';
import { parseGetprop } from '../../devices/parsers/getprop';

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

export interface LoadedCapture {
  dir: string;
  manifest: CaptureManifest | null;
  /** Captured files by name (bytes as the phone printed them). */
  files: Map<string, Buffer>;
  /** Sources the manifest records as failed with nothing printed: the replay fails them the same way. */
  failed: Map<string, CaptureEntry>;
  /** Parsed getprop.txt, when captured. */
  props: Map<string, string> | null;
  series: SeriesRow[];
}

const entrySchema = z.object({
  command: z.string(),
  exitCode: z.number().int().nullable(),
  stderr: z.string().optional(),
  written: z.boolean(),
});

const manifestSchema = z.object({
  format: z.literal(CAPTURE_FORMAT),
  capturedAt: z.string(),
  labVersion: z.string(),
  device: z.object({
    serial: z.string(),
    manufacturer: z.string().nullable(),
    model: z.string().nullable(),
    fingerprint: z.string().nullable(),
    androidRelease: z.string().nullable(),
    sdk: z.number().nullable(),
    virtual: z.boolean(),
  }),
  files: z.record(z.string(), entrySchema),
  series: z.object({ file: z.string(), rows: z.number(), durationMs: z.number(), targetHz: z.number() }).nullable(),
  warnings: z.array(z.string()),
});

const num = z.number().nullable();
const rowSchema = z.object({
  host_ms: z.number(),
  t_ms: num,
  current_now: num,
  voltage_now: num,
  charge_counter: num,
  capacity: num,
  temp: num,
  status: z.string().nullable(),
});

function issues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
}

function readManifest(dir: string): CaptureManifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ReplayError(`${path} is not JSON (${errorMessage(err)}); fix it or remove it to replay the files without it.`);
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) throw new ReplayError(`${path} is not an Aurora capture manifest (${issues(r.error)}).`);
  return r.data as CaptureManifest;
}

export function readSeries(path: string): SeriesRow[] {
  const rows: SeriesRow[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        throw new ReplayError(`${path} line ${i + 1} is not JSON (${errorMessage(err)}).`);
      }
      // Older or hand-made series may leave columns out: missing means unreadable.
      const withDefaults = typeof json === 'object' && json !== null ? { t_ms: null, current_now: null, voltage_now: null, charge_counter: null, capacity: null, temp: null, status: null, ...json } : json;
      const r = rowSchema.safeParse(withDefaults);
      if (!r.success) throw new ReplayError(`${path} line ${i + 1}: ${issues(r.error)}.`);
      rows.push(r.data);
    });
  rows.sort((a, b) => a.host_ms - b.host_ms);
  return rows;
}

/** Every file name the layout knows that exists in `dir`. */
function knownFiles(dir: string): string[] {
  const names = [...COMMAND_SOURCES.map((s) => s.file), ...BATTERY_NODES.map(batteryNodeFile)];
  const zonesDir = join(dir, 'thermal-zones');
  if (existsSync(zonesDir)) {
    for (const z of readdirSync(zonesDir).filter((n) => /^thermal_zone\d+$/.test(n))) {
      names.push(thermalZoneFile(z, 'type'), thermalZoneFile(z, 'temp'));
    }
  }
  return names.filter((n) => existsSync(join(dir, n)) && statSync(join(dir, n)).isFile());
}

export function loadCapture(dir: string): LoadedCapture {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReplayError(`${dir} is not a folder; give --replay a folder made by \`aurora-lab capture\`.`);
  const manifest = readManifest(dir);
  const files = new Map(knownFiles(dir).map((n) => [n, readFileSync(join(dir, n))]));
  const failed = new Map(Object.entries(manifest?.files ?? {}).filter(([name, e]) => !e.written && !files.has(name)));
  const seriesPath = join(dir, SERIES_FILE);
  const series = existsSync(seriesPath) ? readSeries(seriesPath) : [];
  if (files.size === 0 && failed.size === 0 && series.length === 0) {
    throw new ReplayError(`${dir} holds none of the files of a capture (getprop.txt, proc-cpuinfo.txt, dumpsys-battery.txt, ...); is it a folder made by \`aurora-lab capture\`?`);
  }
  let props: Map<string, string> | null = null;
  const getprop = files.get('getprop.txt');
  if (getprop) {
    try {
      props = parseGetprop(getprop.toString('utf8'));
    } catch (err) {
      throw new ReplayError(`${join(dir, 'getprop.txt')}: ${errorMessage(err)}`);
    }
  }
  return { dir, manifest, files, failed, props, series };
}
