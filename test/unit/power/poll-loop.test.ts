/** The meters' read loop: stopping ends the wait between reads at once, and waits for a read in flight. */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/shared/kit/backoff';
import { PollLoop } from '../../../src/main/power/poll-loop';

describe('PollLoop', () => {
  it('stops in the middle of a long interval without sleeping the rest of it', async () => {
    let reads = 0;
    // An hour between reads: a stop that waited for the interval would time the test out.
    const loop = new PollLoop(3_600_000, async () => {
      reads++;
    });
    loop.start();
    loop.start();
    expect(await waitFor(() => reads === 1, { timeoutMs: 10_000 })).toBe(true);
    await loop.stop();
    expect(reads).toBe(1);
  });

  it('lets a read in flight finish before stop resolves, and reads no more after it', async () => {
    let release: () => void = () => {};
    let reads = 0;
    let finished = 0;
    const loop = new PollLoop(0, () => {
      reads++;
      return new Promise<void>((r) => {
        release = () => {
          finished++;
          r();
        };
      });
    });
    loop.start();
    expect(await waitFor(() => reads === 1, { timeoutMs: 10_000 })).toBe(true);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect({ reads, finished, stopped }).toEqual({ reads: 1, finished: 1, stopped: true });
  });
});
