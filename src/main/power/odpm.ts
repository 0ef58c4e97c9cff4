/**
 * ODPM (On-Device Power Monitor) reads for energy attribution. Each read is one
 * `dumpsys android.hardware.power.stats.IPowerStats/default delta`; the sum over rails of the cumulative energy
 * (uWs since boot, printed in mWs) is the phone's energy.
 *
 * When was a read taken? The HAL's text carries no timestamp of the reading (the AIDL EnergyMeasurement has one,
 * the dump does not print it). What it does carry, in the delta dump only, is `Elapsed time: N ms`: the phone's
 * boot-clock time since the previous delta call (0 on the first), truncated to whole ms. So a read is placed at
 * the host time of the round trip's midpoint mapped to the boot clock, and later reads at the previous read plus
 * the phone's own Elapsed time, as long as that agrees with the host's view of the gap (another program calling
 * `delta` in between resets the HAL's reference, and the read is placed by the host clock again).
 * A background loop polls at a fixed rate; reading from the lab keeps the phone side to a single dumpsys per read
 * (the virtual phone's shell has no loops, so an on-device polling loop is not an option there).
 */
import { parseEnergyMeter, type EnergyMeterDump } from '../devices/parsers/powerstats';
import { sh } from '../devices/shell-command';
import type { DeviceShell } from '../devices/types';
import type { BootClockMapper } from './boot-clock';
import { PollLoop } from './poll-loop';

export const POWER_STATS_HAL = 'android.hardware.power.stats.IPowerStats/default';

export interface OdpmRead {
  /** Boot-clock ms. */
  t: number;
  /** Sum over rails, joules since boot. */
  joules: number;
  channels: number;
  /** How the time was obtained: the host's round trip mapped to the boot clock, or the HAL's Elapsed time. */
  clock: 'host-mapped' | 'phone-elapsed';
}

/** The meter section of one dump, with its energy in joules; null when there is no section or no channel. */
export function odpmEnergy(text: string): { dump: EnergyMeterDump; joules: number } | null {
  let dump;
  try {
    dump = parseEnergyMeter(text);
  } catch {
    return null;
  }
  if (dump.channels.length === 0) return null;
  return { dump, joules: dump.channels.reduce((n, c) => n + c.energyMws, 0) / 1000 };
}

/** Host and phone views of a gap may differ by the round-trip jitter; more means another caller reset the HAL. */
function agrees(hostGapMs: number, elapsedMs: number): boolean {
  return Math.abs(hostGapMs - elapsedMs) <= Math.max(50, 0.25 * elapsedMs);
}

/** Places reads on the boot clock (see the file comment). One per phone and poller: it remembers the last read. */
export class OdpmTimeline {
  #last: { t: number; hostT: number } | null = null;

  /** `hostT`: the read's round-trip midpoint on the boot clock, or null while the mapping is unknown. */
  place(text: string, hostT: number | null): OdpmRead | null {
    const e = odpmEnergy(text);
    if (!e || hostT === null) return null;
    const { dump, joules } = e;
    const last = this.#last;
    let t = hostT;
    let clock: OdpmRead['clock'] = 'host-mapped';
    if (dump.kind === 'delta' && dump.elapsedMs !== null && dump.elapsedMs > 0 && last && agrees(hostT - last.hostT, dump.elapsedMs)) {
      // Elapsed is truncated to whole ms: half a ms per read keeps the chain unbiased.
      const chained = last.t + dump.elapsedMs + 0.5;
      // Re-anchor when the chain has wandered from the host's view (a long run of unlucky truncations).
      if (Math.abs(chained - hostT) <= 100) {
        t = chained;
        clock = 'phone-elapsed';
      }
    }
    this.#last = { t, hostT };
    return { t, joules, channels: dump.channels.length, clock };
  }
}

/**
 * Rails whose total never changed over `minSpanMs` of reads report no energy at all (a phone always draws tenths
 * of a watt, far above the dump's 0.01 mWs resolution): a stale HAL, or a replayed capture's frozen dump.
 */
export function odpmFrozen(reads: readonly OdpmRead[], minSpanMs = 3000): string | null {
  if (reads.length < 2) return null;
  const span = reads.at(-1)!.t - reads[0]!.t;
  if (span < minSpanMs || reads.some((r) => r.joules !== reads[0]!.joules)) return null;
  return `The ODPM rails reported the same energy for ${(span / 1000).toFixed(1)} s: they are not measuring, so no ODPM energy is stored.`;
}

export async function readOdpm(shell: DeviceShell, serial: string, timeline: OdpmTimeline, mapper?: BootClockMapper): Promise<OdpmRead | null> {
  const t0 = Date.now();
  const r = await shell.shell(serial, sh('dumpsys', POWER_STATS_HAL, 'delta'), { timeoutMs: 10_000 });
  const mid = (t0 + Date.now()) / 2;
  return timeline.place(r.stdout.toString('utf8'), mapper?.toBoot(mid) ?? null);
}

/** Polls ODPM in the background until stopped. Reads are kept in order; failures are counted, not thrown. */
export class OdpmPoller {
  readonly reads: OdpmRead[] = [];
  failures = 0;
  lastError: string | null = null;
  readonly timeline = new OdpmTimeline();
  readonly #loop: PollLoop;
  #listeners: Array<(r: OdpmRead) => void> = [];

  constructor(
    private readonly shell: DeviceShell,
    private readonly serial: string,
    private readonly intervalMs = 200,
    private readonly mapper?: BootClockMapper,
  ) {
    this.#loop = new PollLoop(intervalMs, () => this.readNow());
  }

  get hz(): number {
    return 1000 / this.intervalMs;
  }

  onRead(l: (r: OdpmRead) => void): void {
    this.#listeners.push(l);
  }

  start(): void {
    this.#loop.start();
  }

  async readNow(): Promise<OdpmRead | null> {
    try {
      const r = await readOdpm(this.shell, this.serial, this.timeline, this.mapper);
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

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
