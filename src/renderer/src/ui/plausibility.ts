/**
 * Figures that cannot be measurements, recognised from what the API already returns, so a page flags them instead
 * of printing them as if they were measured: a decode speed of 0 tok/s (the engine's value for a one-token reply),
 * energy below the idle baseline, a resident memory too small to hold the model, and accuracy under chance on a
 * small sample. Each check answers null (nothing to flag) or the reason in words a user can act on. Pure, unit-tested
 * in test/unit/renderer/ui/plausibility.test.ts.
 */
import { formatFraction, formatInt, isNum, plural } from '../../../shared/format';

/** A figure flagged as not a measurement: a short label for the cell and the reason for its tooltip. */
export interface Flag {
  label: string;
  reason: string;
}

/** A random guess on a four-choice question (MMLU, the starter set) is right one time in four. */
export const CHANCE_ACCURACY = 0.25;
/** Under this many scored prompts an accuracy is a small sample: its 95 % interval is wider than ±10 points. */
export const SMALL_SAMPLE = 100;

/**
 * Cactus reports decode_tps = 0 unless the reply had more than one token (cactus_complete.cpp:
 * `completion_tokens > 1 && decode_time_ms > 0 ? ... : 0.0`): a one-token answer has no decode step to time.
 */
export function decodeSpeedFlag(tps: number | null | undefined): Flag | null {
  if (!isNum(tps)) return null;
  if (tps < 0) return { label: 'impossible', reason: `A decode speed of ${tps.toFixed(1)} tok/s is impossible: not a measurement.` };
  if (tps === 0) {
    return {
      label: 'no decode',
      reason:
        'The engine reports 0 tok/s when the reply had at most one token: there was no decode step to time. ' +
        'Not a speed (a longer max-tokens setting gives one).',
    };
  }
  return null;
}

/** Net energy (gross minus idle baseline × duration) below zero: the prompt cost less than idle, i.e. meter noise. */
export function netEnergyFlag(j: number | null | undefined, what = 'The prompt'): Flag | null {
  if (!isNum(j) || j >= 0) return null;
  return {
    label: 'below idle',
    reason:
      `${what} measured ${j.toFixed(3)} J net: less than the idle baseline over the same time. ` +
      'A prompt cannot use less than the idle phone; the difference is within the meter’s noise for a short window ' +
      '(or the baseline was measured high), so it is not shown as a measurement. The gross figure stands.',
  };
}

/**
 * The resident memory after loading, against the engine's own peak RAM on the same model's prompts: an RSS under
 * half the smallest peak cannot be the process holding the model (it was read from another process, or before the
 * weights were mapped).
 */
export function rssFlag(rssMb: number | null | undefined, peakRamMb: ReadonlyArray<number | null>): Flag | null {
  if (!isNum(rssMb)) return null;
  if (rssMb <= 0) return { label: 'impossible', reason: `An RSS of ${rssMb} MB is impossible: not a measurement.` };
  const peaks = peakRamMb.filter((v): v is number => isNum(v) && v > 0);
  if (peaks.length === 0) return null;
  const lo = Math.min(...peaks);
  if (rssMb >= lo / 2) return null;
  const hi = Math.max(...peaks);
  const range = lo === hi ? `${Math.round(lo)} MB` : `${Math.round(lo)}–${Math.round(hi)} MB`;
  return {
    label: 'implausible',
    reason:
      `${rssMb.toFixed(1)} MB after loading is under half the engine’s own peak RAM on this model’s prompts (${range}, ` +
      `${plural(peaks.length, 'prompt')}): too little to hold the model, so it was not read from the process that ` +
      'holds it. Not a measurement of the model’s memory; use the peak RAM.',
  };
}

export interface ChanceWarning {
  /** "small sample" (the interval reaches chance) or "below chance" (it does not), for the cell. */
  label: string;
  /** One short line for beside the figure: "small sample: its 95% interval (7%–43%) includes chance (25%)". */
  short: string;
  /** The interval and what it means. */
  reason: string;
  /** The interval's top is under chance too: something is wrong beyond sample size (answer extraction, template). */
  surelyBelow: boolean;
}

/**
 * Accuracy under a random guess's. With a small sample and an interval that reaches chance, the figure says little
 * (a warning with the interval); with the whole interval under chance, the scoring itself is suspect.
 */
export function chanceWarning(
  accuracy: number | null | undefined,
  ci: { lo: number; hi: number } | readonly [number, number] | null | undefined,
  n: number,
  chance = CHANCE_ACCURACY,
): ChanceWarning | null {
  if (!isNum(accuracy) || accuracy >= chance || n <= 0) return null;
  const lo = ci ? ('lo' in ci ? ci.lo : ci[0]) : null;
  const hi = ci ? ('hi' in ci ? ci.hi : ci[1]) : null;
  const interval = lo !== null && hi !== null ? `95% interval ${formatFraction(lo, 0)}–${formatFraction(hi, 0)}` : 'no interval';
  const small = n < SMALL_SAMPLE;
  const surelyBelow = hi !== null && hi < chance;
  const head = `${formatFraction(accuracy)} on n = ${formatInt(n)} is below chance (${formatFraction(chance, 0)}, a random guess among 4 choices); ${interval}.`;
  const reason = surelyBelow
    ? `${head} Even the interval’s top is under chance: more prompts will not fix it. Check the answer extraction (replies with no single letter count as wrong) and the prompt template.`
    : `${head} The interval includes chance: at this sample size the figure cannot be told apart from guessing. Measure more prompts before reading it.`;
  const label = surelyBelow || !small ? 'below chance' : 'small sample';
  const range = lo !== null && hi !== null ? ` (${formatFraction(lo, 0)}–${formatFraction(hi, 0)})` : '';
  const short = surelyBelow
    ? `below chance (${formatFraction(chance, 0)}) even at its interval’s top${range}`
    : `${label}: ${lo !== null ? `its 95% interval${range} includes` : 'no interval; it may be'} chance (${formatFraction(chance, 0)})`;
  return { label, short, reason, surelyBelow };
}
