/**
 * The seed's benchmark in one call (issue 15): sample MMLU (topics = subjects), run the campaign (or continue the
 * same one: the same arguments find it again, and `aurora-lab resume` works on it as on any campaign), compare every
 * available strategy on the measured results, and answer with `benchmark_results.json`'s document. Also the
 * shareable outputs of a comparison, a run or a campaign: the charts (SVG and PNG bytes) and the report (one HTML
 * file), handed over as file contents so a page downloads them itself (no host path ever comes from a page).
 * Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import type { BenchmarkResults } from '../benchmark-results';
import { method } from './method';
import { serialSchema } from './devices';
import { campaignIdSchema, modelIdSchema, runIdSchema } from './ids';
import { COMPARE_STRATEGIES } from './strategies';

const comparisonId = z.string().regex(/^cmp-[A-Za-z0-9-]{8,64}$/, 'Not a comparison id');

/** The seed's five strategies plus the measured oracle (what "agreement with the oracle" is read against). */
export const BENCHMARK_DEFAULT_STRATEGIES = ['router', 'oracle', 'claude', 'gemini', 'largest', 'smallest'] as const;

export const benchmarkRunSchema = z
  .object({
    devices: z.array(serialSchema).min(1, 'Pick at least one device').max(32),
    models: z.array(modelIdSchema).min(1, 'Pick at least one model').max(32),
    /** 'mmlu' (default; downloaded once), 'starter', or a path to an MMLU folder/CSV or a JSONL file. */
    dataset: z.string().trim().min(1).max(4096).optional(),
    /** Prompts to sample, stratified by subject (default 100, the seed's run). */
    n: z.number().int().min(1).max(1_000_000).optional(),
    /** Subjects to sample from (MMLU subjects, e.g. anatomy, college_physics); default all. */
    topics: z.array(z.string().trim().min(1).max(200)).min(1).max(200).optional(),
    reps: z.number().int().min(1).max(100).optional(),
    /** Seed of the sample, the orders, the folds (default "42", the seed's). */
    seed: z.string().min(1).max(200).optional(),
    /** Default: router, oracle, claude, gemini, largest, smallest (+ router-cmd / picks when given). */
    strategies: z.array(z.enum(COMPARE_STRATEGIES)).min(1).max(COMPARE_STRATEGIES.length).optional(),
    /** Default size (the seed's). */
    costMetric: z.enum(['size', 'latency', 'energy']).optional(),
    preferences: z.array(z.number().min(0).max(1)).min(1).max(21).optional(),
    folds: z.number().int().min(2).max(20).optional(),
    k: z.union([z.number().int().min(1).max(64), z.literal('auto')]).optional(),
    /** The `picks` strategy's file text and row name (see compare.run). */
    picksJsonl: z.string().min(2).max(64 * 1024 * 1024).optional(),
    picksName: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/).optional(),
    /** Measurement settings passed to the campaign (see campaigns.start). */
    maxTokens: z.number().int().min(1).max(4096).optional(),
    warmup: z.number().int().min(0).max(20).optional(),
    idleBaselineMs: z.number().int().min(500).max(120_000).optional(),
    cooldown: z.object({ maxTempC: z.number().min(20).max(60), timeoutMs: z.number().int().min(0).max(3_600_000) }).strict().optional(),
    download: z.boolean().optional(),
    /** The command line that asked (kept in the results file so it can be rerun). */
    command: z.array(z.string().max(4096)).max(200).optional(),
  })
  .strict();
export type BenchmarkRunRequest = z.input<typeof benchmarkRunSchema>;

export interface BenchmarkRunResult {
  campaignId: string;
  comparisonId: string;
  /** 'new': measured now; 'continued': an unfinished campaign of the same arguments was resumed; 'reused': it was complete. */
  campaign: 'new' | 'continued' | 'reused';
  results: BenchmarkResults;
}

/** A comparison group's key as a folder name for its chart files (`127.0.0.1:5555` -> `127.0.0.1_5555`). */
export function groupFolder(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'group';
}

/** A file to save: text (SVG, HTML, CSV) as utf8, bytes (PNG) as base64. */
export interface ExportFile {
  filename: string;
  mime: string;
  encoding: 'utf8' | 'base64';
  content: string;
  bytes: number;
  /** Pixels of a PNG, SVG units of an SVG. */
  width?: number;
  height?: number;
}

export interface BenchmarkProgress {
  phase: 'campaign' | 'compare' | 'done';
  campaignId: string | null;
  message: string;
}

export const benchmarkMethods = {
  /** The whole flow; answers when the comparison is done. Progress: campaigns.progress, compare.progress, benchmark.progress. */
  run: method<BenchmarkRunResult>()(benchmarkRunSchema),
  /** benchmark_results.json's document for a stored comparison (validated against its schema). */
  results: method<BenchmarkResults>()(z.object({ comparisonId, command: z.array(z.string().max(4096)).max(200).optional() }).strict()),
  /**
   * The charts as files (NAME.svg and NAME.png): a comparison's (the seed's three, the Pareto fronts, latency per
   * model; `group` picks a device, default the first), or a run's (latency per model, power timeline).
   */
  charts: method<{ files: ExportFile[] }>()(
    z
      .object({
        comparisonId: comparisonId.optional(),
        runId: runIdSchema.optional(),
        group: z.string().min(1).max(200).optional(),
        formats: z.array(z.enum(['svg', 'png'])).min(1).max(2).optional(),
      })
      .strict()
      .refine((r) => (r.comparisonId === undefined) !== (r.runId === undefined), { message: 'Give comparisonId or runId (one of them)', path: ['comparisonId'] }),
  ),
  /** One self-contained HTML report of a campaign (with a comparison when given; a comparison alone names its campaign). */
  report: method<ExportFile>()(
    z
      .object({ campaignId: campaignIdSchema.optional(), comparisonId: comparisonId.optional() })
      .strict()
      .refine((r) => r.campaignId !== undefined || r.comparisonId !== undefined, { message: 'Give a campaign id (and/or a comparison of it)', path: ['campaignId'] }),
  ),
} as const;

export interface BenchmarkEvents {
  'benchmark.progress': BenchmarkProgress;
}

export const benchmarkEvents: Array<keyof BenchmarkEvents> = ['benchmark.progress'];
