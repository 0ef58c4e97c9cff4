/**
 * Routing strategies compared on MEASURED results (issue 6). Every strategy's pick for a prompt is scored with
 * that model's measured correctness, latency and energy on that prompt and device; nothing is estimated.
 *
 * The Compare page: pick run(s) and strategies (`strategies.list` says which can run and why not), run
 * (`compare.run`, with `compare.progress` events while the LLM routers call out), then render one
 * `ComparisonGroup` per device (or per run): the side-by-side table (`rows`), the two Pareto charts
 * (`pareto.energy`, `pareto.latency`), the per-cluster / per-subject breakdown (`breakdown`), and two groups side
 * by side. `compare.exportCsv` gives the table as CSV. Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import { method } from './method';
import type { CostMetricName } from './settings';

import { runOrCampaignIdSchema } from './ids';
import { COMPARE_STRATEGIES, type CompareStrategyId } from './strategies';

export { COMPARE_STRATEGIES, type CompareStrategyId, type StrategyAvailability } from './strategies';
const comparisonId = z.string().regex(/^cmp-[A-Za-z0-9-]{8,64}$/, 'Not a comparison id');

export const compareRunSchema = z
  .object({
    /**
     * Runs whose measured prompt results form the matrices (one matrix per device, or per run with groupBy 'run');
     * a campaign id stands for all its runs.
     */
    runIds: z.array(runOrCampaignIdSchema).min(1, 'Pick at least one run').max(8),
    /**
     * Default: router, oracle, claude, gemini, largest, smallest, random (+ profile when a profile is given).
     * `router` = a profile fitted per fold (out of fold); `profile` = the imported/stored profile as is.
     */
    strategies: z.array(z.enum(COMPARE_STRATEGIES)).min(1).max(COMPARE_STRATEGIES.length).optional(),
    /** Cost the oracle minimises, the router trades against and savings/QNC are read on (default: settings). */
    costMetric: z.enum(['size', 'latency', 'energy']).optional(),
    /** Preferences (0 = smallest/fastest .. 1 = quality) at which the routers get a table row (default [0.5]). */
    preferences: z.array(z.number().min(0).max(1)).min(1).max(21).optional(),
    /** k of the k-fold cross-fitting (default: settings, 5). */
    folds: z.number().int().min(2).max(20).optional(),
    /** Clusters per fold profile, or 'auto' (validation log-loss over 2..20). Default: settings. */
    k: z.union([z.number().int().min(1).max(64), z.literal('auto')]).optional(),
    /** A stored profile (profiles feature) or a profile document (v2 or seed v1 JSON) for the `profile` strategy. */
    profileId: z.string().min(1).max(200).optional(),
    profileJson: z.string().min(2).max(50 * 1024 * 1024).optional(),
    /** Seed of the folds, the random baseline and the k-means fits (default 42). */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    /** 'device' (default): one matrix per phone, runs on the same phone pooled as repetitions; 'run': one per run. */
    groupBy: z.enum(['device', 'run']).optional(),
    /** Energy per prompt: 'gross' (default, what the phone spent in the prompt's window) or 'net' (minus idle). */
    energy: z.enum(['gross', 'net']).optional(),
    /**
     * The `picks` strategy: a picks file's text (JSON lines `{"id": PROMPT_ID, "model": MODEL_ID[, "preference": P]}`)
     * and the name its rows get (default `picks`). A router COMMAND (`router-cmd`) is never part of a request: only
     * the CLI's `--router-cmd` can give one (the lab it opens carries it), so no page or HTTP client can start a program.
     */
    picksJsonl: z.string().min(2).max(64 * 1024 * 1024).optional(),
    picksName: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/, 'A picks name holds letters, digits, _, . and - (starting with a letter)').optional(),
    /** Names the comparison up front (default a new id), so `compare.progress` and `compare.cancel` can use it. */
    comparisonId: comparisonId.optional(),
  })
  .strict()
  .refine((r) => !(r.profileId && r.profileJson), { message: 'Give profileId or profileJson, not both', path: ['profileJson'] });

export type CompareRunRequest = z.input<typeof compareRunSchema>;

