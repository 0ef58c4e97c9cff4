/**
 * Throttling as the lab defines it, and why a prompt is flagged. A prompt is throttled when, in readings taken
 * around it:
 * - thermal: the framework's thermal status reached MODERATE (2) or more, Android's level where "thermal
 *   throttling may have noticeable impact" (LIGHT is recorded in thermal_status but not flagged); readings from up
 *   to one monitor interval before the prompt count, the state held into it;
 * - cpufreq: in a reading taken while the prompt ran (the whole read inside the prompt window, after the CPUs had
 *   a moment to ramp up from idle), the fastest CPU ran below 70% of its policy maximum (scaling_max_freq), or
 *   the policy maximum itself was capped more than 5% below the hardware maximum (cpuinfo_max_freq).
 * Idle readings say nothing about throttling: an idle CPU sits at its minimum frequency by design (flagging
 * them was the false positive of a one-prompt run on a cool phone).
 */
import { THERMAL_STATUS_NAMES } from '../../shared/devices';
import type { ThermalReading } from './conditions';

export const THROTTLE_THERMAL_STATUS = 2;
export const THROTTLE_FREQ_RATIO = 0.7;
export const THROTTLE_CAP_RATIO = 0.95;
/** A reading that starts this soon after the prompt started may still see the idle frequency. */
export const RAMP_UP_MS = 500;

export interface ThrottleVerdict {
  /** Highest thermal status in the readings around the prompt (the latest reading when none was that close). */
  status: number | null;
  throttled: boolean;
  /** Why it was flagged, in words; null when not flagged. */
  reason: string | null;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;

/**
 * `toBoot` maps a reading's host time to the phone's boot clock; [from, to] is the prompt window (boot-clock ms);
 * `beforeMs` is the monitor interval.
 */
export function throttlingIn(readings: readonly ThermalReading[], toBoot: (at: number) => number | null, from: number, to: number, beforeMs = 2500): ThrottleVerdict {
  const around = readings.filter((r) => {
    const t = toBoot(r.at);
    return t !== null && t >= from - beforeMs && t <= to + 500;
  });
  const latest = readings.at(-1);
  const pool = around.length ? around : latest ? [latest] : [];
  const statuses = pool.map((r) => r.thermalStatus).filter((v): v is number => v !== null);
  const status = statuses.length ? Math.max(...statuses) : null;

  const reasons: string[] = [];
  const hot = around.map((r) => r.thermalStatus).filter((v): v is number => v !== null && v >= THROTTLE_THERMAL_STATUS);
  if (hot.length) {
    const worst = Math.max(...hot);
    reasons.push(`thermal status ${worst} (${THERMAL_STATUS_NAMES[worst] ?? 'unknown'}) during the prompt`);
  }
  const busy = around.filter((r) => {
    const start = toBoot(r.startedAt ?? r.at);
    const end = toBoot(r.at);
    return start !== null && end !== null && start >= from + RAMP_UP_MS && end <= to;
  });
  const slow = busy.map((r) => r.cpuFreqRatio).filter((v): v is number => v !== null && v < THROTTLE_FREQ_RATIO);
  if (slow.length) reasons.push(`the fastest CPU ran at ${pct(Math.min(...slow))} of its maximum frequency while the prompt ran`);
  const capped = busy.map((r) => r.cpuCapRatio ?? null).filter((v): v is number => v !== null && v < THROTTLE_CAP_RATIO);
  if (capped.length) reasons.push(`a CPU's frequency limit was capped at ${pct(Math.min(...capped))} of its hardware maximum while the prompt ran`);
  return { status, throttled: reasons.length > 0, reason: reasons.length ? reasons.join('; ') : null };
}
