/** What the meters have read, for storing and for the live view: samples since the last commit, temperatures, power. */
import type { BusyWindow } from '../../power/attribution';
import { throttlingIn } from '../../power/throttling';
import type { SampleMessage } from '../../runner/protocol';
import type { StoredSample } from '../repository';
import type { MeasureState } from './state';

/** The samples (fuel gauge and ODPM) received since the last call, as stored rows. */
export function unsavedSamples(s: MeasureState): StoredSample[] {
  const { acct, saved } = s;
  const out: StoredSample[] = [];
  for (; saved.samples < acct.samples.length; saved.samples++) {
    const x = acct.samples[saved.samples]!;
    out.push({ source: 'fuel-gauge', tMs: x.t_ms, rawCurrent: x.current, rawVoltage: x.voltage, chargeCounter: x.charge_counter, tempRaw: x.temp, watts: acct.watts(x) });
  }
  for (; saved.odpm < acct.odpm.length; saved.odpm++) {
    const r = acct.odpm[saved.odpm]!;
    out.push({ source: 'odpm', tMs: r.t, energyJ: r.joules });
  }
  return out;
}

/** Stores the thermal readings taken since the last call. */
export function flushThermal(s: MeasureState): void {
  const rows = s.thermal?.readings.slice(s.saved.thermal) ?? [];
  s.saved.thermal += rows.length;
  s.ctx.store.insertThermal(s.spec.runId, rows.map((r) => ({ ...r, tMs: s.mapper.toBoot(r.at) })), s.simulated);
}

/** Battery temperature (C) of the sample nearest boot time `t`. */
export function tempAt(s: MeasureState, t: number): number | null {
  let best: SampleMessage | null = null;
  // Samples arrive in time order: scan back from the end (prompts are recent).
  for (let i = s.acct.samples.length - 1; i >= 0; i--) {
    const x = s.acct.samples[i]!;
    if (x.temp === null) continue;
    if (!best || Math.abs(x.t_ms - t) < Math.abs(best.t_ms - t)) best = x;
    else if (x.t_ms < t) break;
  }
  return best && best.temp !== null ? best.temp / 10 : null;
}

/** The highest thermal status around a prompt's window, whether the phone throttled in it, and why (power/throttling.ts). */
export function thermalIn(s: MeasureState, from: number, to: number): ReturnType<typeof throttlingIn> {
  return throttlingIn(s.thermal?.readings ?? [], (at) => s.mapper.toBoot(at), from, to, (s.internals.thermalIntervalMs ?? 2000) + 500);
}

/** The prompt windows so far, with the one in flight open-ended. */
export function busyNow(s: MeasureState): BusyWindow[] {
  return s.inflightFrom === null ? s.busy : [...s.busy, { from: s.inflightFrom, to: Number.MAX_SAFE_INTEGER }];
}

function livePower(s: MeasureState): number | null {
  if (s.spec.method === 'odpm') {
    const a = s.acct.odpm.at(-2);
    const c = s.acct.odpm.at(-1);
    return a && c && c.t > a.t ? ((c.joules - a.joules) * 1000) / (c.t - a.t) : null;
  }
  const x = s.acct.samples.at(-1);
  return x ? s.acct.watts(x) : null;
}

export function emitLive(s: MeasureState): void {
  if (!s.ctx.onLive) return;
  const th = s.thermal?.readings.at(-1);
  s.ctx.onLive({ powerW: livePower(s), tokensPerSec: s.lastTps, tempC: th ? (th.skinTempC ?? th.batteryTempC) : null, promptWallMs: s.lastWall });
}
