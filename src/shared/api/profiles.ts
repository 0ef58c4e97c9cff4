/**
 * Router profiles built from measured runs, imported and exported (issue: router profiles; format in
 * profiles/README.md). Designed for the Profiles page: a build form (`build`, `embedModels`, progress events), a
 * list (`list`, `delete`), a cluster inspector, an error-rate heatmap and a cost table (`get`), a "route a prompt"
 * box (`route`), export buttons (`export`), an import form (`import`) and a side-by-side view (`compare`).
 * Plain types and zod schemas only: the renderer bundles this file.
 */
import { z } from 'zod';
import { runOrCampaignIdSchema } from './ids';
import { method } from './method';

/** A profile id in the lab's database (a UUID for profiles the lab stores). */
export const profileIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a profile id');

/** Largest profile JSON the API accepts (the routing module's limit, 50 MB, counted in UTF-16 code units here). */
export const MAX_PROFILE_JSON_CHARS = 50 * 1024 * 1024;

/** Where a stored profile came from. Seed v1 files are converted to v2 on import. */
export type ProfileSource = 'built' | 'imported-v2' | 'imported-seed-v1';

/** One measured figure with how it was obtained (e.g. `median of 40 prompts, engine total_time_ms`). */
export interface ProfileMeasure {
  value: number;
  method: string;
  samples: number;
}

/** Cost metric of the routing rule: model size (the seed's), or a measured cost on one device. */
export type ProfileCostMetric = { kind: 'size' } | { kind: 'latency'; device: string } | { kind: 'energy'; device: string };

/** A row of the profiles list. */
export interface ProfileSummary {
  id: string;
  name: string;
  /** Epoch ms when the lab stored it. */
  createdAt: number;
  /** The body's `created_at` (when the profile itself was built), ISO 8601. */
  builtAt: string;
  formatVersion: number;
  source: ProfileSource;
  /** `sha256:<hex>` of the body. */
  checksum: string;
  /** Built (partly) from virtual-phone measurements: every figure in it is simulated. */
  simulated: boolean;
  /** The shipped default profile (profiles/default-virtual.json), imported on first start. */
  isDefault: boolean;
  k: number;
  modelIds: string[];
  /** `lexical-hash-v1` or `external` (a model the phone runs, e.g. `cactus/qwen-600m`, `BAAI/bge-base-en-v1.5`). */
  embedder: { type: 'lexical-hash-v1' | 'external'; dim: number; model: string | null };
  /** Whether the lab can embed a prompt for this profile itself: lexical (always), `cactus/<model>` (with a phone). */
  embeddable: 'lexical' | 'device' | 'needs-embedding';
  runIds: string[];
  devices: string[];
  promptSetFingerprint: string | null;
  nPrompts: number | null;
  seed: number | null;
}

/** One cluster for the inspector. */
export interface ProfileCluster {
  cluster: number;
  /** Training prompts in the cluster (0 when unknown, e.g. seed imports). */
  size: number;
  topSubjects: Array<{ subject: string; count: number }>;
  /** Most weighted centroid terms (lexical profiles). */
  topTerms: string[];
  /** Training prompts nearest the centroid. */
  examples: Array<{ id: string; text: string }>;
}

/** One heatmap cell: model x cluster. */
export interface ProfileHeatCell {
  /** The estimate routing uses (Beta-smoothed for measured profiles). */
  errorRate: number;
  /** errors / n; null when n = 0 or the profile carries no counts (seed imports). */
  rawErrorRate: number | null;
  errors: number | null;
  n: number | null;
  /** Wilson 95% interval of errors / n; null without counts. */
  ci95: [number, number] | null;
}

/** A profile in full, for the Profiles page. */
export interface ProfileDetail extends ProfileSummary {
  clusters: ProfileCluster[];
  /** `cells[m][c]` for `models[m]` and cluster c; models in the profile's order (the tie-break order). */
  heatmap: {
    models: Array<{ id: string; sizeMb: number; capabilities: string[]; overallErrorRate: number | null }>;
    cells: ProfileHeatCell[][];
  };
  /** One row per (model, device) with measured costs; empty for seed imports. */
  costs: Array<{
    modelId: string;
    device: string;
    latencyMs: ProfileMeasure | null;
    energyJ: ProfileMeasure | null;
    decodeTokS: ProfileMeasure | null;
    peakRamMb: ProfileMeasure | null;
  }>;
  routing: { lambdaMin: number; lambdaMax: number; defaultPreference: number; costMetric: ProfileCostMetric };
  /** Cost metrics usable with `route`: size, and latency/energy on each device where every model was measured. */
  costMetrics: ProfileCostMetric[];
  estimation: { priorStrength: number } | null;
  evaluation: {
    validationLogLoss: number | null;
    silhouette: number | null;
    kSelection: { mode: 'fixed' | 'validation-log-loss'; entries: Array<{ k: number; kFound: number; logLoss: number | null; silhouette: number | null }> };
    trainPrompts: number;
    validationPrompts: number;
  } | null;
  /** Free-form provenance notes (e.g. how the default profile was made). */
  notes: string | null;
  /** Every build option, resolved. */
  buildOptions: Record<string, unknown>;
}