/** A strategy's measured figures on one comparison group. Fractions are 0..1; null = not measurable. */
export interface StrategyFigures {
  /** Display name, e.g. `router@0.50`, `oracle(energy)`, `claude`, `always-largest`. */
  name: string;
  kind: string;
  /** Whole strategy could not run (no key, invalid key, no network...): the reason; the figures are empty. */
  unavailable: string | null;
  prompts: number;
  /** Prompts the strategy picked a model for / whose pick had a measured correctness. */
  routed: number;
  scored: number;
  correct: number;
  accuracy: number | null;
  accuracyCi95: { lo: number; hi: number } | null;
  meanSizeMb: number | null;
  meanLatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Mean energy per prompt, J. */
  meanEnergyJ: number | null;
  /** 1 - strategy / always-largest, paired on the same prompts, each measured. */
  savingsVsLargest: { size: number | null; latency: number | null; energy: number | null };
  /** Share of routed prompts per model id. */
  share: Record<string, number>;
  agreementWithOracle: number | null;
  /** Scored cells that came from a virtual phone / synthetic data. */
  simulatedCells: number;
}

/** One row of the side-by-side table. */
/** A random guess on a four-choice question (MMLU, the starter set) is right one time in four. */
export const CHANCE_ACCURACY = 0.25;

export interface ComparisonRow extends StrategyFigures {
  strategy: CompareStrategyId;
  /** For routers: the cost preference of this row. */
  preference: number | null;
  agreementWithClaude: number | null;
  /** Router curves only: UniRoute deferral-curve area and quality-neutral cost on the comparison's cost metric. */
  deferralArea: number | null;
  qnc: number | null;
  /** Why `qnc` is null, in words (fixed strategy, no preference reaches the best single model, no cost...); null when it is set. */
  qncReason?: string | null;
  /** Accuracy under a random guess: a small sample whose interval includes chance, or below chance outright. */
  accuracyWarning?: { kind: 'small-sample' | 'below-chance'; message: string; interval: { lo: number; hi: number }; n: number } | null;
  /** True when scored on prompts the profile was trained on (an imported profile built from these runs). */
  evaluatedOnTraining: boolean;
  /** Prompt pairs behind the paired latency / energy savings (both sides measured). */
  savingsN?: { latency: number; energy: number };
  /** Scored picks with a measured latency / energy (the n of the means). */
  cells?: { latency: number; energy: number };
  /** Prompts both this row and the reference routed (the n of each agreement). */
  agreementN?: { oracle: number; claude: number };
  /** An external router or picks file that gave no pick for some prompts: what is missing (its other figures stand). */
  incomplete?: string | null;
  /** External routers: per-prompt failures summed up (answered, failed, per status, distinct reasons). */
  external?: { answered: number; failed: number; counts: Record<string, number>; reasons: Array<{ reason: string; prompts: number }> };
  /** LLM routers: API usage (cloud API cost is an ESTIMATE from tokens, not a phone measurement). */
  llm?: { provider: string; model: string; templateVersion: string; apiCalls: number; cacheHits: number; retries: number; tokensIn: number; tokensOut: number; estimatedCostUsd: number | null; unknownModelReplies: number };
}

export interface ParetoPoint {
  /** Cost on the chart's axis (J per prompt or ms), accuracy 0..1. */
  cost: number;
  accuracy: number;
}

/** One Pareto chart: accuracy against a measured cost. */
export interface ParetoChart {
  cost: 'energy' | 'latency' | 'size';
  unit: 'J' | 'ms' | 'MB';
  /** Single models (always-m). */
  models: Array<ParetoPoint & { model: string }>;
  oracle: ParetoPoint | null;
  /** Router curves over the preference sweep (the out-of-fold router; the imported profile when given). */
  curves: Array<{ name: string; evaluatedOnTraining: boolean; points: Array<ParetoPoint & { preference: number }>; hull: ParetoPoint[] }>;
  /** The table's other rows (LLM routers, baselines) as points. */
  strategies: Array<ParetoPoint & { name: string }>;
}

export interface BreakdownCell {
  prompts: number;
  scored: number;
  accuracy: number | null;
  meanLatencyMs: number | null;
  meanEnergyJ: number | null;
  meanSizeMb: number | null;
}

/** Per group (cluster or subject) x table row. */
export interface Breakdown {
  by: 'cluster' | 'subject';
  /** How groups were formed, e.g. "clusters of the imported profile" or "descriptive k-means on all prompts (K=8), not used for routing". */
  basis: string;
  groups: Array<{ key: string; label: string; prompts: number; topTerms?: string[]; cells: Record<string, BreakdownCell> }>;
}

