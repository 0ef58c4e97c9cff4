/**
 * Pacing for work triggered by lab events, which can arrive several times a second per device: a throttle that
 * never loses the last call, and a filter that passes only changes of state. Pure (timers are injected), unit-tested
 * in test/unit/renderer/lab/event-pacing.test.ts.
 */

export interface Timers {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Throttled {
  call: () => void;
  cancel: () => void;
}

/**
 * `fn` at most once per `ms`: a call outside the window runs now; calls inside it coalesce into one at its end, so
 * the state after the last event is always fetched. `ms` 0 calls through.
 */
export function throttled(fn: () => void, ms: number, timers: Timers = realTimers): Throttled {
  let last = -Infinity;
  let pending: unknown = null;
  const fire = () => {
    pending = null;
    last = timers.now();
    fn();
  };
  return {
    call() {
      if (ms <= 0) return fn();
      if (pending !== null) return;
      const wait = last + ms - timers.now();
      if (wait <= 0) fire();
      else pending = timers.setTimeout(fire, wait);
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}

/** A filter that is true the first time a key is seen and whenever its state differs from the last one seen. */
export function changesOnly<K, S>(): (key: K, state: S) => boolean {
  const seen = new Map<K, S>();
  return (key, state) => {
    if (seen.has(key) && Object.is(seen.get(key), state)) return false;
    seen.set(key, state);
    return true;
  };
}
