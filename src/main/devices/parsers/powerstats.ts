/**
 * ODPM (On-Device Power Monitor) rails, from two dumps:
 * - `dumpsys android.hardware.power.stats.IPowerStats/default [delta]` (Pixel HAL, hardware/google/pixel
 *   powerstats/PowerStatsAidl.cpp `dumpEnergyMeter`): an "energy meter" section with one
 *   `[RAIL]:SUBSYSTEM  <cumulative> mWs` line per channel. With `delta` the section starts with
 *   `Elapsed time: N ms`, the boot-clock time since the PREVIOUS delta call by anyone (0 on the first: the HAL
 *   keeps the previous call in a static), and every line adds `(<energy since that call>)`, 0 on the first.
 *   The plain dump has no Elapsed line. Neither carries the time of the reading itself.
 * - `dumpsys powerstats` (framework): `ChannelId: N, ChannelName: RAIL, ChannelSubsystem: SUBSYSTEM` rows.
 * Channels are named `[RAIL]:SUBSYSTEM` in both cases, the label the HAL itself prints.
 */
import { ParseError } from '../errors';
import { describe, lines, parseDecimal, parseIntStrict } from './text';

export interface EnergyChannel {
  /** `[S2M_VDD_CPUCL2]:CPU(BIG)` */
  channel: string;
  rail: string;
  subsystem: string;
  /** Energy since boot in milliwatt-seconds (the HAL keeps uWs; the dump divides by 1000). */
  energyMws: number;
  /** Change since the previous `delta` call (delta dumps only; 0 on the first call). */
  deltaMws: number | null;
}

export interface EnergyMeterDump {
  /** 'delta' when the section has an Elapsed line or delta columns. */
  kind: 'plain' | 'delta';
  /** Delta dumps: ms since the previous delta call, on the phone's boot clock (0 on the first). Not a timestamp. */
  elapsedMs: number | null;
  channels: EnergyChannel[];
}

const METER_START = /^=+ PowerStats HAL [\d.]+ energy meter =+\s*$/;
const SECTION_END = /^=+ End of PowerStats HAL/;
const METER_LINE = /^\s*\[([^\]]+)\]:(\S.*?)\s+(-?\d+(?:\.\d+)?) mWs(?:\s*\(\s*(-?\d+(?:\.\d+)?)\s*\))?\s*$/;

export function parseEnergyMeter(text: string): EnergyMeterDump {
  let inMeter = false;
  let sawMeter = false;
  let elapsedMs: number | null = null;
  let deltaColumns = false;
  const channels: EnergyChannel[] = [];
  for (const line of lines(text)) {
    if (METER_START.test(line.trim())) {
      inMeter = true;
      sawMeter = true;
      continue;
    }
    if (!inMeter) continue;
    if (SECTION_END.test(line.trim())) {
      inMeter = false;
      continue;
    }
    const elapsed = /^\s*Elapsed time:\s*(\d+)\s*ms/.exec(line);
    if (elapsed) {
      elapsedMs = parseIntStrict(elapsed[1]);
      continue;
    }
    const m = METER_LINE.exec(line);
    if (!m) {
      // The column header: "Channel  Cumulative Energy", plus "(  Delta  )" in delta dumps.
      if (/Cumulative Energy\s*\(/.test(line)) deltaColumns = true;
      continue;
    }
    const energyMws = parseDecimal(m[3]);
    if (energyMws === null) continue;
    const rail = m[1]!;
    const subsystem = m[2]!.trim();
    const deltaMws = parseDecimal(m[4]);
    if (deltaMws !== null) deltaColumns = true;
    channels.push({ channel: `[${rail}]:${subsystem}`, rail, subsystem, energyMws, deltaMws });
  }
  if (!sawMeter) {
    throw new ParseError('the PowerStats HAL dump', `no "PowerStats HAL ... energy meter" section in ${describe(text)}`);
  }
  return { kind: elapsedMs !== null || deltaColumns ? 'delta' : 'plain', elapsedMs, channels };
}

const CHANNEL_ROW = /ChannelId:\s*(\d+),\s*ChannelName:\s*(.*?),\s*ChannelSubsystem:\s*(.*?)\s*$/;

/** Channel labels from `dumpsys powerstats`; [] when the service is there but the HAL has no meters. */
export function parsePowerStatsChannels(text: string): string[] {
  const channels: string[] = [];
  let sawService = false;
  for (const line of lines(text)) {
    if (line.includes('PowerStatsService dumpsys')) sawService = true;
    const m = CHANNEL_ROW.exec(line);
    if (m) channels.push(`[${m[2]!}]:${m[3]!}`);
  }
  if (!sawService && channels.length === 0) {
    throw new ParseError('dumpsys powerstats', `no "PowerStatsService dumpsys" header or ChannelId rows in ${describe(text)}`);
  }
  return channels;
}

export interface OdpmAvailability {
  available: boolean;
  channels: string[];
}

/**
 * ODPM is usable when either dump lists at least one channel (what Macrobenchmark's PowerMetric checks).
 * A missing service ("Can't find service: ...") or a garbled dump just means "not available".
 */
export function detectOdpm(halDump: string | null, powerstatsDump: string | null): OdpmAvailability {
  let channels: string[] = [];
  if (halDump) {
    try {
      channels = parseEnergyMeter(halDump).channels.map((c) => c.channel);
    } catch {
      channels = [];
    }
  }
  if (channels.length === 0 && powerstatsDump) {
    try {
      channels = parsePowerStatsChannels(powerstatsDump);
    } catch {
      channels = [];
    }
  }
  return { available: channels.length > 0, channels };
}
