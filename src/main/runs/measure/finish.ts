/**
 * The last steps: let the meter report past the last prompt and store what is left; stop the runner and the
 * meters (always, also after an error); the outcome, with the model's measured window and its energy.
 */
import { sleep } from '../../../shared/kit/backoff';
import { errorMessage } from '../../devices/errors';
import { RunnerError } from '../../runner/errors';
import { flushThermal, unsavedSamples } from './readings';
import { storeReady } from './store-result';
import type { MeasureState } from './state';
import type { MeasureOutcome } from './types';

export async function drainStep(s: MeasureState): Promise<void> {
  s.ctx.onProgress('finishing', 'Storing the last prompts');
  const deadline = Date.now() + 3000;
  while (s.pending.length > 0 && Date.now() < deadline && s.session && !s.session.exited) {
    if (s.spec.method === 'odpm') await s.odpm!.readNow();
    storeReady(s);
    if (s.pending.length) await sleep(50);
  }
  storeReady(s, true);
  const meterStuck = s.acct.meterProblem();
  if (meterStuck) s.ctx.warn(meterStuck);
}

/** Records why measuring stopped early (a thrown error), after storing what was measured. */
export function failedStep(s: MeasureState, err: unknown): void {
  storeReady(s, true);
  if (err instanceof Error && err.name === 'AbortError') {
    s.stop = 'cancelled';
    s.error = 'Cancelled by the user.';
  } else {
    s.stop = err instanceof RunnerError && err.code === 'device-disconnected' ? 'device-lost' : 'error';
    s.error = errorMessage(err);
    s.errorCode = err instanceof RunnerError ? err.code : null;
  }
}

export async function closeStep(s: MeasureState): Promise<void> {
  // A prompt still queued (a cancel, an error) is not waited for: the runner would read `quit` only after it.
  if (s.session && s.session.pendingCount > 0) await s.session.kill();
  else await s.session?.close().catch(() => {});
  await s.odpm?.stop();
  await s.thermal?.stop();
  try {
    s.ctx.store.insertSamples(s.spec.runId, s.spec.runModelId, unsavedSamples(s), s.simulated);
    flushThermal(s);
  } catch {
    /* the database is closing */
  }
}

export function outcomeOf(s: MeasureState): MeasureOutcome {
  const ok = s.results.filter((r) => r.ok && r.tStartMs !== null && r.tEndMs !== null);
  let modelWindow: MeasureOutcome['modelWindow'] = null;
  if (ok.length > 0) {
    const from = Math.min(...ok.map((r) => r.tStartMs!));
    const to = Math.max(...ok.map((r) => r.tEndMs!));
    // Across a meter gap the model's energy is a guess too (power/meter-gaps.ts): none beats a wrong one.
    const w = s.acct.window(from, to, s.busy);
    modelWindow = { from, to, energyJ: w && !w.gap ? w.joules : null };
  }
  return {
    stop: s.stop,
    error: s.error,
    errorCode: s.errorCode,
    results: s.results,
    remaining: s.spec.jobs.filter((j) => s.notStored.has(j)),
    modelWindow,
    idleBaselineW: s.acct.idleWatts,
    calibrationId: s.calibrationId,
    restarts: s.restarts,
    onDeviceMs: s.onDeviceMs,
    loadMs: s.loadMs,
  };
}
