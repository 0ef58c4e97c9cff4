/**
 * The K search on two threads: a build given a real second compute worker (compute/k-search-helper.ts) makes the
 * same profile, byte for byte, as the build on one thread; every K is reported once; the helper is offered to
 * builds only where it pays.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { K_SEARCH_THREAD_MIN_PROMPTS, kSearchHelperFor, workerKSearchHelper } from '../../../src/main/compute/k-search-helper';
import { buildProfile } from '../../../src/main/routing/build-profile';
import type { KSearchHelper } from '../../../src/main/routing/choose-k';
import { plantedMatrix } from '../../unit/routing/synthetic';

describe('the K search on a second compute worker', () => {
  const { matrix } = plantedMatrix({ topics: 6, perTopic: 120, models: 5, seed: 21 });

  it('builds the same profile as one thread, reporting each K once', async () => {
    const one = await buildProfile(matrix, { k: { min: 2, max: 12 }, seed: 5, now: new Date(0) });
    const reported: number[] = [];
    let started = 0;
    let closed = 0;
    const counted = (): KSearchHelper => {
      started++;
      const h = workerKSearchHelper();
      return { search: (input, ks, onK) => h.search(input, ks, onK), close: () => (closed++, h.close()) };
    };
    const two = await buildProfile(matrix, {
      k: { min: 2, max: 12 },
      seed: 5,
      now: new Date(0),
      kSearchHelper: counted,
      onProgress: (phase, message, done) => {
        if (phase === 'choosing-k' && done !== undefined) reported.push(Number(/K = (\d+) fitted/.exec(message)![1]));
      },
    });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(reported.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([started, closed]).toEqual([1, 1]);
  }, 60_000);

  it('a fixed K starts no second thread', async () => {
    let started = 0;
    await buildProfile(matrix, { k: 4, seed: 5, now: new Date(0), kSearchHelper: () => (started++, workerKSearchHelper()) });
    expect(started).toBe(0);
  });

  it('a failing second thread fails the build with its error, and is closed', async () => {
    let closed = false;
    const broken: KSearchHelper = { search: () => Promise.reject(new Error('the helper fell over')), close: () => (closed = true) };
    await expect(buildProfile(matrix, { k: { min: 2, max: 8 }, seed: 5, kSearchHelper: () => broken })).rejects.toThrow('the helper fell over');
    expect(closed).toBe(true);
  });

  it('is offered only to prompt sets large enough, on a machine with a second core, unless AURORA_K_SEARCH_THREADS=1', () => {
    expect(kSearchHelperFor(K_SEARCH_THREAD_MIN_PROMPTS - 1, {})).toEqual({});
    expect('kSearchHelper' in kSearchHelperFor(K_SEARCH_THREAD_MIN_PROMPTS, {})).toBe(availableParallelism() > 1);
    expect(kSearchHelperFor(K_SEARCH_THREAD_MIN_PROMPTS, { AURORA_K_SEARCH_THREADS: '1' })).toEqual({});
  });
});
