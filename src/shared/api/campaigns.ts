/**
 * Campaigns: what `aurora-lab profile` starts, devices x models x a sampled prompt set x repetitions, measured on
 * the phones. A campaign is one `campaigns` row plus one run per device (kind 'campaign', `runIds` below), each with
 * its prompt results: every runs.* method works on a campaign's runs, and wherever runs are taken (compare, router
 * profile builds, exports) a campaign id stands for all its runs.
 *
 * The campaign pages: a start form (`datasets.list` + `runs.models` + `devices.list`, then `campaigns.start` and
 * `campaigns.progress` events until `status` is no longer 'running'); the list (`campaigns.list` with filters and
 * sort); one campaign (`campaigns.get`, `campaigns.detail`); two side by side (`campaigns.compare`);
 * `campaigns.export`, `campaigns.delete`, `campaigns.resume`, `campaigns.cancel`.
 *
 * Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import { method } from './method';
import { serialSchema } from './devices';
import { campaignIdSchema, modelIdSchema } from './ids';
import type { EnergyMethod, PowerPoint, RunConditions, RunModelStatus, RunPhase } from '../runs';

const serial = serialSchema;
const modelId = modelIdSchema;
export { campaignIdSchema };
export type { DatasetOption } from './datasets';

function unique(list: string[]): boolean {
  return new Set(list).size === list.length;
}

export const campaignStartSchema = z
  .object({
    /** Serials (or host:port of network devices / virtual phones). Each device runs its part in parallel. */
    devices: z.array(serial).min(1, 'Pick at least one device').max(32).refine(unique, 'A device is listed twice'),
    /** Model ids of `runs.models`, run in this order on every device. */
    models: z.array(modelId).min(1, 'Pick at least one model').max(32).refine(unique, 'A model is listed twice'),
    /** 'starter' (built in), 'mmlu' (downloaded once into the lab cache), or a path to an MMLU folder/CSV or a JSONL file. */
    dataset: z.string().trim().min(1, 'Pick a prompt set').max(4096),
    /** Only these subjects (topics) of the set, e.g. MMLU's astronomy, virology; default: every subject. */
    subjects: z.array(z.string().trim().min(1, 'A subject cannot be empty').max(200)).min(1, 'Pick at least one subject').max(500).refine(unique, 'A subject is listed twice').optional(),
    /** Prompts to sample (stratified by subject, seeded); at most the set's size. */
    n: z.number().int('n must be a whole number').min(1, 'n must be at least 1').max(1_000_000),
    /** Repetitions of the whole sample (each with its own seeded order). Default 1. */
    reps: z.number().int().min(1, 'reps must be at least 1').max(100).optional(),
    /** Seed of the sample and of the orders; default: a fresh random one (stored, so the campaign can be reproduced). */
    seed: z.string().min(1).max(200).optional(),
    /** Warm-up prompts per model before measuring (discarded, recorded as warm-ups). Default 1. */
    warmup: z.number().int().min(0).max(20).optional(),
    /** Max output tokens per prompt (default 64: a letter answer needs few). */
    maxTokens: z.number().int().min(1).max(4096).optional(),
    /** Idle baseline window before each model's prompts, ms (default 3000). */
    idleBaselineMs: z.number().int().min(500).max(120_000).optional(),
    /** Fuel-gauge sampler rate, Hz (default 20). */
    sampleHz: z.number().int().min(1).max(200).optional(),
    energyMethod: z.enum(['auto', 'odpm', 'fuel-gauge', 'charge-counter']).optional(),
    /** Cool-down and thermal gate before each model: wait until battery and skin are under maxTempC (default 40 C, 120 s). */
    cooldown: z
      .object({ maxTempC: z.number().min(20).max(60), timeoutMs: z.number().int().min(0).max(3_600_000) })
      .strict()
      .optional(),
    /**
     * Battery floor: below `minPct` a device pauses (between prompts) until it is back at `resumePct` (default
     * minPct + 10); the fuel gauge additionally waits for the charger to be removed. Default: 15 %.
     */
    batteryFloor: z
      .object({ minPct: z.number().min(0).max(100), resumePct: z.number().min(0).max(100).optional() })
      .strict()
      .optional(),
    /** `mmlu` not cached yet: download it (default true). */
    download: z.boolean().optional(),
  })
  .strict();
export type CampaignStartRequest = z.input<typeof campaignStartSchema>;