/** `profiles.route`: the cluster, every model's score and the pick. */
export interface RouteDecision {
  /** The stored router profile's id; for a document given as profileJson, its checksum. */
  profileId: string;
  cluster: number;
  /** Inspector data for the chosen cluster. */
  clusterInfo: ProfileCluster;
  preference: number;
  lambda: number;
  costMetric: ProfileCostMetric;
  /** Every model of the profile, in profile order. */
  scores: Array<{
    modelId: string;
    errorRate: number;
    /** Raw cost under the metric (MB, ms or J) and its min-max normalisation over ALL models. */
    cost: number;
    costNorm: number;
    /** errorRate + lambda * costNorm; null when filtered out. */
    score: number | null;
    candidate: boolean;
  }>;
  pick: string;
  /** How the prompt was embedded: the lab's lexical embedder, the phone's embed request, or the vector given. */
  embeddedWith: 'lexical' | 'device' | 'given';
}

/** `profiles.export`: the file's text and what the format could not carry. */
export interface ProfileExport {
  format: 'v2' | 'seed-v1';
  /** Suggested file name. */
  fileName: string;
  json: string;
  /** Empty for v2 (lossless). */
  dropped: string[];
}

/** `profiles.compare`: two profiles side by side. */
export interface ProfileComparison {
  a: ProfileSummary;
  b: ProfileSummary;
  models: { both: string[]; onlyA: string[]; onlyB: string[] };
  k: { a: number; b: number };
  /** Same embedder spec and the same centroids: per-cluster differences are meaningful. */
  sameClusters: boolean;
  /** Per model in both: overall error (n-weighted over clusters when counts exist, else the mean) and B - A. */
  errorRates: Array<{ modelId: string; a: number | null; b: number | null; diff: number | null; perClusterDiff: number[] | null }>;
  /** Per model and device measured in both: B - A of latency and energy. */
  costs: Array<{ modelId: string; device: string; latencyMs: { a: number | null; b: number | null }; energyJ: { a: number | null; b: number | null } }>;
  sizeMb: Array<{ modelId: string; a: number; b: number }>;
}

/** A model whose runner can answer the `embed` request (device embedder for builds). */
export interface EmbedModel {
  id: string;
  dim: number | null;
  /** A simulated definition (virtual phones) ships with the lab. */
  simulated: boolean;
}

/** `profiles.progress`: a build moved on. */
export interface ProfileBuildProgress {
  buildId: string;
  phase: 'loading-runs' | 'embedding' | 'choosing-k' | 'clustering' | 'describing' | 'storing' | 'done' | 'failed' | 'cancelled';
  message: string;
  /** Prompts embedded so far (device embedder) or K values fitted (the K search), else null. */
  done: number | null;
  total: number | null;
  /** Set when done. */
  profileId?: string;
  at: number;
}

const costKind = z.enum(['size', 'latency', 'energy']);

export const buildProfileSchema = z
  .object({
    /**
     * One run or several (one device class, or pooled): prompt x model correctness and per-device costs. A campaign
     * id stands for all its runs.
     */
    runIds: z.array(runOrCampaignIdSchema).min(1, 'Pick at least one run').max(200),
    /** `auto`: K in kMin..kMax by validation log-loss; a number: fixed K. */
    k: z.union([z.literal('auto'), z.number().int().min(1).max(64)]).default('auto'),
    kMin: z.number().int().min(1).max(64).optional(),
    kMax: z.number().int().min(1).max(64).optional(),
    /** `lexical` (default, no weights, reproducible on a phone) or `device` (the runner's embed on a phone). */
    embedder: z.enum(['lexical', 'device']).default('lexical'),
    /** Device embedder: the phone to embed on (required with `device`). */
    deviceSerial: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:\-[\]]+$/).optional(),
    /** Device embedder: the embedding-capable model (default qwen-600m). */
    embedModel: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(64).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** The profile's default cost metric (latency/energy need `costDevice`, default the runs' first device). */
    costMetric: costKind.optional(),
    costDevice: z.string().min(1).max(200).optional(),
    /** Correlates `profiles.progress` events with this request (default: a new UUID, returned). */
    buildId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  })
  .strict()
  .refine((r) => r.embedder !== 'device' || r.deviceSerial !== undefined, { message: 'The device embedder needs deviceSerial', path: ['deviceSerial'] })
  .refine((r) => r.kMin === undefined || r.kMax === undefined || r.kMin <= r.kMax, { message: 'kMin must not exceed kMax', path: ['kMin'] });

