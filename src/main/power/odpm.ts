/**
 * ODPM (On-Device Power Monitor) reads for energy attribution. Each read is one
 * `dumpsys android.hardware.power.stats.IPowerStats/default` (cumulative energy per rail since boot); the sum over
 * rails is the phone's energy. The read's boot-clock time is the dump's `Elapsed time` (the HAL's timestamp of the
 * reading, ms since boot); when a dump has none, the host time of the read mapped to the boot clock is used.
 * A background loop polls at a fixed rate; reading from the lab keeps the phone side to a single dumpsys per read
 * (the virtual phone's shell has no loops, so an on-device polling loop is not an option there).
 */
import { parseEnergyMeter } from '../devices/parsers/powerstats';
import { sh } from '../devices/shell-command';
import type { DeviceShell } from '../devices/types';
import type { BootClockMapper } from './boot-clock';

export const POWER_STATS_HAL = 'android.hardware.power.stats.IPowerStats/default';

export interface OdpmRead {
  /** Boot-clock ms. */
  t: number;
  /** Sum over rails, joules since boot. */
  joules: number;
  channels: number;
  /** How the timestamp was obtained. */
  clock: 'hal-elapsed' | 'host-mapped';
}

/** One dump's text → a read (null when it has no energy meter section or no channels). */
export function odpmReadFromDump(text: string, fallbackT: number | null): OdpmRead | null {
  let dump;
  try {
    dump = parseEnergyMeter(text);
  } catch {
    return null;
  }
  if (dump.channels.length === 0) return null;
  const joules = dump.channels.reduce((n, c) => n + c.energyMws, 0) / 1000;
  if (dump.elapsedMs !== null) return { t: dump.elapsedMs, joules, channels: dump.channels.length, clock: 'hal-elapsed' };
  if (fallbackT === null) return null;
  return { t: fallbackT, joules, channels: dump.channels.length, clock: 'host-mapped' };
}

export async function readOdpm(shell: DeviceShell, serial: string, mapper?: BootClockMapper): Promise<OdpmRead | null> {
  const t0 = Date.now();
  const r = await shell.shell(serial, sh('dumpsys', POWER_STATS_HAL), { timeoutMs: 10_000 });
  const mid = (t0 + Date.now()) / 2;
  return odpmReadFromDump(r.stdout.toString('utf8'), mapper?.toBoot(mid) ?? null);
}

/** Polls ODPM in the background until stopped. Reads are kept in order; failures are counted, not thrown. */
export class OdpmPoller {
  readonly reads: OdpmRead[] = [];
  failures = 0;
  lastError: string | null = null;
  #stopped = false;
  #loop: Promise<void> | null = null;
  #listeners: Array<(r: OdpmRead) => void> = [];

  constructor(
    private readonly shell: DeviceShell,
    private readonly serial: string,
    private readonly intervalMs = 200,
    private readonly mapper?: BootClockMapper,
  ) {}

  get hz(): number {
    return 1000 / this.intervalMs;
  }

  onRead(l: (r: OdpmRead) => void): void {
    this.#listeners.push(l);
  }

  start(): void {
    if (this.#loop) return;
    this.#loop = (async () => {
      while (!this.#stopped) {
        const started = Date.now();
        await this.readNow();
        const wait = this.intervalMs - (Date.now() - started);
        if (wait > 0 && !this.#stopped) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async readNow(): Promise<OdpmRead | null> {
    try {
      const r = await readOdpm(this.shell, this.serial, this.mapper);
      if (r && (this.reads.length === 0 || r.t > this.reads.at(-1)!.t)) {
        this.reads.push(r);
        for (const l of this.#listeners) l(r);
      }
      return r;
    } catch (err) {
      this.failures++;
      this.lastError = err instanceof Error ? err.message : String(err);
      return null;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }
}
