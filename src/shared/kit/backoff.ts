/**
 * Waiting, one way everywhere: sleep (abortable), exponential backoff with jitter for retries, and waiting for a
 * condition with a deadline (timing-dependent code waits for a condition, never for a fixed delay).
 */

export interface SleepOptions {
  signal?: AbortSignal;
  /** Node: let the process exit while this sleep is pending (background retries). Default false. */
  unref?: boolean;
}

/** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, opts: SleepOptions = {}): Promise<void> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // Node's timers have unref; a browser's setTimeout returns a number.
    const handle: unknown = timer;
    if (opts.unref && typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') handle.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Delay before retry `attempt` (1-based): d = min(maxDelay, base * 2^(attempt - 1)), then "equal jitter":
 * d/2 + U(0, d/2), so retries of many clients spread out but never wait less than half the step.
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const d = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return d / 2 + random() * (d / 2);
}

export interface WaitForOptions {
  timeoutMs: number;
  /** Time between checks (default 100 ms). */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Checks `condition` until it is true or the time is up; true when it became true. */
export async function waitFor(condition: () => boolean | Promise<boolean>, opts: WaitForOptions): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(opts.intervalMs ?? 100, Math.max(0, deadline - Date.now())), opts.signal ? { signal: opts.signal } : {});
  }
}
