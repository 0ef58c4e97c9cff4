/**
 * The load window of a fuel-gauge calibration. A gauge publishes the average current of each of its update
 * periods (~0.3 s, measured on the phone itself), so one short warm-up prompt can end before any update covers
 * it: the "load" then reads as idle (seen: idle 154 mA, load 153 mA on a discharging Samsung). So the lab loads
 * the CPU for real, with the engine's own work (the fixed warm-up prompt, whose prefill keeps the cores busy),
 * prompt after prompt, until the load has lasted long enough for many updates after the gauge has settled; and
 * it says how busy the phone was in that window, so a failure names what was seen.
 */
import type { ResultMessage } from '../../runner/protocol';
import { WARMUP_TEXT } from './types';
import type { MeasureState } from './state';

/** Gauge updates skipped at the start of the load (the first ones still average idle time). */
export const SETTLE_PERIODS = 2;
/** Gauge updates the load window must span after settling, and its floor in time. */
export const LOAD_PERIODS = 12;
export const LOAD_MIN_MS = 3000;
/** Never load for longer than this (a very slow phone still gets its window from fewer, longer prompts). */
export const LOAD_MAX_MS = 60_000;

/** How long the load must last (boot-clock ms) for a gauge updating every `periodMs`. */
export function loadPlan(periodMs: number): { settleMs: number; loadMs: number } {
  const settleMs = SETTLE_PERIODS * periodMs;
  return { settleMs, loadMs: settleMs + Math.max(LOAD_PERIODS * periodMs, LOAD_MIN_MS) };
}

export interface CalibrationLoad {
  /** The window to read the gauge in (after settling), boot-clock ms. */
  from: number;
  to: number;
  prompts: number;
  /** Share of [from, to] the engine was working (prompt windows), 0..1. */
  busyShare: number;
}

/** Busy time of the prompt windows inside [from, to]. */
function busyShare(windows: Array<{ from: number; to: number }>, from: number, to: number): number {
  const busy = windows.reduce((n, w) => n + Math.max(0, Math.min(w.to, to) - Math.max(w.from, from)), 0);
  return to > from ? busy / (to - from) : 0;
}

/**
 * Keeps the engine busy from `first` (the warm-up just run) on, prompt after prompt, until the load has lasted
 * loadPlan(period).loadMs; every prompt is a busy window for the attribution and none is stored as a result.
 */
export async function runCalibrationLoad(s: MeasureState, first: ResultMessage, periodMs: number): Promise<CalibrationLoad> {
  const { settleMs, loadMs } = loadPlan(periodMs);
  const windows = [{ from: first.t_start_ms, to: first.t_end_ms }];
  const started = first.t_start_ms;
  const wallLimit = Date.now() + LOAD_MAX_MS;
  let last = first;
  while (last.t_end_ms - started < loadMs && Date.now() < wallLimit && !s.session!.exited) {
    s.ctx.signal?.throwIfAborted();
    last = await s.session!.complete(
      { messages: [{ role: 'user', content: WARMUP_TEXT }], options: { max_tokens: s.internals.warmupMaxTokens ?? 48, aurora_on_overflow: 'truncate' } },
      s.internals.promptTimeoutMs,
    );
    s.busy.push({ from: last.t_start_ms, to: last.t_end_ms });
    windows.push({ from: last.t_start_ms, to: last.t_end_ms });
  }
  const from = Math.min(started + settleMs, last.t_end_ms);
  return { from, to: last.t_end_ms, prompts: windows.length, busyShare: busyShare(windows, from, last.t_end_ms) };
}
