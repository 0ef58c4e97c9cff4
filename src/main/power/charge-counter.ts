/**
 * The charge counter as an energy source. AOSP documents charge_counter in uAh, but real phones differ:
 * `Charge counter: 0` (a Pixel C, an old Samsung) means "not reported", some Samsung tablets count in units of
 * 10 uAh (a 7040 mAh Galaxy Tab S5e at 67% shows 471680), and a counter that never moves measures nothing.
 * Like the fuel gauge's units, the unit is decided from what is plausible: counter x unit / level must be a
 * battery's full capacity (its design capacity when the phone reports one, else a phone or tablet battery).
 */
import type { ChargeCounterCalibration } from '../../shared/devices';

export interface ChargeCounterInput {
  /** /sys/class/power_supply/battery/charge_counter, when readable (what the runner samples). */
  sysfsRaw: number | null;
  /** `dumpsys battery` "Charge counter" (healthd's copy of the same driver value). */
  dumpsysRaw: number | null;
  levelPercent: number | null;
  /** charge_full_design in uAh, when readable. */
  designUah: number | null;
}

export interface ChargeCounterVerdict {
  usable: boolean;
  calibration: ChargeCounterCalibration | null;
  note: string | null;
}

/** uAh per raw unit, most common first: AOSP's uAh, Samsung tablets' 10 uAh, mAh. */
const UNITS = [1, 10, 1000] as const;
const UNIT_NAMES: Record<number, string> = { 1: 'uAh', 10: '10 uAh', 1000: 'mAh' };
/** Plausible full capacities of a phone or tablet battery, mAh. */
const MIN_MAH = 1000;
const MAX_MAH = 30_000;
/** How far the implied capacity may sit from the design capacity (worn or fresh cells, gauge learning). */
const DESIGN_BAND = [0.5, 1.5] as const;

const round = (v: number) => Math.round(v);

export function assessChargeCounter(input: ChargeCounterInput): ChargeCounterVerdict {
  const { sysfsRaw, dumpsysRaw, levelPercent } = input;
  if (dumpsysRaw === 0 || sysfsRaw === 0) {
    return { usable: false, calibration: null, note: 'The charge counter reads 0, which Android uses for "not reported": it is not an energy source on this phone.' };
  }
  const raw = dumpsysRaw ?? sysfsRaw;
  if (raw === null) return { usable: false, calibration: null, note: null };
  if (raw < 0) return { usable: false, calibration: null, note: `The charge counter reads ${raw}, which is not a charge: it is not used.` };
  if (sysfsRaw === null) {
    return { usable: false, calibration: null, note: 'dumpsys battery reports a charge counter, but /sys/class/power_supply/battery/charge_counter is not readable, so the runner cannot sample it.' };
  }
  const notes: string[] = [];
  if (dumpsysRaw !== null && Math.abs(sysfsRaw - dumpsysRaw) > 0.05 * Math.max(sysfsRaw, dumpsysRaw)) {
    notes.push(`sysfs charge_counter (${sysfsRaw}) and dumpsys battery (${dumpsysRaw}) disagree; the unit was decided from dumpsys battery.`);
  }
  const designMah = input.designUah !== null && input.designUah / 1000 >= MIN_MAH && input.designUah / 1000 <= MAX_MAH ? input.designUah / 1000 : null;
  if (levelPercent === null || levelPercent <= 0) {
    notes.push('The battery level is unknown, so the counter\'s unit could not be checked; assumed uAh.');
    return {
      usable: true,
      calibration: { uahPerUnit: 1, raw, levelPercent: levelPercent ?? 0, impliedCapacityMah: 0, designCapacityMah: designMah, basis: 'assumed' },
      note: notes.join(' '),
    };
  }
  const implied = (unit: number) => (raw * unit) / (levelPercent / 100) / 1000;
  const calibration = (unit: number, basis: ChargeCounterCalibration['basis']): ChargeCounterCalibration => ({
    uahPerUnit: unit,
    raw,
    levelPercent,
    impliedCapacityMah: round(implied(unit)),
    designCapacityMah: designMah === null ? null : round(designMah),
    basis,
  });
  if (designMah !== null) {
    const fits = UNITS.filter((u) => implied(u) / designMah >= DESIGN_BAND[0] && implied(u) / designMah <= DESIGN_BAND[1]);
    const best = fits.sort((a, b) => Math.abs(Math.log(implied(a) / designMah)) - Math.abs(Math.log(implied(b) / designMah)))[0];
    if (best !== undefined) return done(calibration(best, 'design-capacity'), notes);
    notes.push(`No unit matches the design capacity (${round(designMah)} mAh); the unit was decided from plausible capacities.`);
  }
  const plausible = UNITS.filter((u) => implied(u) >= MIN_MAH && implied(u) <= MAX_MAH);
  // Several fit only for small batteries (e.g. 2845 mAh in uAh or 28450 mAh in 10 uAh): the documented uAh wins.
  const unit = plausible[0];
  if (unit === undefined) {
    const options = UNITS.map((u) => `${round(implied(u))} mAh in ${UNIT_NAMES[u]}`).join(', ');
    return {
      usable: false,
      calibration: null,
      note: `The charge counter reads ${raw} at ${levelPercent}%, a full battery of ${options}: none is a plausible phone battery (${MIN_MAH}-${MAX_MAH} mAh), so it is not used.`,
    };
  }
  return done(calibration(unit, 'plausible-capacity'), notes);
}

function done(cal: ChargeCounterCalibration, notes: string[]): ChargeCounterVerdict {
  if (cal.uahPerUnit !== 1) {
    notes.unshift(`The charge counter counts in ${UNIT_NAMES[cal.uahPerUnit]} (${cal.raw} at ${cal.levelPercent}% = a ${cal.impliedCapacityMah} mAh battery).`);
  }
  return { usable: true, calibration: cal, note: notes.length ? notes.join(' ') : null };
}

/**
 * A counter that does not move cannot measure. Given counter readings (boot-clock ms), says why the counter is
 * no source when it stayed constant over at least `minSpanMs` while the phone was running on battery.
 */
export function chargeCounterStuck(readings: Array<{ t: number; counter: number | null }>, minSpanMs = 30_000): string | null {
  const r = readings.filter((x): x is { t: number; counter: number } => x.counter !== null);
  if (r.length < 2) return null;
  const span = r.at(-1)!.t - r[0]!.t;
  if (span < minSpanMs) return null;
  if (r.some((x) => x.counter !== r[0]!.counter)) return null;
  return `The charge counter stayed at ${r[0]!.counter} for ${Math.round(span / 1000)} s on battery: it does not move on this phone, so it measures nothing and no charge-counter energy is stored.`;
}
