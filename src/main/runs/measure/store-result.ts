/**
 * Storing a prompt's result: once the meter has reported past the prompt's end, its energy is attributed (gross,
 * net of the idle baseline), its reply scored, and it is committed with the samples received since the previous
 * commit, in one transaction. Prompts are stored in the order they ran.
 */
import { scoreReply } from '../../datasets/scoring';
import type { EnergyFlag } from '../../../shared/runs';
import { chargedDuring } from '../../power/conditions';
import { energyFlagFor } from '../../power/meter-gaps';
import { resultError, storedLine } from '../../runner/engine-result';
import { busyNow, flushThermal, tempAt, thermalIn, unsavedSamples } from './readings';
import { num, type MeasureState, type Pending } from './state';

/** Stores `p` if its energy can be known (or `force`); false while the meter has not reported past its end. */
function store(s: MeasureState, p: Pending, force: boolean): boolean {
  const { acct, spec, ctx } = s;
  if (p.result && p.tEnd !== null && !force && acct.coveredUntil() < p.tEnd) return false;
  const r = p.result;
  const item = p.job.item;
  // A fuel gauge (or charge counter) on a phone that started charging measures the charger: no figure at all
  // beats a wrong one. ODPM rails sit downstream of the battery and stay valid.
  const onCharger =
    spec.method !== 'odpm' && p.tStart !== null && p.tEnd !== null && chargedDuring(s.thermal?.readings ?? [], (at) => s.mapper.toBoot(at), p.tStart, p.tEnd, s.internals.thermalIntervalMs ?? 2000);
  if (onCharger && !s.chargingWarned) {
    s.chargingWarned = true;
    ctx.warn(
      `The phone was charging during prompt ${p.job.position + 1}: the ${spec.method === 'fuel-gauge' ? 'fuel gauge' : 'charge counter'} would have measured the charger, ` +
        'not the phone, so no energy is stored for it or for any later prompt measured on the charger. Unplug the charger (or use Wi-Fi debugging) and run them again.',
    );
  }
  const window = r && p.tStart !== null && p.tEnd !== null && !onCharger ? acct.window(p.tStart, p.tEnd, busyNow(s)) : null;
  const outTokens = r ? num(r.decode_tokens) : null;
  const windowNet = window && acct.idleWatts !== null ? window.joules - acct.idleWatts * window.coveredSeconds : null;
  // A window across a meter gap, or below the idle baseline, is not a measurement: flagged, out of every figure.
  const flag = window ? energyFlagFor({ joules: window.joules, netJoules: windowNet, averageWatts: window.averageWatts }, window.gap, acct.meterPeriodMs(), acct.idleWatts, meterName(spec.method)) : null;
  if (flag) warnFlag(s, p, flag);
  // Across a gap nothing of the window is known; below idle the gross reading stands and the net (the baseline
  // subtracted) is what is impossible.
  const energy = flag?.kind === 'meter-gap' ? null : window;
  const net = flag ? null : windowNet;
  const score = r && typeof r.response === 'string' ? scoreReply(item, r.response) : null;
  const th = p.tStart !== null && p.tEnd !== null ? thermalIn(s, p.tStart, p.tEnd) : { status: null, throttled: false, reason: null };
  const totalMs = r ? num(r.total_time_ms) : null;
  const stored = ctx.store.commitPrompt(
    {
      runId: spec.runId,
      runModelId: spec.runModelId,
      modelId: spec.modelId,
      index: p.job.position,
      promptId: item.id,
      prompt: item.question,
      ok: r !== null && r.ok !== false,
      error: p.error ?? resultError(r),
      tStartMs: p.tStart,
      tEndMs: p.tEnd,
      ttftMs: r ? num(r.time_to_first_token_ms) : null,
      prefillTps: r ? num(r.prefill_tps) : null,
      decodeTps: r ? (num(r.decode_tps) ?? num(r.tokens_per_second)) : null,
      totalMs,
      prefillTokens: r ? num(r.prefill_tokens) : null,
      outputTokens: outTokens,
      peakRamMb: r ? num(r.ram_usage_mb) : null,
      energyJ: energy?.joules ?? null,
      netEnergyJ: net,
      avgPowerW: energy?.averageWatts ?? null,
      energyPerTokenJ: net !== null && outTokens ? net / outTokens : null,
      energy: window?.provenance ?? null,
      tempStartC: p.tStart !== null ? tempAt(s, p.tStart) : null,
      tempEndC: p.tEnd !== null ? tempAt(s, p.tEnd) : null,
      thermalStatus: th.status,
      throttled: th.throttled,
      throttleReason: th.reason,
      response: r && typeof r.response === 'string' ? r.response : null,
      extracted: score?.extracted.letter ?? null,
      correct: score?.correct ?? null,
      simulated: s.simulated,
      rawJson: r ? storedLine(r) : null,
      rep: p.job.rep,
      subject: p.job.rep === null ? null : item.subject,
      answer: p.job.rep === null ? null : item.answer,
      unparsable: score ? score.unparsable : null,
    },
    unsavedSamples(s),
  );
  if (flag) {
    ctx.store.flagEnergy(stored.id, flag);
    stored.energyFlag = flag;
  }
  flushThermal(s);
  s.results.push(stored);
  s.notStored.delete(p.job);
  if (totalMs !== null && stored.ok) s.onDeviceMs += totalMs;
  ctx.emitResult(stored);
  ctx.onProgress('prompts', `Prompt ${s.results.length} of ${spec.jobs.length} stored`, { stored: true });
  return true;
}

function meterName(method: MeasureState['spec']['method']): string {
  return method === 'odpm' ? 'ODPM meter' : method === 'fuel-gauge' ? 'fuel gauge' : 'charge counter';
}

/** The run says it once per kind, as it does for the charger; every flagged prompt carries its own reason. */
function warnFlag(s: MeasureState, p: Pending, flag: EnergyFlag): void {
  if (s.flagsWarned.has(flag.kind)) return;
  s.flagsWarned.add(flag.kind);
  const what = flag.kind === 'meter-gap' ? 'spans a gap in the meter readings' : 'came out below the idle baseline';
  s.ctx.warn(`The energy window of prompt ${p.job.position + 1} ${what}: ${flag.reason}. It and any later prompt flagged so show the reason instead of energy.`);
}

/** Stores every pending prompt whose energy can be known now (all of them with `force`), in order. */
export function storeReady(s: MeasureState, force = false): void {
  while (s.pending.length > 0 && store(s, s.pending[0]!, force)) s.pending.shift();
}
