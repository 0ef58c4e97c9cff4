/**
 * The jobs the compute worker runs (worker.ts): a router profile build (routing's buildProfile), one comparison
 * group (compare/group.ts, minus the strategies that already ran on the main thread), and part of a build's K
 * search (on a second worker the build's own worker starts).
 */
import { compareGroup } from '../compare/group';
import { buildProfile, type BuildResult } from '../routing/build-profile';
import { searchK, type SearchedK } from '../routing/choose-k';
import type { Embedder } from '../routing/embedder';
import { RoutingError } from '../routing/errors';
import type { LlmAccess } from '../strategies/family';
import { MemoryLlmReplyCache } from '../strategies/llm-router/cache';
import { preferencesFor } from '../strategies/sweep';
import type { ComparisonGroup } from '../../shared/api/compare';
import { kSearchHelperFor } from './k-search-helper';
import type { BuildJobInput, BuildJobProgress, CompareJobInput, CompareJobProgress, JobInput, JobKind, JobOutput, JobProgress, KSearchJobInput } from './protocol';

/** The vectors a phone computed, served as an embedder (the build only asks for all rows at once). */
function precomputedEmbedder(e: NonNullable<BuildJobInput['embedded']>): Embedder {
  return {
    spec: e.spec,
    dim: e.dim,
    embed: () => Promise.reject(new Error('precomputed embeddings: only embedRows is available on the compute worker')),
    embedRows: (texts) => {
      if (texts.length !== e.rows.n) throw new RoutingError('dimension-mismatch', `the phone embedded ${e.rows.n} prompts, the build has ${texts.length}`);
      return e.rows;
    },
  };
}

function build(input: BuildJobInput, progress: (p: BuildJobProgress) => void): Promise<BuildResult> {
  return buildProfile(input.matrix, {
    k: input.k,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.embedded ? { embedder: precomputedEmbedder(input.embedded) } : {}),
    costMetric: input.costMetric,
    ...kSearchHelperFor(input.matrix.prompts.length),
    onProgress: (phase, message, done, total) => progress({ phase, message, done: done ?? null, total: total ?? null }),
  });
}

function kSearch(input: KSearchJobInput, progress: (p: { k: number }) => void): Promise<SearchedK[]> {
  return Promise.resolve(
    input.ks.map((k) => {
      const r = searchK(input.search, k);
      progress({ k });
      return r;
    }),
  );
}

/** The LLM routers run on the main thread (they call out); on the worker nothing may reach for a key. */
const NO_LLM: LlmAccess = {
  apiKey: () => undefined,
  model: () => '',
  baseUrl: () => undefined,
  keyReason: () => 'LLM routers run on the main thread, not on the compute worker',
  cache: new MemoryLlmReplyCache(),
  concurrency: 1,
};

function compare(input: CompareJobInput, progress: (p: CompareJobProgress) => void): Promise<ComparisonGroup> {
  return compareGroup(input.group, {
    strategies: input.strategies,
    costMetric: input.costMetric,
    folds: input.folds,
    k: input.k,
    seed: input.seed,
    preferences: preferencesFor(input.preferences),
    runIds: input.runIds,
    profile: input.profile,
    llm: NO_LLM,
    // The user's router and picks ran on the main thread (MAIN_THREAD_STRATEGIES): their outputs are in `done`.
    external: { routerCommand: null, picks: null },
    hooks: { ...(input.reportFolds ? { onFold: (_group, fold) => progress({ fold }) } : {}), ...(input.nInit !== undefined ? { nInit: input.nInit } : {}) },
    progress: (p) => progress({ progress: p }),
    done: new Map(input.done),
  });
}

type Job<K extends JobKind> = (input: JobInput<K>, progress: (p: JobProgress<K>) => void) => Promise<JobOutput<K>>;

export const JOBS: { [K in JobKind]: Job<K> } = { 'build-profile': build, 'compare-group': compare, 'k-search': kSearch };
