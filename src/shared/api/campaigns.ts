/**
 * Profiling campaigns (issue 4): devices x models x a sampled prompt set x repetitions, measured on the phones.
 *
 * Storage: a campaign is one `campaigns` row plus one `runs` row per device (kind 'campaign', `runIds` below),
 * each with its prompt results. Everything a Quick profile has (`runs.get`, `runs.results`, `runs.powerTimeline`)
 * works on a campaign's device runs too; `loadMeasuredMatrix(db, runIds)` (src/main/runs) gives the matrix.
 *
 * Pages: the Profile page (a start form: `campaigns.datasets` + `runs.models` + `devices.list`, `campaigns.start`,
 * then `campaigns.progress` events until `status` is no longer 'running'); the Runs pages (`campaigns.list` with
 * filters and sort; `campaigns.detail` for one run; `campaigns.compare` for two side by side; `campaigns.export`,
 * `campaigns.delete`, `campaigns.resume`, `campaigns.cancel`).
 *
 * Plain types and zod only: the renderer bundles this file.
 */
import { z } from 'zod';
import { method } from './method';
import type { EnergyMethod, PowerPoint, RunModelStatus, RunPhase } from '../runs';

const serial = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:\-[\]]+$/, 'A serial has only letters, digits and . _ : - [ ]');
const modelId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'A model id has lower-case letters, digits and . _ - (e.g. qwen-600m)');
/** A campaign id (what the CLI and the Runs pages call "the run"). */
export const campaignIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a run id');

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
    /** Prompts to sample (stratified by subject, seeded); at most the set's size. */
    n: z.number().int('n must be a whole number').min(1, 'n must be at least 1').max(1_000_000),
    /** Repetitions of the whole sample (each with its own seeded order). Default 1. */
    reps: z.number().int().min(1, 'reps must be at least 1').max(100).optional(),
    /** Seed of the sample and of the orders; default: a fresh random one (stored, so the run can be reproduced). */
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
export type CampaignStatus = 'running' | 'done' | 'partial' | 'failed' | 'cancelled' | 'interrupted';

/** What one device is doing right now. */
export type CampaignDeviceState =
  | 'pending'
  | 'measuring'
  /** Unplugged / offline: paused, resumes by itself when the device is back. */
  | 'waiting-device'
  /** Under the battery floor: paused until charged. */
  | 'battery-low'
  | 'done'
  | 'partial'
  | 'failed'
  | 'cancelled';

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
export interface CampaignConditions {
  runId: string;
  serial: string;
  deviceModel: string | null;
  fingerprint: string | null;
  androidRelease: string | null;
  runnerVersion: string | null;
  engineVersion: string | null;
  energyMethod: EnergyMethod | null;
  sampleHz: number | null;
  chargingState: string | null;
  screenState: string | null;
  batteryLevel: number | null;
  tempStartC: number | null;
  thermalStatusStart: number | null;
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
}

export type DetailSection = 'models' | 'subjects' | 'timeline' | 'conditions';

/** The run-detail aggregates (each section can be asked for alone). */
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
  /** Union of both runs' models, in a's order then b's: rows to align the two details on. */
  models: string[];
  /** Same prompts? (selection fingerprints equal). */
  samePrompts: boolean;
}

export interface DatasetOption {
  /** What to pass as `dataset`. */
  spec: string;
  label: string;
  kind: 'builtin' | 'cached' | 'download' | 'recent';
  /** Prompts in the set (test split), when known without loading it. */
  size: number | null;
  subjects: number | null;
  note: string | null;
}

const listFilter = z
  .object({
    serial: serial.optional(),
    modelId: modelId.optional(),
    status: z.enum(['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted']).optional(),
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
  /** Two runs side by side: the same detail shape for each, aligned by model. */
  compare: method<CampaignComparison>()(z.object({ a: campaignIdSchema, b: campaignIdSchema }).strict()),
  /** One row per prompt result (warm-ups excluded), with the simulated flag, as CSV or JSON text. */
  export: method<{ format: 'csv' | 'json'; fileName: string; text: string }>()(
    z.object({ campaignId: campaignIdSchema, format: z.enum(['csv', 'json']) }).strict(),
  ),
  /** Deletes the campaign and everything under it (device runs, results, samples). Refused while it runs. */
  delete: method<{ deleted: boolean }>()(z.object({ campaignId: campaignIdSchema }).strict()),
  /** Prompt sets for the start form: starter, mmlu (cached or to download), recently used paths. */
  datasets: method<DatasetOption[]>()(z.object({}).strict()),
} as const;

export interface CampaignsEvents {
  /** A campaign moved on (see CampaignProgress). */
  'campaigns.progress': CampaignProgress;
}

export const campaignsEvents: Array<keyof CampaignsEvents> = ['campaigns.progress'];
