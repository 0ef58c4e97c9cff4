/**
 * Runs: a quick run (one model on one phone over the prompts given) or one device's part of a campaign. Both are
 * stored the same way; every method here works on either. Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import type { ModelInfo, PowerTimeline, PromptResult, RunDetail, RunProgress, RunSummary } from '../runs';
import { serialSchema } from './devices';
import { modelIdSchema, runIdSchema, runOrCampaignIdSchema } from './ids';
import { method } from './method';

export const promptInputSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    text: z.string().min(1, 'A prompt cannot be empty').max(100_000),
    choices: z.tuple([z.string(), z.string(), z.string(), z.string()]).optional(),
    answer: z.enum(['A', 'B', 'C', 'D']).optional(),
    subject: z.string().max(200).optional(),
  })
  .strict();

export const quickRunSchema = z
  .object({
    serial: serialSchema,
    model: modelIdSchema,
    prompts: z.array(promptInputSchema).min(1, 'Give at least one prompt').max(500),
    /** Runner sampler rate for the fuel gauge, Hz (default 20). */
    sampleHz: z.number().int().min(1).max(200).optional(),
    energyMethod: z.enum(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).optional(),
    /** Pixels: `setprop power.battery_input.suspended true` while measuring, restored afterwards. */
    suspendCharging: z.boolean().optional(),
    maxTokens: z.number().int().min(1).max(4096).optional(),
    /** Idle baseline window before the prompts, ms (default 3000). */
    idleBaselineMs: z.number().int().min(500).max(120_000).optional(),
    /** Cool-down gate before the model: wait until battery and skin are under maxTempC. */
    cooldown: z
      .object({ maxTempC: z.number().min(20).max(60), timeoutMs: z.number().int().min(0).max(3_600_000) })
      .strict()
      .optional(),
    /** Run a throwaway prompt before measuring (also the load window of a first calibration). Default true. */
    warmup: z.boolean().optional(),
  })
  .strict();

/** One row per prompt result of the runs (warm-ups excluded), with the simulated flag, as CSV or JSON text. */
export interface RunsExport {
  format: 'csv' | 'json';
  fileName: string;
  text: string;
}

export const runsMethods = {
  /** The model catalogue: shipped simulated definitions and cached real weights. */
  models: method<ModelInfo[]>()(z.object({}).strict()),
  /**
   * Starts a quick run (load a model, idle baseline, prompts, store) and answers at once with its id; follow it
   * with `runs.progress` / `runs.result` events, then `runs.get` / `runs.results`.
   */
  quickRun: method<{ runId: string }>()(quickRunSchema),
  /** Stops a quick run after the prompt in flight; what was stored stays. */
  cancel: method<{ cancelled: boolean }>()(z.object({ runId: runIdSchema }).strict()),
  get: method<RunDetail>()(z.object({ runId: runIdSchema }).strict()),
  /** Quick runs and campaigns' device runs, newest first. */
  list: method<RunSummary[]>()(
    z
      .object({
        serial: serialSchema.optional(),
        kind: z.enum(['quick', 'campaign']).optional(),
        /** Only the runs of this campaign. */
        campaignId: runOrCampaignIdSchema.optional(),
        limit: z.number().int().positive().max(1000).optional(),
      })
      .strict(),
  ),
  /** Per-prompt figures of a run, in order. */
  results: method<PromptResult[]>()(z.object({ runId: runIdSchema }).strict()),
  /** Power over time with prompt boundaries, downsampled to at most maxPoints points. */
  powerTimeline: method<PowerTimeline>()(
    z.object({ runId: runIdSchema, maxPoints: z.number().int().min(10).max(100_000).optional() }).strict(),
  ),
  /** Every prompt result of a run, or of every run of a campaign (a campaign id), one row each. */
  export: method<RunsExport>()(z.object({ runId: runOrCampaignIdSchema, format: z.enum(['csv', 'json']) }).strict()),
  /** Deletes a quick run and everything under it. A campaign's run goes with its campaign (`campaigns.delete`). */
  delete: method<{ deleted: boolean }>()(z.object({ runId: runIdSchema }).strict()),
} as const;

export interface RunsEvents {
  /** A run moved on (phase, prompts done/total, ETA). */
  'runs.progress': RunProgress;
  /** A prompt result was stored. */
  'runs.result': PromptResult;
}

export const runsEvents: Array<keyof RunsEvents> = ['runs.progress', 'runs.result'];
