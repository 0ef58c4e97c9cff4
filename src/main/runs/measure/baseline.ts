/**
 * Steps between loading and the prompts: the idle window right after the model is ready; the warm-up prompts
 * (discarded; the first is also the load window of a first fuel-gauge calibration); the calibration (stored per
 * phone and reused); and the idle baseline itself, from the meter intervals fully inside the idle window.
 */
import { sleep } from '../../../shared/kit/backoff';
import { errorMessage } from '../../devices/errors';
import { calibrateGauge, CalibrationError } from '../../power/calibration';
import { RunnerError } from '../../runner/errors';
import type { ResultMessage } from '../../runner/protocol';
import { runCalibrationLoad } from './calibration-load';
import { unsavedSamples } from './readings';
import { WARMUP_MAX_TOKENS, WARMUP_PROMPT, WARMUP_TEXT } from './types';
import type { MeasureState } from './state';

/** Waits out the idle window (from 300 ms after the model was ready, `idleBaselineMs` long). */
export async function idleWindowStep(s: MeasureState): Promise<void> {
  const { ctx, acct, mapper } = s;
  const baseMs = s.spec.idleBaselineMs;
  ctx.onProgress('baseline', `Measuring the idle baseline (${(baseMs / 1000).toFixed(1)} s)`);
  const readyT = s.session!.ready!.t_boot_ms ?? acct.samples.at(-1)?.t_ms ?? 0;
  const from = readyT + 300;
  s.baseline = { from, to: from + baseMs };
  const nowBoot = () => mapper.toBoot(Date.now()) ?? acct.samples.at(-1)?.t_ms ?? 0;
  // To the window's end, not to the next 50 ms tick past it (a cancel is still seen within 50 ms).
  for (let left = s.baseline.to - nowBoot(); left > 0; left = s.baseline.to - nowBoot()) {
    ctx.signal?.throwIfAborted();
    await sleep(Math.min(50, Math.ceil(left)));
  }
  if (s.spec.method === 'odpm') await s.odpm!.readNow();
}

/** Runs the warm-ups (at least one when the fuel gauge needs a first calibration); returns the first. */
async function warmups(s: MeasureState, needCal: boolean): Promise<ResultMessage | null> {
  const { ctx, spec } = s;
  let first: ResultMessage | null = null;
  const n = Math.max(spec.warmups, needCal ? 1 : 0);
  for (let k = 0; k < n; k++) {
    const calibrating = needCal && k === 0;
    ctx.onProgress(calibrating ? 'calibrating' : 'baseline', calibrating ? 'Calibrating the fuel gauge (idle vs. several seconds of engine load, discarded)' : `Warm-up prompt ${k + 1} of ${n} (discarded)`);
    ctx.signal?.throwIfAborted();
    const maxTokens = s.internals.warmupMaxTokens ?? (calibrating ? 48 : WARMUP_MAX_TOKENS);
    const w = await s.session!.complete({ messages: [{ role: 'user', content: calibrating ? WARMUP_TEXT : WARMUP_PROMPT }], options: { max_tokens: maxTokens, aurora_on_overflow: 'truncate' } }, s.internals.promptTimeoutMs);
    s.busy.push({ from: w.t_start_ms, to: w.t_end_ms });
    if (k === 0) first = w;
    if (spec.recordWarmups) ctx.store.recordWarmup(spec.runId, spec.runModelId, k, w);
  }
  return first;
}

/** Calibrates the gauge from the idle window and the warm-up's load window, stores it; a failure says why. */
async function calibrate(s: MeasureState, warm: ResultMessage): Promise<void> {
  const { acct, ctx, spec } = s;
  const { serial, facts } = ctx.device;
  const period = acct.gaugePeriod();
  // A real load, long enough for the gauge to publish many updates of it (calibration-load.ts).
  const window = await runCalibrationLoad(s, warm, period);
  // Let the gauge publish the end of the load window.
  const until = Date.now() + 3000;
  while ((acct.samples.at(-1)?.t_ms ?? 0) < window.to + period && Date.now() < until && !s.session!.exited) await sleep(30);
  const idle = acct.rawGauge(s.baseline!.from, s.baseline!.to);
  const load = acct.rawGauge(window.from, window.to);
  try {
    const cal = calibrateGauge(idle, load, Date.now(), { charging: chargingSeen(s, s.baseline!.from, window.to), loadBusyShare: window.busyShare, loadMs: window.to - window.from });
    acct.calibration = cal;
    s.calibrationId = ctx.store.saveCalibration(serial, facts.fingerprint || null, cal, { idle: idle.length, load: load.length }, 'engine-load', s.simulated);
  } catch (err) {
    if (spec.method === 'fuel-gauge') throw new RunnerError('calibration-failed', `Fuel-gauge calibration failed: ${errorMessage(err)}`, { cause: err });
    if (!(err instanceof CalibrationError)) throw err;
    ctx.warn(`Fuel-gauge calibration failed (${err.message}); power samples are stored raw only.`);
  }
}

/** Whether the phone reported charging (true), only discharging (false) or nothing (null) in [from, to]. */
function chargingSeen(s: MeasureState, from: number, to: number): boolean | null {
  const readings = (s.thermal?.readings ?? []).filter((r) => {
    const t = s.mapper.toBoot(r.at);
    return t !== null && t >= from - (s.internals.thermalIntervalMs ?? 2000) && t <= to && r.charging !== null;
  });
  if (readings.length === 0) return null;
  return readings.some((r) => r.charging === true);
}

export async function warmupStep(s: MeasureState): Promise<void> {
  const { ctx, spec, acct } = s;
  const stored = s.internals.recalibrate ? null : ctx.store.latestCalibration(ctx.device.serial, ctx.device.facts.fingerprint || null);
  const warm = await warmups(s, spec.method === 'fuel-gauge' && !stored);
  if (spec.method !== 'odpm' || acct.samples.length > 0) {
    if (stored) {
      acct.calibration = stored;
      s.calibrationId = stored.id;
    } else if (warm) await calibrate(s, warm);
  }
  if (s.calibrationId !== null) ctx.store.updateRunModel(spec.runModelId, { calibrationId: s.calibrationId });
}

/** The idle baseline from the meter intervals fully inside the idle window (net energy needs it). */
export function baselineStep(s: MeasureState): void {
  const { ctx, spec, acct } = s;
  const { from, to } = s.baseline!;
  const base = acct.baseline(from, to);
  if (base) {
    acct.idleWatts = base.watts;
    ctx.store.updateRunModel(spec.runModelId, { idleBaselineW: base.watts, baselineFromMs: from, baselineToMs: to });
    if (base.intervals < 5) ctx.warn(`The idle baseline rests on only ${base.intervals} meter intervals.`);
  } else {
    ctx.warn('No idle baseline could be measured (no meter intervals inside the idle window); net energy is not available.');
  }
  ctx.store.insertSamples(spec.runId, spec.runModelId, unsavedSamples(s), s.simulated);
}
