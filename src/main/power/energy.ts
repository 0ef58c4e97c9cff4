/**
 * Energy from fuel-gauge samples. A gauge publishes a new reading only every ~300 ms, and each reading describes
 * the interval that just ended; the lab samples faster (e.g. 20 Hz) to see each update as soon as it appears.
 * So the samples are reduced to the gauge's own updates, and each update's power is applied to the interval since
 * the previous update (not held forward into the next one, which would shift energy late by one update).
 */
import type { GaugeCalibration, RawGaugeSample } from './calibration';

export interface PowerStep {
  /** The interval this reading covers, boot-clock ms. */
  from: number;
  to: number;
  watts: number;
}

export function sampleWatts(s: RawGaugeSample, cal: GaugeCalibration): number | null {
  if (s.current === null || s.voltage === null) return null;
  return s.current * cal.dischargeSign * cal.currentToAmps * (s.voltage * cal.voltageToVolts);
}

/** The gauge's update period, estimated from how often its reading changes (most changes are one period apart). */
export function estimateGaugePeriod(changeTimes: number[], fallback = 300): number {
  const gaps = changeTimes.slice(1).map((t, i) => t - changeTimes[i]!).filter((g) => g > 0).sort((a, b) => a - b);
  if (gaps.length < 3) return fallback;
  return Math.min(2000, Math.max(50, gaps[Math.floor(gaps.length * 0.25)]!));
}

/**
 * Reduces samples (sorted by time) to the gauge's updates. A reading first seen at t covers (t - period, t]; if
 * the previous reading was seen earlier than that, the gauge repeated it unchanged, so it holds until t - period.
 * The last reading holds until the last sample (the best estimate of an interval not yet reported).
 */
export function gaugeSteps(samples: RawGaugeSample[], cal: GaugeCalibration, periodMs?: number): PowerStep[] {
  const changes: Array<{ t: number; watts: number }> = [];
  let prevKey: string | null = null;
  let lastT: number | null = null;
  for (const s of samples) {
    const w = sampleWatts(s, cal);
    if (w === null) continue;
    lastT = s.t;
    const key = `${s.current}|${s.voltage}`;
    if (key === prevKey) continue;
    changes.push({ t: s.t, watts: w });
    prevKey = key;
  }
  const period = periodMs ?? estimateGaugePeriod(changes.map((c) => c.t));
  const steps: PowerStep[] = [];
  for (let i = 1; i < changes.length; i++) {
    const prev = changes[i - 1]!;
    const cur = changes[i]!;
    const start = Math.max(prev.t, cur.t - period);
    if (start > prev.t) steps.push({ from: prev.t, to: start, watts: prev.watts });
    steps.push({ from: start, to: cur.t, watts: cur.watts });
  }
  const last = changes.at(-1);
  if (last && lastT !== null && lastT > last.t) steps.push({ from: last.t, to: lastT, watts: last.watts });
  return steps.filter((st) => st.to > st.from);
}

export interface EnergyEstimate {
  joules: number;
  /** Seconds of the window covered by gauge steps; energy outside coverage is not invented. */
  coveredSeconds: number;
  windowSeconds: number;
  /** Gauge updates overlapping the window: the resolution behind the figure. */
  updates: number;
  averageWatts: number;
}

/** Integrates the steps over [from, to] (boot-clock ms), prorating the steps cut by the window edges. */
export function energyBetween(steps: PowerStep[], from: number, to: number): EnergyEstimate {
  let joules = 0;
  let covered = 0;
  let updates = 0;
  for (const st of steps) {
    const a = Math.max(st.from, from);
    const b = Math.min(st.to, to);
    if (b <= a) continue;
    joules += (st.watts * (b - a)) / 1000;
    covered += (b - a) / 1000;
    updates++;
  }
  const windowSeconds = Math.max(0, (to - from) / 1000);
  return { joules, coveredSeconds: covered, windowSeconds, updates, averageWatts: covered > 0 ? joules / covered : 0 };
}

/** Energy net of an idle baseline: what the workload added over what the phone draws doing nothing. */
export function netOfBaseline(gross: EnergyEstimate, idleWatts: number): number {
  return gross.joules - idleWatts * gross.coveredSeconds;
}
