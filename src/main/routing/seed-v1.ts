/**
 * The seed router's profile format (`version: "1.0"`), see ../shared/fixtures/seed-profiles/README.md: import
 * into Profile v2 (validated, field paths in errors) and a lossy export back for apps that only read v1.
 */
import { z } from 'zod';
import { median } from '../../shared/kit/stats';
import { invalid } from './errors';
import type { FieldIssue } from './errors';
import { DEFAULT_MAX_PROFILE_BYTES, parseJsonDocument } from './json';
import { validateProfileV2, withChecksum, zodIssues, PROFILE_FORMAT, PROFILE_VERSION } from './profile-v2';
import type { ParseOptions, ProfileModel, ProfileV2 } from './profile-v2';
import { showValue } from './errors';

export interface SeedModelV1 {
  model_id: string;
  model_path: string;
  size_mb: number;
  avg_tokens_per_sec: number;
  capabilities: string[];
  context_size: number;
}

export interface SeedProfileV1 {
  version: '1.0';
  metadata: {
    n_clusters: number;
    feature_dim: number;
    embedding_model: string;
    lambda_min: number;
    lambda_max: number;
    default_cost_preference: number;
    silhouette_score?: number | null;
    clustering_algorithm?: string;
    [key: string]: unknown;
  };
  cluster_centers: { n_clusters: number; feature_dim: number; cluster_centers: number[][]; dtype?: string };
  llm_profiles: Record<string, number[]>;
  models: SeedModelV1[];
}

const finite = z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v), {
  error: (iss) => `expected a finite number, got ${showValue(iss.input)}`,
});
const rate = z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1, {
  error: (iss) => `expected a number in [0,1], got ${showValue(iss.input)}`,
});
const posInt = z.custom<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, {
  error: (iss) => `expected an integer >= 1, got ${showValue(iss.input)}`,
});

const seedSchema = z.looseObject({
  version: z.literal('1.0'),
  metadata: z.looseObject({
    n_clusters: posInt,
    feature_dim: posInt,
    embedding_model: z.string().min(1),
    lambda_min: finite,
    lambda_max: finite,
    default_cost_preference: rate,
    silhouette_score: finite.nullable().optional(),
    clustering_algorithm: z.string().optional(),
  }),
  cluster_centers: z.looseObject({
    n_clusters: posInt,
    feature_dim: posInt,
    cluster_centers: z.array(z.array(finite)),
    dtype: z.string().optional(),
  }),
  llm_profiles: z.record(z.string(), z.array(rate)),
  models: z
    .array(
      z.looseObject({
        model_id: z.string().min(1),
        model_path: z.string(),
        size_mb: z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, {
          error: (iss) => `expected a finite number >= 0, got ${showValue(iss.input)}`,
        }),
        avg_tokens_per_sec: finite,
        capabilities: z.array(z.string()),
        context_size: posInt,
      }),
    )
    .min(1),
});

function seedIssues(s: SeedProfileV1): FieldIssue[] {
  const out: FieldIssue[] = [];
  const k = s.metadata.n_clusters;
  const dim = s.metadata.feature_dim;
  const cc = s.cluster_centers;
  if (cc.n_clusters !== k) out.push({ path: 'cluster_centers.n_clusters', message: `${cc.n_clusters} disagrees with metadata.n_clusters ${k}` });
  if (cc.feature_dim !== dim) out.push({ path: 'cluster_centers.feature_dim', message: `${cc.feature_dim} disagrees with metadata.feature_dim ${dim}` });
  if (cc.cluster_centers.length !== k) {
    out.push({ path: 'cluster_centers.cluster_centers', message: `expected ${k} centroids (metadata.n_clusters), got ${cc.cluster_centers.length}` });
  }
  cc.cluster_centers.forEach((c, i) => {
    if (c.length !== dim) out.push({ path: `cluster_centers.cluster_centers[${i}]`, message: `expected ${dim} values (metadata.feature_dim), got ${c.length}` });
  });
  const ids = new Map<string, number>();
  s.models.forEach((m, i) => {
    const first = ids.get(m.model_id);
    if (first !== undefined) out.push({ path: `models[${i}].model_id`, message: `duplicate model id ${JSON.stringify(m.model_id)} (also models[${first}])` });
    else ids.set(m.model_id, i);
    if (!(m.model_id in s.llm_profiles)) out.push({ path: `llm_profiles[${JSON.stringify(m.model_id)}]`, message: `missing: models[${i}] has no error rates` });
  });
  for (const [id, rates] of Object.entries(s.llm_profiles)) {
    const at = `llm_profiles[${JSON.stringify(id)}]`;
    if (!ids.has(id)) out.push({ path: at, message: `unknown model ${JSON.stringify(id)} (not in models[])` });
    if (rates.length !== k) out.push({ path: at, message: `expected ${k} error rates (metadata.n_clusters), got ${rates.length}` });
  }
  return out;
}

/** Validates a parsed value as a seed v1 profile. */
export function validateSeedV1(value: unknown): SeedProfileV1 {
  const r = seedSchema.safeParse(value, { reportInput: true });
  if (!r.success) throw invalid('profile-invalid', 'invalid seed profile (v1.0)', zodIssues(r.error));
  const s = r.data as SeedProfileV1;
  const issues = seedIssues(s);
  if (issues.length > 0) throw invalid('profile-invalid', 'invalid seed profile (v1.0)', issues);
  return s;
}

export function parseSeedV1(input: string | Uint8Array, options: ParseOptions = {}): SeedProfileV1 {
  return validateSeedV1(parseJsonDocument(input, 'seed profile', options.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES));
}

