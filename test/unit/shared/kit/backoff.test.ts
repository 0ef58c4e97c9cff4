import { describe, expect, it } from 'vitest';
import { backoffDelayMs, sleep, waitFor } from '../../../../src/shared/kit/backoff';

describe('backoffDelayMs', () => {
  it('doubles per attempt up to the cap, with equal jitter', () => {
    expect(backoffDelayMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelayMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelayMs(4, 100, 10_000, () => 0.5)).toBe(600);
    expect(backoffDelayMs(20, 100, 1000, () => 1)).toBe(1000);
  });
});

describe('sleep and waitFor', () => {
  it('sleep rejects when the signal aborts', async () => {
    const c = new AbortController();
    const p = sleep(60_000, { signal: c.signal });
    c.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    await expect(sleep(1, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });

  it('waitFor returns once the condition holds, or false at the deadline', async () => {
    let n = 0;
    expect(await waitFor(() => ++n >= 3, { timeoutMs: 5000, intervalMs: 1 })).toBe(true);
    expect(n).toBe(3);
    expect(await waitFor(() => false, { timeoutMs: 20, intervalMs: 5 })).toBe(false);
    expect(await waitFor(async () => true, { timeoutMs: 0 })).toBe(true);
  });
});
