import { describe, expect, it } from 'vitest';
import { changesOnly, throttled, type Timers } from '../../../../src/renderer/src/lab/event-pacing';

/** A hand-driven clock: `advance` fires due timers in order. */
function fakeTimers() {
  let now = 1000;
  const due: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      due.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = due.findIndex((d) => d.id === h);
      if (i >= 0) due.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      due.sort((a, b) => a.at - b.at);
      const first = due[0];
      if (!first || first.at > end) break;
      due.shift();
      now = first.at;
      first.fn();
    }
    now = end;
  };
  return { timers, advance, pending: () => due.length };
}

describe('throttled', () => {
  it('runs the first call now and coalesces a burst into one call at the end of the window', () => {
    const t = fakeTimers();
    let n = 0;
    const th = throttled(() => n++, 1000, t.timers);
    th.call();
    expect(n).toBe(1);
    th.call();
    th.call();
    th.call();
    expect(n).toBe(1);
    t.advance(999);
    expect(n).toBe(1);
    t.advance(1);
    expect(n).toBe(2);
    t.advance(5000);
    expect(n).toBe(2);
  });

  it('calls now again once the window has passed', () => {
    const t = fakeTimers();
    let n = 0;
    const th = throttled(() => n++, 500, t.timers);
    th.call();
    t.advance(600);
    th.call();
    expect(n).toBe(2);
    expect(t.pending()).toBe(0);
  });

  it('cancel drops the pending trailing call', () => {
    const t = fakeTimers();
    let n = 0;
    const th = throttled(() => n++, 1000, t.timers);
    th.call();
    th.call();
    th.cancel();
    t.advance(2000);
    expect(n).toBe(1);
  });

  it('with 0 ms passes every call through', () => {
    const t = fakeTimers();
    let n = 0;
    const th = throttled(() => n++, 0, t.timers);
    th.call();
    th.call();
    expect(n).toBe(2);
  });
});

describe('changesOnly', () => {
  it('passes a key the first time and then only when its state changes', () => {
    const changed = changesOnly<string, string>();
    expect(changed('run-a', 'running')).toBe(true);
    expect(changed('run-a', 'running')).toBe(false);
    expect(changed('run-b', 'running')).toBe(true);
    expect(changed('run-a', 'ended')).toBe(true);
    expect(changed('run-a', 'ended')).toBe(false);
  });
});
