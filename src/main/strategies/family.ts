/**
 * The one interface every routing strategy implements (RouteLLM's routers.py way): a family says whether it can
 * run now and, given a comparison group's measured matrix, produces its table rows (and, for routers, a sweep over
 * the cost preference). registry.ts lists them by name.
 */
import type { CompareStrategyId, ComparisonRow, OutOfFoldAudit } from '../../shared/api/compare';
import type { ProfileV2 } from '../routing';
import type { LexicalFeatureCache } from './lexical-cache';
import type { LlmReplyCache } from './llm-router/cache';
import type { MeasuredMatrix } from './matrix';
import type { FoldInfo } from './oof-router';
import type { CostMetric, RouterSweep, Strategy } from './strategies';

export interface Preferences {
  /** The table's preferences, ascending. */
  chosen: number[];
  /** The curves' sweep (0, 0.01, ..., 1). */
  sweep: number[];
  /** Both, each once: what a router is asked to route at. */
  all: number[];
  /** Index of a preference in `all`. */
  index(p: number): number;
}

/** What the report knows about each row a family made. */
export interface RowInfo {
  strategy: CompareStrategyId;
  preference: number | null;
  evaluatedOnTraining: boolean;
  /** Sweep this row belongs to (for its curve metrics). */
  sweep: string | null;
  llm?: ComparisonRow['llm'];
}

/** The LLM routers' access to keys, models and their reply cache (keys never leave this interface but to the SDK). */
export interface LlmAccess {
  apiKey(provider: 'anthropic' | 'gemini'): string | undefined;
  model(provider: 'anthropic' | 'gemini'): string;
  baseUrl(provider: 'anthropic' | 'gemini'): string | undefined;
  /** Why there is no key (naming where to put one), or null. */
  keyReason(provider: 'anthropic' | 'gemini'): string | null;
  cache: LlmReplyCache;
  concurrency: number;
}

/**
 * A user's own router: a program (`--router-cmd`, set by the CLI on the lab it opens, never by a request) or a
 * picks file's text (a request may carry that).
 */
export interface ExternalRouters {
  routerCommand: { command: string; name?: string; timeoutMs?: number } | null;
  picks: { text: string; name?: string } | null;
}

export interface StrategyProgress {
  phase: 'fitting' | 'llm';
  strategy: CompareStrategyId;
  done: number;
  total: number;
  message: string;
}

/** One comparison group, as every family sees it. */
export interface StrategyContext {
  matrix: MeasuredMatrix;
  /** The group's key (device serial or run id). */
  group: string;
  costMetric: CostMetric;
  folds: number;
  k: number | 'auto';
  seed: number;
  preferences: Preferences;
  runIds: readonly string[];
  /** The router profile given to the comparison (imported or stored), or null. */
  profile: ProfileV2 | null;
  /** One featurisation of the prompts for every lexical embedding of the group. */
  cache: LexicalFeatureCache;
  llm: LlmAccess;
  external: ExternalRouters;
  hooks: { onFold?: (info: FoldInfo) => void; nInit?: number };
  progress(p: StrategyProgress): void;
}

export interface StrategyOutput {
  rows: Array<{ strategy: Strategy; info: RowInfo }>;
  sweeps: Array<{ sweep: RouterSweep; evaluatedOnTraining: boolean }>;
  notes: string[];
  /** The out-of-fold router's audit and K per fold. */
  outOfFold?: { audit: OutOfFoldAudit; kPerFold: number[] };
  /** Each prompt's cluster under the given profile, for the per-cluster breakdown. */
  clusters?: { labelOf: Int32Array; terms: string[][] };
}

export interface StrategyFamily {
  id: CompareStrategyId;
  label: string;
  description: string;
  /** Why it cannot run now, or null. */
  unavailable(env: { profileGiven: boolean; llm: Pick<LlmAccess, 'keyReason'>; routerCommandGiven?: boolean; picksGiven?: boolean }): string | null;
  run(ctx: StrategyContext): Promise<StrategyOutput>;
}

/** A row that is not a router's: no preference, not on training prompts, no sweep. */
export function plainRow(strategy: CompareStrategyId): RowInfo {
  return { strategy, preference: null, evaluatedOnTraining: false, sweep: null };
}
