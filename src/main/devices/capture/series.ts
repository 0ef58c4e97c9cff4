/**
 * A short time series of the power readings, as a capture keeps it (series.jsonl): the fuel-gauge nodes and the
 * phone's boot clock (/proc/uptime), read in one adb round trip per row at up to the lab's sample rate.
 */
import { parseIntStrict } from '../parsers/text';
import { sectionScript, splitSections } from '../sections';
import { sh } from '../shell-command';
import type { DeviceShell } from '../types';
import { BATTERY_SYSFS, SERIES_NODES, type SeriesRow } from './layout';

export function seriesScript() {
  const parts: Record<string, ReturnType<typeof sh>> = { uptime: sh('cat', '/proc/uptime') };
  for (const node of SERIES_NODES) parts[node] = sh('cat', `${BATTERY_SYSFS}/${node}`);
  return sectionScript(parts);
}

/** One round trip's output → a row; unreadable nodes are null. */
export function seriesRowFromOutput(output: string, hostMs: number): SeriesRow {
  const sections = splitSections(output);
  const text = (name: string) => {
    const s = sections.get(name);
    return s && s.exitCode === 0 ? s.text.trim() : null;
  };
  const int = (name: string) => parseIntStrict(text(name));
  const up = /^(\d+(?:\.\d+)?)\s/.exec(`${text('uptime') ?? ''} `);
  return {
    host_ms: Math.round(hostMs),
    t_ms: up ? Math.round(Number(up[1]) * 1000) : null,
    current_now: int('current_now'),
    voltage_now: int('voltage_now'),
    charge_counter: int('charge_counter'),
    capacity: int('capacity'),
    temp: int('temp'),
    status: text('status') || null,
  };
}

export interface SampleOptions {
  durationMs: number;
  /** Target rate; a slow link gives fewer rows, each still stamped with when it was read. */
  hz: number;
  signal?: AbortSignal;
}

export async function sampleSeries(shell: DeviceShell, serial: string, opts: SampleOptions): Promise<SeriesRow[]> {
  const script = seriesScript();
  const period = 1000 / opts.hz;
  const start = Date.now();
  const rows: SeriesRow[] = [];
  for (let k = 0; ; k++) {
    const target = start + k * period;
    if (target - start >= opts.durationMs) break;
    const wait = target - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    opts.signal?.throwIfAborted();
    const t0 = Date.now();
    const r = await shell.shell(serial, script, { timeoutMs: 10_000, ...(opts.signal ? { signal: opts.signal } : {}) });
    rows.push(seriesRowFromOutput(r.stdout.toString('utf8'), (t0 + Date.now()) / 2));
  }
  return rows;
}
