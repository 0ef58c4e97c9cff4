/**
 * Fuel gauges differ by vendor: current in uA or mA, voltage in uV or mV, and discharge reported as negative,
 * positive or unsigned (shared docs: android-power.md). The lab calibrates each phone from a known idle window and
 * a known load window instead of trusting a vendor table.
 */
import { median as kitMedian } from '../../shared/kit/stats';

export interface RawGaugeSample {
  /** Boot-clock milliseconds. */
  t: number;
  current: number | null;
  voltage: number | null;
}

export interface GaugeCalibration {
  /** Multiply the raw current by this to get amperes. */
  currentToAmps: number;
  currentUnit: 'uA' | 'mA';
  /** +1 when the phone reports discharge as positive, -1 when negative. */
  dischargeSign: 1 | -1;
  /** Multiply the raw voltage by this to get volts. */
  voltageToVolts: number;
  voltageUnit: 'uV' | 'mV';
  /** Power drawn in each window, after calibration: how the decision can be checked. */
  idleWatts: number;
  loadWatts: number;
  calibratedAt: number;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

/** The kit's median; callers check that a window is not empty first. */
const median = (values: number[]): number => kitMedian(values) ?? Number.NaN;

function usable(samples: RawGaugeSample[], field: 'current' | 'voltage'): number[] {
  return samples.map((s) => s[field]).filter((v): v is number => v !== null && Number.isFinite(v));
}

/** Plausible phone draw (shared docs: roughly 0.3-12 W); a wider band tolerates idle phones and big tablets. */
const MIN_WATTS = 0.05;
const MAX_WATTS = 25;

export function detectVoltageUnit(rawVolts: number): { unit: 'uV' | 'mV'; toVolts: number } {
  const v = Math.abs(rawVolts);
  if (v >= 2_500_000 && v <= 5_500_000) return { unit: 'uV', toVolts: 1e-6 };
  if (v >= 2_500 && v <= 5_500) return { unit: 'mV', toVolts: 1e-3 };
  throw new CalibrationError(`voltage_now reads ${rawVolts}, which is neither a battery voltage in uV nor in mV; the phone's fuel gauge cannot be used.`);
}

/** What the lab saw while calibrating, so that a failure's advice matches it. */
export interface CalibrationSeen {
  /** The phone reported charging (true), discharging the whole time (false), or nothing (null). */
  charging: boolean | null;
  /** Share of the load window the engine was working, 0..1, and the window's length (ms). */
  loadBusyShare?: number;
  loadMs?: number;
}

/** Distinct gauge readings in a window: the updates it spans (samples repeat a reading until the next update). */
export function gaugeUpdates(samples: RawGaugeSample[]): number {
  let n = 0;
  let prev: string | null = null;
  for (const s of samples) {
    if (s.current === null) continue;
    const key = `${s.current}|${s.voltage}`;
    if (key !== prev) n++;
    prev = key;
  }
  return n;
}

function unchangedAdvice(idleMed: number, loadMed: number, updates: number, seen: CalibrationSeen | undefined): string {
  const head = `The current barely changed between idle (${idleMed}) and load (${loadMed}), so the discharge direction is unknown.`;
  const load =
    seen?.loadMs !== undefined
      ? ` The load window lasted ${(seen.loadMs / 1000).toFixed(1)} s (${updates} gauge updates)${seen.loadBusyShare !== undefined ? ` with the engine working ${Math.round(seen.loadBusyShare * 100)}% of it` : ''}.`
      : ` The load window spans ${updates} gauge updates.`;
  if (seen?.charging === true) return `${head} The phone reported charging: the charger supplied the load. Unplug it (or use Wi-Fi debugging) and calibrate again.`;
  if (seen?.charging === false) {
    return (
      `${head} The phone reported discharging the whole time, so the charger is not the cause.${load} ` +
      'The gauge did not see the load: it may average over a longer window than it updates, or the phone held its CPUs back ' +
      '(a power-saving mode, or another app keeping it busy before the idle window). Turn power saving off, close other apps and run again.'
    );
  }
  return `${head}${load} Is the phone charging? Unplug it (or use Wi-Fi debugging) and calibrate again; if it was on battery, turn power saving off and run again.`;
}

/**
 * Decides units and sign from an idle window and a load window measured on the same phone. The load window
 * must draw clearly more than the idle one: the direction in which the raw current moves under load is the
 * discharge direction.
 */
export function calibrateGauge(idle: RawGaugeSample[], load: RawGaugeSample[], now = Date.now(), seen?: CalibrationSeen): GaugeCalibration {
  const idleI = usable(idle, 'current');
  const loadI = usable(load, 'current');
  const volts = usable([...idle, ...load], 'voltage');
  if (idleI.length < 3 || loadI.length < 3) {
    throw new CalibrationError(`Calibration needs at least 3 current readings in each window (got ${idleI.length} idle, ${loadI.length} load); is current_now readable?`);
  }
  if (volts.length === 0) throw new CalibrationError('Calibration needs voltage_now readings; none were readable.');
  const { unit: voltageUnit, toVolts } = detectVoltageUnit(median(volts));
  const volt = median(volts) * toVolts;

  const idleMed = median(idleI);
  const loadMed = median(loadI);
  const delta = loadMed - idleMed;
  const spread = Math.max(Math.abs(idleMed), Math.abs(loadMed), 1);
  if (Math.abs(delta) < 0.05 * spread) {
    throw new CalibrationError(unchangedAdvice(idleMed, loadMed, gaugeUpdates(load), seen));
  }
  const dischargeSign: 1 | -1 = delta > 0 ? 1 : -1;

  // The unit is the one under which the load window's power is a plausible phone draw.
  const candidates = [
    { unit: 'uA' as const, toAmps: 1e-6 },
    { unit: 'mA' as const, toAmps: 1e-3 },
  ];
  const plausible = candidates.filter((c) => {
    const w = Math.abs(loadMed) * c.toAmps * volt;
    return w >= MIN_WATTS && w <= MAX_WATTS;
  });
  if (plausible.length !== 1) {
    throw new CalibrationError(
      `current_now under load reads ${loadMed}: ${plausible.length === 0 ? 'no unit (uA or mA) gives' : 'both uA and mA give'} a plausible phone draw (${MIN_WATTS}-${MAX_WATTS} W) at ${volt.toFixed(2)} V.`,
    );
  }
  const { unit: currentUnit, toAmps } = plausible[0]!;
  const watts = (raw: number) => Math.max(0, raw * dischargeSign * toAmps * volt);
  return {
    currentToAmps: toAmps,
    currentUnit,
    dischargeSign,
    voltageToVolts: toVolts,
    voltageUnit,
    idleWatts: watts(idleMed),
    loadWatts: watts(loadMed),
    calibratedAt: now,
  };
}
