/**
 * The layout of a capture folder: what the lab reads from a phone to probe and measure it, one file per source,
 * as the phone printed it. `aurora-lab capture` writes it; `aurora-lab virtual-phone --replay DIR` answers the same
 * commands with it. Both read this one table, so a source added here is captured and replayed alike.
 */
import { POWER_STATS_HAL } from '../../power/odpm';

export type { CaptureEntry, CaptureManifest } from '../../../shared/devices';

export const CAPTURE_FORMAT = 'aurora-capture/1';
export const MANIFEST_FILE = 'manifest.json';
export const SERIES_FILE = 'series.jsonl';

export const BATTERY_SYSFS = '/sys/class/power_supply/battery';
export const THERMAL_SYSFS = '/sys/class/thermal';

/** A command whose whole stdout is one file. `argv` is run as is (no user input ever reaches it). */
export interface CommandSource {
  file: string;
  argv: string[];
}

export const COMMAND_SOURCES: CommandSource[] = [
  { file: 'getprop.txt', argv: ['getprop'] },
  { file: 'proc-cpuinfo.txt', argv: ['cat', '/proc/cpuinfo'] },
  { file: 'proc-meminfo.txt', argv: ['cat', '/proc/meminfo'] },
  { file: 'dumpsys-battery.txt', argv: ['dumpsys', 'battery'] },
  { file: 'dumpsys-thermalservice.txt', argv: ['dumpsys', 'thermalservice'] },
  { file: 'dumpsys-powerstats.txt', argv: ['dumpsys', 'powerstats'] },
  { file: 'odpm.txt', argv: ['dumpsys', POWER_STATS_HAL] },
  { file: 'odpm-delta.txt', argv: ['dumpsys', POWER_STATS_HAL, 'delta'] },
];

/** Files of the phone's tree that a capture copies, keyed by their device path. */
export const DEVICE_FILES: Record<string, string> = {
  '/proc/cpuinfo': 'proc-cpuinfo.txt',
  '/proc/meminfo': 'proc-meminfo.txt',
};

/** The power-supply nodes the lab reads (probe, runner sampler, charge-counter check). */
export const BATTERY_NODES = ['current_now', 'voltage_now', 'charge_counter', 'capacity', 'status', 'temp', 'charge_full_design', 'charge_full'] as const;

/** `power-supply/battery/current_now` <-> `/sys/class/power_supply/battery/current_now`. */
export function batteryNodeFile(node: string): string {
  return `power-supply/battery/${node}`;
}

export function thermalZoneFile(zone: string, leaf: 'type' | 'temp'): string {
  return `thermal-zones/${zone}/${leaf}`;
}

/** The device path a capture file stands for, when it is a copy of a file (not a command's output). */
export function devicePathOf(file: string): string | null {
  const battery = /^power-supply\/battery\/([a-z_]+)$/.exec(file);
  if (battery) return `${BATTERY_SYSFS}/${battery[1]}`;
  const zone = /^thermal-zones\/(thermal_zone\d+)\/(type|temp)$/.exec(file);
  if (zone) return `${THERMAL_SYSFS}/${zone[1]}/${zone[2]}`;
  return Object.entries(DEVICE_FILES).find(([, f]) => f === file)?.[0] ?? null;
}

/** One row of series.jsonl: what the power readings said at one moment. */
export interface SeriesRow {
  /** Host epoch ms at the middle of the read's round trip. */
  host_ms: number;
  /** The phone's boot clock (/proc/uptime) in ms, when readable. */
  t_ms: number | null;
  current_now: number | null;
  voltage_now: number | null;
  charge_counter: number | null;
  capacity: number | null;
  temp: number | null;
  status: string | null;
}

/** The series columns that are power-supply nodes, in file order. */
export const SERIES_NODES = ['current_now', 'voltage_now', 'charge_counter', 'capacity', 'temp', 'status'] as const;
