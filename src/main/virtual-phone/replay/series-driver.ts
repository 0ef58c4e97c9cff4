/**
 * Replays a captured time series (series.jsonl) into the phone's power-supply nodes and /proc/uptime, so `cat`
 * and the runner's sampler read the captured values at the captured pace. Rows keep the spacing they were read
 * with (host_ms); the series loops, each pass taking as long as the capture did.
 */
import type { SeriesRow } from '../../devices/capture/layout';
import { BATTERY_SYSFS, SERIES_NODES } from '../../devices/capture/layout';
import type { DeviceFs } from '../device-fs';

const TICK_MS = 20;

/** Device paths the series writes (its nodes that have values, and /proc/uptime when it has boot-clock stamps). */
export function seriesPaths(rows: SeriesRow[]): string[] {
  const paths = SERIES_NODES.filter((n) => rows.some((r) => r[n] !== null)).map((n) => `${BATTERY_SYSFS}/${n}`);
  if (rows.some((r) => r.t_ms !== null)) paths.push('/proc/uptime');
  return paths;
}

/** The file contents for one row: only what the row read. */
export function rowFiles(row: SeriesRow): Record<string, string> {
  const files: Record<string, string> = {};
  for (const n of SERIES_NODES) {
    const v = row[n];
    if (v !== null) files[`${BATTERY_SYSFS}/${n}`] = `${v}\n`;
  }
  if (row.t_ms !== null) {
    const s = row.t_ms / 1000;
    files['/proc/uptime'] = `${s.toFixed(2)} ${(s * 6.2).toFixed(2)}\n`;
  }
  return files;
}

/** Index of the row in effect `elapsedMs` into the replay (looping). Pure, for tests. */
export function rowAt(rows: SeriesRow[], elapsedMs: number): number {
  if (rows.length <= 1) return 0;
  const t0 = rows[0]!.host_ms;
  const gaps = rows.slice(1).map((r, i) => r.host_ms - rows[i]!.host_ms).sort((a, b) => a - b);
  // The last row lasts a typical gap, so a loop takes as long as the capture did.
  const span = rows.at(-1)!.host_ms - t0 + Math.max(1, gaps[gaps.length >> 1]!);
  const pos = t0 + (((elapsedMs % span) + span) % span);
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid]!.host_ms <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class SeriesDriver {
  #timer: NodeJS.Timeout | null = null;
  #current = -1;
  #writing: Promise<void> = Promise.resolve();
  #start = 0;

  constructor(
    private readonly fs: DeviceFs,
    private readonly rows: SeriesRow[],
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async start(): Promise<void> {
    if (this.rows.length === 0 || this.#timer) return;
    this.#start = this.clock();
    await this.#tick();
    this.#timer = setInterval(() => void this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  #tick(): Promise<void> {
    const i = rowAt(this.rows, this.clock() - this.#start);
    if (i === this.#current) return this.#writing;
    this.#current = i;
    const files = rowFiles(this.rows[i]!);
    // Writes are chained: a slow disk delays a row, never reorders two.
    this.#writing = this.#writing.then(() => Promise.all(Object.entries(files).map(([p, c]) => this.fs.writeAtomic(p, c).catch(() => {})))).then(() => {});
    return this.#writing;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#writing;
  }
}
