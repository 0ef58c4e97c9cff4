/**
 * The prompts, back to back: the next one is already in the runner's stdin when one ends (see promptsStep). Each
 * answer waits in `pending` until the meter has reported past its end, then is stored (store-result.ts). A failed request is stored as failed and the next prompt runs; a timeout or a crash
 * stores what is known, restarts the runner (up to `maxRestarts`) and goes on; a lost phone ends the model here
 * (campaigns run its prompt again when the phone is back: `retryLostPrompts`).
 */
import { buildMessages } from '../../datasets/prompt-builder';
import { errorMessage } from '../../devices/errors';
import { RunnerError } from '../../runner/errors';
import type { ResultMessage } from '../../runner/protocol';
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

/** A prompt written to the runner: its reply (never rejects) and when it became the one the runner works on. */
interface InFlight {
  index: number;
  p: Pending;
  reply: Promise<{ r: ResultMessage } | { err: unknown }>;
  /** Host ms the prompt started: when it was written, or when the reply it queued behind arrived. */
  startedAt: number;
}

function optionsFor(s: MeasureState, i: number): Record<string, unknown> {
  const item = s.spec.jobs[i]!.item;
  const options: Record<string, unknown> = { max_tokens: s.spec.maxTokens };
  if (s.simulated && item.answer) options.aurora_answer_key = item.answer;
  if (s.simulated && item.subject !== 'custom') options.aurora_subject = item.subject;
  return options;
}

/** Writes prompt `i` to the runner, behind `ahead` (the prompt it is running) when there is one. */
function send(s: MeasureState, i: number, ahead: InFlight | undefined): InFlight {
  const job = s.spec.jobs[i]!;
  const p: Pending = { job, result: null, error: null, tStart: null, tEnd: null };
  const behind = ahead?.reply;
  const reply = s.session!.complete({ messages: buildMessages(job.item), options: optionsFor(s, i) }, s.internals.promptTimeoutMs ?? 600_000, behind).then(
    (r) => ({ r }),
    (err: unknown) => ({ err }),
  );
  return { index: i, p, reply, startedAt: Date.now() };
}

/** Whether the next prompt may start: not cancelled, not paused. Sets why not on the state. */
function mayStart(s: MeasureState): boolean {
  if (s.ctx.signal?.aborted) {
    s.stop = 'cancelled';
    s.error = 'Cancelled by the user.';
    return false;
  }
  if (s.spec.beforePrompt?.() === 'stop') {
    s.stop = 'stopped';
    return false;
  }
  return true;
}

/** The prompt `f` is answered: its window is busy, it waits for its meter reading, the live view moves on. */
function answered(s: MeasureState, f: InFlight, r: ResultMessage, next: InFlight | undefined): void {
  Object.assign(f.p, { result: r, tStart: r.t_start_ms, tEnd: r.t_end_ms });
  s.busy.push({ from: r.t_start_ms, to: r.t_end_ms });
  // The runner starts a queued prompt the moment it wrote this result, so the phone is busy from this end on.
  s.inflightFrom = next ? r.t_end_ms : null;
  s.lastWall = Date.now() - f.startedAt;
  s.lastTps = num(r.decode_tps) ?? num(r.tokens_per_second);
  s.pending.push(f.p);
  storeReady(s);
  emitLive(s);
}

/**
 * The prompts, each written to the runner while the one before it runs (`promptLookahead`, default 1), so the
 * phone goes from one to the next without waiting for the lab's round trip over adb. Replies come back in order;
 * each is stored once its meter reading is in (store-result.ts), off the prompts' critical path. A prompt queued
 * behind one that crashed, timed out or lost the phone is not counted: it is written again (or left to retry).
 */
export async function promptsStep(s: MeasureState): Promise<void> {
  const { ctx, spec, internals } = s;
  const total = spec.jobs.length;
  const lookahead = internals.promptLookahead ?? 1;
  ctx.onProgress('prompts', `Running ${total} prompt${total === 1 ? '' : 's'}`);
  const flight: InFlight[] = [];
  let nextIndex = 0;
  let open = true;
  for (;;) {
    while (open && nextIndex < total && flight.length <= lookahead) {
      if (!mayStart(s)) open = false;
      else flight.push(send(s, nextIndex++, flight.at(-1)));
    }
    const f = flight.shift();
    if (!f) break;
    if (s.inflightFrom === null) s.inflightFrom = s.mapper.toBoot(f.startedAt);
    internals.onPromptSent?.(f.index);
    const out = await f.reply;
    const next = flight[0];
    if (next) next.startedAt = Date.now();
    if ('r' in out) {
      answered(s, f, out.r, next);
      if (next && ctx.signal?.aborted) {
        // Cancelled: the queued prompt is not waited for; the runner is stopped once the meter has reported past
        // this one (drainStep, closeStep), so its energy is whole.
        mayStart(s);
        break;
      }
      continue;
    }
    // As onPromptError reads it: anything but a RunnerError is a failed request, and the runner goes on.
    if (out.err instanceof RunnerError && out.err.code !== 'request-failed') {
      // The runner is gone or is being restarted: what was queued behind this prompt did not run on it.
      flight.length = 0;
      nextIndex = f.index + 1;
    }
    if ((await onPromptError(s, f.p, out.err, f.index, f.startedAt)) === 'end') break;
    if (next && flight[0] === next) s.inflightFrom = s.mapper.toBoot(next.startedAt);
  }
}