/**
 * Seed v1 -> Profile v2. Lossless for everything routing uses: centroids as written (not re-normalised, the
 * seed compares by raw dot product), error rates as `error_rates` (no counts: the seed's were simulated), model
 * order, sizes, lambdas, default preference; cost metric `size`. The rest of `metadata` and `models` fields are
 * kept under `provenance.seed_v1` / the model for re-export.
 */
export function importSeedV1(seed: SeedProfileV1, options: { now?: Date } = {}): ProfileV2 {
  const { n_clusters, feature_dim, embedding_model, lambda_min, lambda_max, default_cost_preference, silhouette_score, clustering_algorithm, ...restMeta } =
    seed.metadata;
  const models: ProfileModel[] = seed.models.map((m) => ({
    id: m.model_id,
    size_mb: m.size_mb,
    capabilities: [...m.capabilities],
    path: m.model_path,
    context_size: m.context_size,
    error_rates: [...(seed.llm_profiles[m.model_id] ?? [])],
    errors: null,
    n: null,
    raw_error_rates: null,
    ci95: null,
    overall_error_rate: null,
    costs: {},
    avg_tokens_per_sec: m.avg_tokens_per_sec,
  }));
  const profile = withChecksum({
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    created_at: (options.now ?? new Date()).toISOString(),
    embedder: { type: 'external', model: embedding_model, dim: feature_dim, norm: 'l2' },
    clusters: {
      k: n_clusters,
      centroids: seed.cluster_centers.cluster_centers.map((row) => [...row]),
      algorithm: clustering_algorithm ?? 'unknown (seed v1)',
      silhouette: silhouette_score ?? null,
      info: null,
    },
    models,
    routing: { lambda_min, lambda_max, default_preference: default_cost_preference, cost_metric: { kind: 'size' } },
    estimation: null,
    evaluation: null,
    term_dictionary: null,
    provenance: {
      source: 'seed-v1-import',
      run_ids: [],
      devices: [],
      prompt_set_fingerprint: null,
      n_prompts: typeof restMeta.n_samples === 'number' ? restMeta.n_samples : null,
      seed: null,
      options: {},
      seed_v1: { metadata: restMeta, dtype: seed.cluster_centers.dtype ?? null },
    },
  });
  return validateProfileV2(profile);
}

/** Profile JSON of either format (detected by `format`/`version`) -> Profile v2. */
export function parseAnyProfile(input: string | Uint8Array, options: ParseOptions = {}): ProfileV2 {
  const doc = parseJsonDocument(input, 'profile', options.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES);
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const d = doc as Record<string, unknown>;
    if (d.format === PROFILE_FORMAT) return validateProfileV2(doc, options);
    if (d.version === '1.0') return importSeedV1(validateSeedV1(doc));
  }
  throw invalid('profile-invalid', 'unrecognised profile', [
    { path: 'format', message: `expected "${PROFILE_FORMAT}" (v2) or a seed profile with version "1.0"` },
  ]);
}

/** What a v1 export cannot carry. */
export const SEED_V1_DROPPED = [
  'error counts, n, raw error rates, 95% intervals and the prior (only the routing estimate error_rates is kept)',
  'measured per-device costs (latency, energy, RAM); avg_tokens_per_sec is the median measured decode speed across devices, else the imported value, else 0',
  'the cost metric (v1 routes by size only)',
  'the lexical embedder spec and IDF table (v1 names an embedding model only)',
  'cluster info, term dictionary, train/validation split, K selection, provenance, checksum',
];

/** Profile v2 -> seed v1 (lossy: see SEED_V1_DROPPED). */
export function exportSeedV1(p: ProfileV2): { profile: SeedProfileV1; dropped: string[] } {
  const meta = (p.provenance.seed_v1?.metadata ?? {}) as Record<string, unknown>;
  const dtype = p.provenance.seed_v1?.dtype;
  const embeddingModel = p.embedder.type === 'external' ? p.embedder.model : p.embedder.type;
  const llm: Record<string, number[]> = {};
  for (const m of p.models) llm[m.id] = [...m.error_rates];
  const profile: SeedProfileV1 = {
    version: '1.0',
    metadata: {
      n_clusters: p.clusters.k,
      feature_dim: p.embedder.dim,
      embedding_model: embeddingModel,
      lambda_min: p.routing.lambda_min,
      lambda_max: p.routing.lambda_max,
      default_cost_preference: p.routing.default_preference,
      silhouette_score: p.clusters.silhouette,
      clustering_algorithm: p.clusters.algorithm,
      ...meta,
    },
    cluster_centers: {
      n_clusters: p.clusters.k,
      feature_dim: p.embedder.dim,
      cluster_centers: p.clusters.centroids.map((r) => [...r]),
      dtype: typeof dtype === 'string' ? dtype : 'float64',
    },
    llm_profiles: llm,
    models: p.models.map((m) => ({
      model_id: m.id,
      model_path: m.path ?? m.id,
      size_mb: m.size_mb,
      avg_tokens_per_sec: medianDecode(m) ?? m.avg_tokens_per_sec ?? 0,
      capabilities: [...m.capabilities],
      context_size: m.context_size ?? 2048,
    })),
  };
  const dropped = p.provenance.source === 'seed-v1-import' ? [] : [...SEED_V1_DROPPED];
  return { profile, dropped };
}

function medianDecode(m: ProfileModel): number | null {
  const v = Object.keys(m.costs)
    .sort()
    .map((d) => m.costs[d]?.decode_tok_s?.value)
    .filter((x): x is number => typeof x === 'number');
  return median(v);
}