/** A router profile document (v2 or seed v1 JSON text), for a profile that is not stored in the lab. */
const profileJsonSchema = z.string().min(1, 'The file is empty').max(MAX_PROFILE_JSON_CHARS, 'The file is above the 50 MB profile limit');

const oneProfile = (r: { profileId?: string | undefined; profileJson?: string | undefined }) => (r.profileId === undefined) !== (r.profileJson === undefined);

export const routeProfileSchema = z
  .object({
    /** A stored router profile, or `profileJson`: a document not stored in the lab (a file). */
    profileId: profileIdSchema.optional(),
    profileJson: profileJsonSchema.optional(),
    /** The prompt; not needed when its `embedding` is given. */
    prompt: z.string().min(1, 'Enter a prompt').max(100_000).optional(),
    /** 0 = small/fast .. 1 = quality; default the profile's. */
    preference: z.number().min(0).max(1).optional(),
    /** Default the profile's metric; latency/energy use `costDevice` or the profile's device. */
    costMetric: costKind.optional(),
    costDevice: z.string().min(1).max(200).optional(),
    /** Only these models may be picked. */
    available: z.array(z.string().min(1).max(200)).max(1000).optional(),
    /** Every listed capability must be present (e.g. `vision`). */
    requiredCapabilities: z.array(z.string().min(1).max(100)).max(50).optional(),
    /** Profiles with a `cactus/<model>` embedder: the phone that embeds the prompt. */
    deviceSerial: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:\-[\]]+$/).optional(),
    /** The prompt's embedding, for profiles whose embedder the lab cannot run (checked against the dimension). */
    embedding: z.array(z.number().finite()).min(1).max(65_536).optional(),
  })
  .strict()
  .refine(oneProfile, { message: 'Give profileId or profileJson (one of them)', path: ['profileId'] })
  .refine((r) => r.prompt !== undefined || r.embedding !== undefined, { message: 'Enter a prompt (or give its embedding)', path: ['prompt'] });

export const profilesMethods = {
  /** Every stored profile, newest first. */
  list: method<ProfileSummary[]>()(z.object({}).strict()),
  /** One profile in full: clusters, heatmap (model x cluster with counts and intervals), costs per device. */
  get: method<ProfileDetail>()(z.object({ profileId: profileIdSchema }).strict()),
  /**
   * Builds a profile from stored runs and stores it; answers when done with the new profile. Emits
   * `profiles.progress` with the request's `buildId` meanwhile. Virtual-phone runs give a profile flagged simulated.
   */
  build: method<{ buildId: string; profileId: string; profile: ProfileSummary }>()(buildProfileSchema),
  /** Routes a prompt with a router profile (stored, or a document): cluster, every model's score, and the pick. */
  route: method<RouteDecision>()(routeProfileSchema),
  /**
   * Imports a profile file's text (v2 or seed v1.0, detected). Invalid files are refused with `bad-request` and
   * `issues` naming each wrong field (e.g. `models[3].error_rates[7]`).
   */
  import: method<ProfileSummary>()(
    z
      .object({
        name: z.string().trim().min(1).max(200).optional(),
        json: profileJsonSchema,
      })
      .strict(),
  ),
  /**
   * A stored router profile (or a document given as `profileJson`) as a file: `v2` (lossless) or `seed-v1` (lossy;
   * `dropped` lists what is lost).
   */
  export: method<ProfileExport>()(
    z
      .object({ profileId: profileIdSchema.optional(), profileJson: profileJsonSchema.optional(), format: z.enum(['v2', 'seed-v1']) })
      .strict()
      .refine(oneProfile, { message: 'Give profileId or profileJson (one of them)', path: ['profileId'] }),
  ),
  /** Two stored profiles side by side: model sets, K, error-rate differences per model, costs. */
  compare: method<ProfileComparison>()(z.object({ a: profileIdSchema, b: profileIdSchema }).strict()),
  /** Deletes a stored profile (the shipped default is not re-imported afterwards). */
  delete: method<{ deleted: boolean }>()(z.object({ profileId: profileIdSchema }).strict()),
  /** Models the device embedder can use (their runner answers `embed`), for the build form. */
  embedModels: method<EmbedModel[]>()(z.object({}).strict()),
  /** Stops a build in flight (its `buildId`, as in `profiles.progress`); nothing of it is stored. */
  cancelBuild: method<{ cancelled: boolean }>()(z.object({ buildId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a build id') }).strict()),
} as const;

export interface ProfilesEvents {
  /** A profile build moved on (phase, prompts embedded). */
  'profiles.progress': ProfileBuildProgress;
}

export const profilesEvents: Array<keyof ProfilesEvents> = ['profiles.progress'];
