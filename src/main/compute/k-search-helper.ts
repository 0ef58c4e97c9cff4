/**
 * The second thread of a router profile build's K search (routing/choose-k.ts `chooseKTwoThreads`): a compute
 * worker started when the build starts, so its start-up overlaps the embedding, and sent about half of the Ks.
 * Worth it on a machine with a second core and a prompt set large enough that the search takes seconds.
 */
import { availableParallelism } from 'node:os';
import type { KSearchHelper } from '../routing/choose-k';
import { startJob } from './worker-thread';

/** Below this many prompts the search takes well under a second: a thread's start-up would not pay. */
export const K_SEARCH_THREAD_MIN_PROMPTS = 2000;

export function workerKSearchHelper(): KSearchHelper {
  let onK: (k: number) => void = () => undefined;
  const job = startJob('k-search', { label: 'The K search', onProgress: (p) => onK(p.k) });
  return {
    search(search, ks, report) {
      onK = report;
      return job.run({ search, ks });
    },
    close: () => job.cancel(),
  };
}

/**
 * The build option that gives a build of `prompts` prompts a second thread, where one would pay.
 * AURORA_K_SEARCH_THREADS=1 keeps every build on one thread (a machine shared with other work).
 */
export function kSearchHelperFor(prompts: number, env: NodeJS.ProcessEnv = process.env): { kSearchHelper?: () => KSearchHelper } {
  if (env.AURORA_K_SEARCH_THREADS === '1') return {};
  return prompts >= K_SEARCH_THREAD_MIN_PROMPTS && availableParallelism() > 1 ? { kSearchHelper: workerKSearchHelper } : {};
}
