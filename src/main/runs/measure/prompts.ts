/**
 * The prompts, back to back. Each answer waits in `pending` until the meter has reported past its end, then is
 * stored (store-result.ts). A failed request is stored as failed and the next prompt runs; a timeout or a crash
 * stores what is known, restarts the runner (up to `maxRestarts`) and goes on; a lost phone ends the model here
 * (campaigns run its prompt again when the phone is back: `retryLostPrompts`).
 */
import { buildMessages } from '../../datasets/prompt-builder';
import { errorMessage } from '../../devices/errors';
import { RunnerError } from '../../runner/errors';
import { startRunner } from './load';
import { emitLive } from './readings';
import { num, type MeasureState, type Pending } from './state';
import { storeReady } from './store-result';

/** What happened to a prompt the runner could not answer: go on, or end the loop. */
async function onPromptError(s: MeasureState, p: Pending, err: unknown, i: number, sent: number): Promise<'next' | 'end'> {
  const { ctx, spec, internals } = s;
  const total = spec.jobs.length;
  s.inflightFrom = null;
  const e = err instanceof RunnerError ? err : new RunnerError('request-failed', errorMessage(err), { cause: err });
  p.error = e.message;
  p.tStart = s.mapper.toBoot(sent);
  p.tEnd = s.mapper.toBoot(Date.now());
  if (e.code === 'device-disconnected' && spec.retryLostPrompts) {
    // Not stored: it runs again when the phone is back.
    storeReady(s, true);
    Object.assign(s, { stop: 'device-lost', error: e.message, errorCode: e.code });
    return 'end';
  }
  s.pending.push(p);
  if (e.code === 'request-failed') {
    storeReady(s);
    return 'next';
  }
  // Timeouts, crashes and lost phones: store everything that is known, then decide.
  storeReady(s, true);
  s.errorCode = e.code;
  s.error = e.message;
  if (e.code === 'device-disconnected') {
    s.stop = 'device-lost';
    return 'end';
  }
  s.stop = 'runner-failed';
  ctx.warn(`Prompt ${i + 1}: ${e.message}`);
  await s.session!.kill();
  const maxRestarts = internals.maxRestarts ?? 1;
  if (s.restarts >= maxRestarts || i === total - 1) {
    if (i < total - 1) ctx.warn(`${total - i - 1} prompt(s) were not run: the runner failed ${s.restarts + 1} time(s).`);
    return 'end';
  }
  s.restarts++;
  ctx.onProgress('prompts', `The runner failed (${e.code}); restarting it for the remaining prompts`);
  // A restarted runner that then finishes the list leaves stop = 'runner-failed' (a partial model).
  await startRunner(s);
  return 'next';
}

export async function promptsStep(s: MeasureState): Promise<void> {
  const { ctx, spec, internals } = s;
  const total = spec.jobs.length;
  ctx.onProgress('prompts', `Running ${total} prompt${total === 1 ? '' : 's'}`);
  for (let i = 0; i < total; i++) {
    if (ctx.signal?.aborted) {
      s.stop = 'cancelled';
      s.error = 'Cancelled by the user.';
      break;
    }
    if (spec.beforePrompt?.() === 'stop') {
      s.stop = 'stopped';
      break;
    }
    const job = spec.jobs[i]!;
    const item = job.item;
    const options: Record<string, unknown> = { max_tokens: spec.maxTokens };
    if (s.simulated && item.answer) options.aurora_answer_key = item.answer;
    if (s.simulated && item.subject !== 'custom') options.aurora_subject = item.subject;
    const sent = Date.now();
    s.inflightFrom = s.mapper.toBoot(sent);
    const p: Pending = { job, result: null, error: null, tStart: null, tEnd: null };
    internals.onPromptSent?.(i);
    try {
      const r = await s.session!.complete({ messages: buildMessages(item), options }, internals.promptTimeoutMs ?? 600_000);
      Object.assign(p, { result: r, tStart: r.t_start_ms, tEnd: r.t_end_ms });
      s.busy.push({ from: r.t_start_ms, to: r.t_end_ms });
      s.inflightFrom = null;
      s.lastWall = Date.now() - sent;
      s.lastTps = num(r.decode_tps) ?? num(r.tokens_per_second);
      s.pending.push(p);
      storeReady(s);
      emitLive(s);
    } catch (err) {
      if ((await onPromptError(s, p, err, i, sent)) === 'end') break;
    }
  }
}