export interface OutOfFoldAudit {
  k: number;
  seed: number;
  stratified: boolean;
  /** Per fold: training / routed prompt counts, the clusters found, and the overlap of the two (always 0). */
  folds: Array<{ fold: number; trainPrompts: number; routedPrompts: number; clusters: number; overlap: number }>;
  /** Every prompt was routed exactly once, by a profile fitted without it. */
  verified: boolean;
  fitMs: number;
}

/** One matrix (a device, or a run) and everything measured on it. */
export interface ComparisonGroup {
  key: string;
  device: string;
  deviceModel: string | null;
  runIds: string[];
  /** 'all': every cell came from a virtual phone (simulated); 'some': mixed; 'none': physical phones only. */
  simulated: 'none' | 'some' | 'all';
  prompts: number;
  models: Array<{ id: string; sizeMb: number; accuracy: number | null; meanLatencyMs: number | null; meanEnergyJ: number | null }>;
  matrix: { cells: number; measuredCells: number; missingCells: number; simulatedCells: number; cellsWithLatency: number; cellsWithEnergy: number; repeatedCells: number; splitVotes: number };
  rows: ComparisonRow[];
  pareto: { energy: ParetoChart; latency: ParetoChart; size: ParetoChart };
  /** RouteLLM figures on the smallest/largest pair, per router sweep. */
  pairs: Array<{ sweep: string; weak: string; strong: string; apgr: number | null; cpt: Record<string, number | null> }>;
  breakdown: { cluster: Breakdown | null; subject: Breakdown };
  outOfFold: OutOfFoldAudit | null;
  notes: string[];
  /** Each row's pick per prompt (model index into `models`, -1: no pick), prompts in matrix order. */
  picks?: { promptIds: string[]; byRow: Record<string, number[]> };
}

export interface ComparisonResult {
  id: string;
  createdAt: number;
  durationMs: number;
  costMetric: CostMetricName;
  /** The request, resolved (defaults filled in; the profile document is not echoed). */
  request: {
    runIds: string[];
    strategies: CompareStrategyId[];
    preferences: number[];
    folds: number;
    k: number | 'auto';
    seed: number;
    groupBy: 'device' | 'run';
    energy: 'gross' | 'net';
    profile: { source: 'id' | 'json'; id: string | null; checksum: string; runIds: string[] } | null;
  };
  /** How repetitions were pooled into one cell. */
  aggregation: string;
  groups: ComparisonGroup[];
  notes: string[];
}

export interface ComparisonSummary {
  id: string;
  createdAt: number;
  runIds: string[];
  costMetric: CostMetricName;
  strategies: CompareStrategyId[];
  simulated: 'none' | 'some' | 'all';
}

/** Progress of a comparison (LLM router calls dominate; fitting the fold profiles is reported too). */
export interface CompareProgress {
  comparisonId: string;
  phase: 'loading' | 'fitting' | 'llm' | 'scoring' | 'done' | 'cancelled' | 'failed';
  /** Group (device/run key) being worked on. */
  group: string | null;
  strategy: CompareStrategyId | null;
  done: number;
  total: number;
  message: string;
}

export const compareMethods = {
  /**
   * Runs a comparison and answers with its result when done (stored; `compare.get` reads it again). LLM router
   * progress arrives as `compare.progress` events meanwhile. A strategy that cannot run (no key, bad key, no
   * network) comes back as a row with `unavailable` set; it never stops the others.
   */
  run: method<ComparisonResult>()(compareRunSchema),
  get: method<ComparisonResult>()(z.object({ comparisonId }).strict()),
  list: method<ComparisonSummary[]>()(z.object({ limit: z.number().int().positive().max(500).optional() }).strict()),
  /** The side-by-side table as CSV (one line per group x row; figures in the units of their column names). */
  exportCsv: method<{ filename: string; csv: string }>()(z.object({ comparisonId }).strict()),
  /** Stops a comparison in flight (its id, as in `compare.progress`); nothing of it is stored. */
  cancel: method<{ cancelled: boolean }>()(z.object({ comparisonId }).strict()),
} as const;

export interface CompareEvents {
  'compare.progress': CompareProgress;
}

export const compareEvents: Array<keyof CompareEvents> = ['compare.progress'];
