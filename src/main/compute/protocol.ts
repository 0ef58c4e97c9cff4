/**
 * What crosses between the lab's main thread and its compute worker (worker-thread.ts, worker.ts): plain,
 * structured-clone data only (typed arrays, JSON-shaped objects), never functions.
 */
import type { ComparisonGroup, CompareProgress, CompareStrategyId } from '../../shared/api/compare';
import type { RunMatrix } from '../compare/matrices';
import type { BuildPhase, BuildResult, TrainingMatrix } from '../routing/build-profile';
import type { KSearchInput, SearchedK } from '../routing/choose-k';
import type { EmbedderSpec } from '../routing/embedder';
import type { CostMetric as ProfileCostMetric, ProfileV2 } from '../routing/profile-v2';
import type { SparseRows } from '../routing/sparse-rows';
import type { StrategyOutput } from '../strategies/family';
import type { FoldInfo } from '../strategies/oof-router';
import type { CostMetric } from '../strategies/strategies';

export interface BuildJobInput {
  matrix: TrainingMatrix;
  k: number | { min: number; max: number };
  seed?: number;
  costMetric: ProfileCostMetric;
  /** A phone-side embedder's vectors of every prompt, computed on the main thread (it talks to the phone). */
  embedded?: { spec: EmbedderSpec; dim: number; rows: SparseRows };
}

export interface BuildJobProgress {
  phase: BuildPhase;
  message: string;
  done: number | null;
  total: number | null;
}

export interface CompareJobInput {
  group: RunMatrix;
  strategies: CompareStrategyId[];
  costMetric: CostMetric;
  folds: number;
  k: number | 'auto';
  seed: number;
  /** The table's preferences (the sweep is rebuilt from them). */
  preferences: number[];
  runIds: string[];
  profile: ProfileV2 | null;
  nInit?: number;
  /** Send each out-of-fold fit back (a test hook). */
  reportFolds: boolean;
  /** Outputs of the strategies that ran on the main thread (the LLM routers call out over the network). */
  done: Array<[CompareStrategyId, StrategyOutput]>;
}

export type CompareJobProgress = { progress: Omit<CompareProgress, 'comparisonId'> } | { fold: FoldInfo };

/** Part of a build's K search, on a second thread (k-search-helper.ts): these Ks, each reported as it is fitted. */
export interface KSearchJobInput {
  search: KSearchInput;
  ks: number[];
}

interface Jobs {
  'build-profile': { input: BuildJobInput; output: BuildResult; progress: BuildJobProgress };
  'compare-group': { input: CompareJobInput; output: ComparisonGroup; progress: CompareJobProgress };
  'k-search': { input: KSearchJobInput; output: SearchedK[]; progress: { k: number } };
}

export type JobKind = keyof Jobs;
export type JobInput<K extends JobKind> = Jobs[K]['input'];
export type JobOutput<K extends JobKind> = Jobs[K]['output'];
export type JobProgress<K extends JobKind> = Jobs[K]['progress'];

export interface JobRequest<K extends JobKind = JobKind> {
  kind: K;
  input: JobInput<K>;
}

/** An error as it crosses: the name picks the class it is rebuilt as (RoutingError, LabError, else Error). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  issues?: Array<{ path: string; message: string }>;
  stack?: string;
}

export type WorkerReply<K extends JobKind> =
  | { type: 'progress'; progress: JobProgress<K> }
  | { type: 'done'; output: JobOutput<K> }
  | { type: 'error'; error: WireError };