/** 'interrupted': the lab process running it died; `campaigns.resume` continues exactly where it stopped. */
export const CAMPAIGN_STATUSES = ['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * What one device is doing right now. 'waiting-device': unplugged or offline, paused, resumes by itself when the
 * device is back; 'battery-low': under the battery floor, paused until charged.
 */
export const CAMPAIGN_DEVICE_STATES = ['pending', 'measuring', 'waiting-device', 'battery-low', 'done', 'partial', 'failed', 'cancelled'] as const;
export type CampaignDeviceState = (typeof CAMPAIGN_DEVICE_STATES)[number];

export interface CampaignDeviceProgress {
  serial: string;
  runId: string;
  state: CampaignDeviceState;
  phase: RunPhase | null;
  modelId: string | null;
  /** Prompt results stored for this device / planned for it. */
  done: number;
  total: number;
  etaMs: number | null;
  message: string;
  /** Live readings (null when not measuring). */
  powerW: number | null;
  tokensPerSec: number | null;
  tempC: number | null;
  batteryPct: number | null;
}

/** Event `campaigns.progress`: sent on every stored prompt and every state change (throttled to ~4/s per campaign). */
export interface CampaignProgress {
  campaignId: string;
  status: CampaignStatus;
  done: number;
  total: number;
  /** Estimated time to finish: the slowest device's remaining prompts x its recent time per prompt. */
  etaMs: number | null;
  devices: CampaignDeviceProgress[];
  message: string;
  at: number;
}

export interface CampaignSummary {
  id: string;
  status: CampaignStatus;
  createdAt: number;
  finishedAt: number | null;
  /** Wall time spent running (all sessions, ms); null while unknown. */
  durationMs: number | null;
  dataset: string;
  setName: string;
  /**
   * The prompt set's content fingerprint: with `dataset` (the folder or file it was loaded from) it tells two sets
   * the loader names alike apart (every MMLU folder reads `mmlu/test`).
   */
  setFingerprint: string;
  n: number;
  reps: number;
  seed: string;
  serials: string[];
  deviceModels: string[];
  modelIds: string[];
  /** Stored prompt results / planned. */
  done: number;
  total: number;
  /** Sum of gross energy over the stored prompts, J. */
  energyJ: number | null;
  simulated: boolean;
  error: string | null;
  /** The per-device runs (runs.id), in device order. */
  runIds: string[];
}

export interface CampaignRunModel {
  modelId: string;
  status: RunModelStatus;
  error: string | null;
  /** sha256 of every deployed file (runner, engine, weights). */
  fileHashes: Record<string, string>;
  loadMs: number | null;
  idleBaselineW: number | null;
  done: number;
  total: number;
}

/** The conditions a device's part was measured under (recorded when it started; resumes append warnings). */
export interface CampaignConditions extends RunConditions {
  runId: string;
  serial: string;
  deviceModel: string | null;
  energyMethod: EnergyMethod | null;
  simulated: boolean;
  status: string;
  error: string | null;
  warnings: string[];
  models: CampaignRunModel[];
}

export interface CampaignInfo extends CampaignSummary {
  setFingerprint: string;
  selectionFingerprint: string;
  fingerprintVersion: string;
  promptTemplateVersion: string;
  setSize: number;
  warmup: number;
  /** The validated start request. */
  options: Record<string, unknown>;
  conditions: CampaignConditions[];
  /** Live progress when this lab process runs it, else null. */
  progress: CampaignProgress | null;
  /** Another live lab process runs it (resume/cancel must happen there). */
  ownedElsewhere: boolean;
}

/** A distribution: quantiles and an equal-width histogram (bins cover [min, max]). */
export interface Distribution {
  n: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  bins: Array<{ lo: number; hi: number; count: number }>;
}

/** Figures of one model on one device (`serial` = null: pooled over the campaign's devices). */
export interface ModelFigures {
  modelId: string;
  serial: string | null;
  /** Prompt results stored (all repetitions). */
  results: number;
  /** Results with an answer key. */
  scored: number;
  correct: number;
  /** Replies that named no single letter (counted as wrong, and counted here apart). */
  unparsable: number;
  /** Prompts that failed (runner error, timeout). */
  failed: number;
  /** correct / scored, with the 95 % Wilson score interval. */
  accuracy: number | null;
  ci95: [number, number] | null;
  ttftMs: Distribution;
  decodeTps: Distribution;
  totalMs: Distribution;
  /** Net energy per prompt (J) and per output token (J/token). */
  energyJ: Distribution;
  energyPerTokenJ: Distribution;
  meanEnergyJ: number | null;
  meanGrossEnergyJ: number | null;
  /** Sum of net energy / sum of output tokens. */
  energyPerOutputTokenJ: number | null;
  medianTotalMs: number | null;
  /** Replies of <= 1 generated token: no decode step to time (the engine says 0 tok/s), so left out of decodeTps. */
  decodeExcluded: number;
  /** Energy windows flagged and kept out of the energy figures: below the idle baseline, across a meter gap. */
  belowIdle: number;
  meterGap: number;
}

export interface SubjectCell {
  modelId: string;
  subject: string;
  scored: number;
  correct: number;
  accuracy: number | null;
}

export interface TimelineSeries {
  serial: string;
  runId: string;
  power: PowerPoint[];
  thermal: Array<{ t: number; status: number | null; tempC: number | null }>;
  /** Model boundaries on the phone's boot clock. */
  models: Array<{ modelId: string; tFromMs: number | null; tToMs: number | null }>;
  /**
   * The meter's facts, as a run's PowerTimeline has them: its update period (median interval of its first readings,
   * ms; null without two) and every stretch without a reading longer than the gap threshold and than the spacing of
   * the points (never joined by the line). The points are read at evenly spaced instants, so their spacing says
   * neither. Absent from older servers.
   */
  meterPeriodMs?: number | null;
  gaps?: Array<{ from: number; to: number }>;
}

export type DetailSection = 'models' | 'subjects' | 'timeline' | 'conditions';

/** The campaign detail aggregates (each section can be asked for alone). */
export interface CampaignDetail {
  campaign: CampaignSummary;
  /** Per model and device, then per model pooled over devices (serial null). */
  models?: ModelFigures[];
  /** Model x subject accuracy (pooled over devices and repetitions). */
  subjects?: { subjects: string[]; models: string[]; cells: SubjectCell[] };
  timeline?: TimelineSeries[];
  conditions?: CampaignConditions[];
}

export interface CampaignComparison {
  a: CampaignDetail;
  b: CampaignDetail;
  /** Union of both campaigns' models, in a's order then b's: rows to align the two details on. */
  models: string[];
  /** Same prompts? (selection fingerprints equal). */
  samePrompts: boolean;
}

const listFilter = z
  .object({
    serial: serial.optional(),
    modelId: modelId.optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
    /** Substring of the data set spec or set name. */
    dataset: z.string().max(4096).optional(),
    n: z.number().int().min(1).optional(),
    simulated: z.boolean().optional(),
    sort: z.enum(['created', 'duration', 'energy', 'n', 'status', 'dataset']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const campaignsMethods = {
  /**
   * Validates (devices known and online, models known, data set loadable, n <= set size; errors name the field),
   * stores the plan and starts measuring in the background. Answers at once; follow `campaigns.progress`.
   */
  start: method<{ campaignId: string; runIds: string[]; total: number }>()(campaignStartSchema),
  /** Stops every device after the prompt in flight; what was stored stays (status 'cancelled', resumable). */
  cancel: method<{ cancelled: boolean }>()(z.object({ campaignId: campaignIdSchema }).strict()),
  /** Continues an interrupted, cancelled, partial or failed campaign: only the missing (model, prompt, rep) cells run. */
  resume: method<{ campaignId: string; remaining: number }>()(z.object({ campaignId: campaignIdSchema }).strict()),
  /** Campaigns, newest first by default, filtered and sorted. */
  list: method<CampaignSummary[]>()(listFilter),
  /** One campaign: plan, fingerprints, conditions per device, live progress. */
  get: method<CampaignInfo>()(z.object({ campaignId: campaignIdSchema }).strict()),
  /** Run-detail aggregates: accuracy with Wilson 95 % CIs, latency/energy distributions, subject heatmap, timeline, conditions. */
  detail: method<CampaignDetail>()(
    z
      .object({
        campaignId: campaignIdSchema,
        sections: z.array(z.enum(['models', 'subjects', 'timeline', 'conditions'])).min(1).optional(),
        /** Histogram bins (default 20). */
        bins: z.number().int().min(2).max(200).optional(),
        /** Timeline points per device (default 1000). */
        maxPoints: z.number().int().min(10).max(100_000).optional(),
      })
      .strict(),
  ),
  /** Two campaigns side by side: the same detail shape for each, aligned by model. */
  compare: method<CampaignComparison>()(z.object({ a: campaignIdSchema, b: campaignIdSchema }).strict()),
  /** One row per prompt result (warm-ups excluded), with the simulated flag, as CSV or JSON text. */
  export: method<{ format: 'csv' | 'json'; fileName: string; text: string }>()(
    z.object({ campaignId: campaignIdSchema, format: z.enum(['csv', 'json']) }).strict(),
  ),
  /** Deletes the campaign and everything under it (device runs, results, samples). Refused while it runs. */
  delete: method<{ deleted: boolean }>()(z.object({ campaignId: campaignIdSchema }).strict()),
} as const;

export interface CampaignsEvents {
  /** A campaign moved on (see CampaignProgress). */
  'campaigns.progress': CampaignProgress;
}

export const campaignsEvents: Array<keyof CampaignsEvents> = ['campaigns.progress'];
