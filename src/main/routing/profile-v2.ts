/**
 * Profile v2 (`format: "aurora-lab-profile", version: 2`): what the lab exports for routers. Documented field by
 * field in profiles/README.md. Parsing validates shape (zod) and meaning (dimensions, lengths, ranges, model ids,
 * checksum); every problem is reported with its field path.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { EmbedderSpec } from './embedder';
import { invalid, RoutingError, showValue, zodIssues } from './errors';
import type { FieldIssue } from './errors';
import { DEFAULT_MAX_PROFILE_BYTES, documentChecksum, parseJsonDocument } from './json';

export const PROFILE_FORMAT = 'aurora-lab-profile';
export const PROFILE_VERSION = 2;

// ---------- types ----------

/** One measured figure with how it was obtained. */
export interface Measure {
  value: number;
  /** e.g. `median of 20 runs, wall clock`, `ODPM rail delta`, `battery coulomb counter`. */
  method: string;
  samples: number;
}

export interface DeviceCosts {
  latency_ms?: Measure | null;
  energy_j?: Measure | null;
  decode_tok_s?: Measure | null;
  peak_ram_mb?: Measure | null;
}

export type CostMetric = { kind: 'size' } | { kind: 'latency'; device: string } | { kind: 'energy'; device: string };

export interface ProfileModel {
  id: string;
  size_mb: number;
  capabilities: string[];
  path?: string;
  context_size?: number;
  /** The per-cluster error estimate routing uses (smoothed for measured profiles; as given for imports). */
  error_rates: number[];
  /** Wrong answers per cluster (null when the profile came without counts). */
  errors: number[] | null;
  /** Measured prompts per cluster. */
  n: number[] | null;
  /** errors / n per cluster; null where n = 0. */
  raw_error_rates: (number | null)[] | null;
  /** 95% interval of the error rate per cluster (Wilson score on errors/n). */
  ci95: [number, number][] | null;
  /** Error rate over all measured training prompts (the prior's centre). */
  overall_error_rate: number | null;
  /** Measured costs per device id. */
  costs: Record<string, DeviceCosts>;
  /** Decode speed as published (seed imports only); measured speeds live in `costs`. */
  avg_tokens_per_sec?: number;
}

export interface RoutingSettings {
  lambda_min: number;
  lambda_max: number;
  default_preference: number;
  cost_metric: CostMetric;
}

export interface ClusterInfo {
  size: number;
  top_subjects: { subject: string; count: number }[];
  /** Training prompts nearest the centroid. */
  examples: { id: string; text: string }[];
  top_terms: string[];
}

export interface KSelectionEntry {
  k: number;
  k_found: number;
  /** null when there was no validation prompt (fixed K, validation fraction 0). */
  log_loss: number | null;
  silhouette: number | null;
}

export interface KSelection {
  mode: 'fixed' | 'validation-log-loss';
  k_min: number;
  k_max: number;
  entries: KSelectionEntry[];
}

export interface ProfileV2 {
  format: typeof PROFILE_FORMAT;
  version: typeof PROFILE_VERSION;
  created_at: string;
  embedder: EmbedderSpec;
  clusters: {
    k: number;
    /** k x embedder.dim; a prompt goes to the centroid with the largest dot product with its embedding. */
    centroids: number[][];
    algorithm: string;
    silhouette: number | null;
    info: ClusterInfo[] | null;
  };
  models: ProfileModel[];
  routing: RoutingSettings;
  estimation: {
    /** Beta prior centred on the model's overall error rate p0 with `prior_strength` pseudo-prompts. */
    prior: 'beta-model-mean';
    prior_strength: number;
    interval: 'wilson-95';
  } | null;
  evaluation: {
    split: { seed: number; validation_fraction: number; train_ids: string[]; validation_ids: string[] };
    k_selection: KSelection;
    /** Mean over models of the held-out log-loss of the final profile (null without validation prompts). */
    validation_log_loss: number | null;
  } | null;
  /** Most frequent word feature per (bucket, sign), to name centroid directions (lexical embedder only). */
  term_dictionary: { bucket: number; sign: 1 | -1; term: string; df: number }[] | null;
  provenance: {
    source: 'measured' | 'seed-v1-import';
    run_ids: string[];
    devices: string[];
    prompt_set_fingerprint: string | null;
    n_prompts: number | null;
    seed: number | null;
    /** Every build option, resolved (defaults filled in). */
    options: Record<string, unknown>;
    /** Seed v1 metadata kept for a faithful re-export. */
    seed_v1?: Record<string, unknown>;
    /** True when any measurement came from a virtual phone (simulated engine): not a real device's figures. */
    simulated?: boolean;
    /** Free-form notes on where the measurements come from. */
    notes?: string;
  };
  /** `sha256:<hex>` over the canonical JSON of everything else. */
  checksum: string;
}

// ---------- schema ----------

const finite = z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v), {
  error: (iss) => `expected a finite number, got ${showValue(iss.input)}`,
});
const nonNeg = z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, {
  error: (iss) => `expected a finite number >= 0, got ${showValue(iss.input)}`,
});
const rate = z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1, {
  error: (iss) => `expected a number in [0,1], got ${showValue(iss.input)}`,
});
const count = z.custom<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, {
  error: (iss) => `expected an integer >= 0, got ${showValue(iss.input)}`,
});
const posInt = z.custom<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, {
  error: (iss) => `expected an integer >= 1, got ${showValue(iss.input)}`,
});
const nonEmpty = z.string().min(1);

export const measureSchema = z.strictObject({ value: finite, method: z.string(), samples: count });
const deviceCostsSchema = z.strictObject({
  latency_ms: measureSchema.nullable().optional(),
  energy_j: measureSchema.nullable().optional(),
  decode_tok_s: measureSchema.nullable().optional(),
  peak_ram_mb: measureSchema.nullable().optional(),
});
export const costMetricSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('size') }),
  z.strictObject({ kind: z.literal('latency'), device: nonEmpty }),
  z.strictObject({ kind: z.literal('energy'), device: nonEmpty }),
]);

const lexicalSpecSchema = z.strictObject({
  type: z.literal('lexical-hash-v1'),
  dim: posInt,
  normalization: z.literal('nfkc-lower-letters-digits-v1'),
  hash: z.literal('fnv1a32-utf8'),
  word_ngrams: z.tuple([count, count]),
  char_ngrams: z.tuple([count, count]),
  tf: z.literal('sublinear'),
  idf: z.array(finite),
  n_docs: count,
  norm: z.literal('l2'),
});
const externalSpecSchema = z.strictObject({
  type: z.literal('external'),
  model: nonEmpty,
  dim: posInt,
  norm: z.literal('l2'),
  notes: z.string().optional(),
});
export const embedderSpecSchema = z.discriminatedUnion('type', [lexicalSpecSchema, externalSpecSchema]);

const modelSchema = z.strictObject({
  id: nonEmpty,
  size_mb: nonNeg,
  capabilities: z.array(z.string()),
  path: z.string().optional(),
  context_size: posInt.optional(),
  error_rates: z.array(rate),
  errors: z.array(count).nullable(),
  n: z.array(count).nullable(),
  raw_error_rates: z.array(rate.nullable()).nullable(),
  ci95: z.array(z.tuple([rate, rate])).nullable(),
  overall_error_rate: rate.nullable(),
  costs: z.record(z.string(), deviceCostsSchema),
  avg_tokens_per_sec: nonNeg.optional(),
});

const profileSchema = z.strictObject({
  format: z.literal(PROFILE_FORMAT),
  version: z.literal(PROFILE_VERSION),
  created_at: z.string(),
  embedder: embedderSpecSchema,
  clusters: z.strictObject({
    k: posInt,
    centroids: z.array(z.array(finite)),
    algorithm: z.string(),
    silhouette: finite.nullable(),
    info: z
      .array(
        z.strictObject({
          size: count,
          top_subjects: z.array(z.strictObject({ subject: z.string(), count: count })),
          examples: z.array(z.strictObject({ id: z.string(), text: z.string() })),
          top_terms: z.array(z.string()),
        }),
      )
      .nullable(),
  }),
  models: z.array(modelSchema).min(1),
  routing: z.strictObject({
    lambda_min: finite,
    lambda_max: finite,
    default_preference: rate,
    cost_metric: costMetricSchema,
  }),
  estimation: z
    .strictObject({ prior: z.literal('beta-model-mean'), prior_strength: nonNeg, interval: z.literal('wilson-95') })
    .nullable(),
  evaluation: z
    .strictObject({
      split: z.strictObject({
        seed: finite,
        validation_fraction: rate,
        train_ids: z.array(z.string()),
        validation_ids: z.array(z.string()),
      }),
      k_selection: z.strictObject({
        mode: z.enum(['fixed', 'validation-log-loss']),
        k_min: posInt,
        k_max: posInt,
        entries: z.array(
          z.strictObject({ k: posInt, k_found: posInt, log_loss: finite.nullable(), silhouette: finite.nullable() }),
        ),
      }),
      validation_log_loss: finite.nullable(),
    })
    .nullable(),
  term_dictionary: z
    .array(z.strictObject({ bucket: count, sign: z.union([z.literal(1), z.literal(-1)]), term: z.string(), df: count }))
    .nullable(),
  provenance: z.strictObject({
    source: z.enum(['measured', 'seed-v1-import']),
    run_ids: z.array(z.string()),
    devices: z.array(z.string()),
    prompt_set_fingerprint: z.string().nullable(),
    n_prompts: count.nullable(),
    seed: finite.nullable(),
    options: z.record(z.string(), z.unknown()),
    seed_v1: z.record(z.string(), z.unknown()).optional(),
    simulated: z.boolean().optional(),
    notes: z.string().optional(),
  }),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 lowercase hex digits'),
});

// Compile-time check that the schema and the hand-written type agree.
type SchemaOut = z.infer<typeof profileSchema>;
const _typeCheck: (p: SchemaOut) => ProfileV2 = (p) => p;
void _typeCheck;

export { zodIssues } from './errors';

/** Cross-field checks on a shape-valid profile. */
function semanticIssues(p: ProfileV2, checkChecksum: boolean): FieldIssue[] {
  const out: FieldIssue[] = [];
  const dim = p.embedder.dim;
  const k = p.clusters.k;
  if (p.embedder.type === 'lexical-hash-v1' && p.embedder.idf.length !== dim) {
    out.push({ path: 'embedder.idf', message: `expected ${dim} values (embedder.dim), got ${p.embedder.idf.length}` });
  }
  if (p.clusters.centroids.length !== k) {
    out.push({ path: 'clusters.centroids', message: `expected ${k} centroids (clusters.k), got ${p.clusters.centroids.length}` });
  }
  p.clusters.centroids.forEach((c, i) => {
    if (c.length !== dim) out.push({ path: `clusters.centroids[${i}]`, message: `expected ${dim} values (embedder.dim), got ${c.length}` });
  });
  if (p.clusters.info && p.clusters.info.length !== k) {
    out.push({ path: 'clusters.info', message: `expected ${k} entries (clusters.k), got ${p.clusters.info.length}` });
  }
  const seen = new Map<string, number>();
  p.models.forEach((m, i) => {
    const at = `models[${i}]`;
    const first = seen.get(m.id);
    if (first !== undefined) out.push({ path: `${at}.id`, message: `duplicate model id ${JSON.stringify(m.id)} (also models[${first}])` });
    else seen.set(m.id, i);
    const lens: [string, { length: number } | null][] = [
      ['error_rates', m.error_rates],
      ['errors', m.errors],
      ['n', m.n],
      ['raw_error_rates', m.raw_error_rates],
      ['ci95', m.ci95],
    ];
    for (const [name, arr] of lens) {
      if (arr && arr.length !== k) out.push({ path: `${at}.${name}`, message: `expected ${k} values (clusters.k), got ${arr.length}` });
    }
    if (m.errors && m.n) {
      m.errors.forEach((e, c) => {
        const n = m.n?.[c];
        if (n !== undefined && e > n) out.push({ path: `${at}.errors[${c}]`, message: `${e} errors exceed n = ${n}` });
      });
    }
    m.ci95?.forEach(([lo, hi], c) => {
      if (lo > hi) out.push({ path: `${at}.ci95[${c}]`, message: `lower bound ${lo} above upper bound ${hi}` });
    });
  });
  const metric = p.routing.cost_metric;
  if (metric.kind !== 'size') {
    const field = metric.kind === 'latency' ? 'latency_ms' : 'energy_j';
    p.models.forEach((m, i) => {
      const v = m.costs[metric.device]?.[field];
      if (!v) {
        out.push({
          path: `models[${i}].costs[${JSON.stringify(metric.device)}].${field}`,
          message: `missing, but routing.cost_metric is ${metric.kind} on ${JSON.stringify(metric.device)}`,
        });
      }
    });
  }
  if (p.routing.lambda_min > p.routing.lambda_max) {
    out.push({ path: 'routing.lambda_min', message: `${p.routing.lambda_min} is above routing.lambda_max ${p.routing.lambda_max}` });
  }
  if (checkChecksum && out.length === 0) {
    const want = documentChecksum(p as unknown as Record<string, unknown>);
    if (want !== p.checksum) {
      out.push({ path: 'checksum', message: `expected ${want} from the content, the file says ${p.checksum} (edited after export?)` });
    }
  }
  return out;
}

export interface ValidateOptions {
  /** Verify the checksum (default true). */
  checksum?: boolean;
}

/** Validates an already-parsed value as Profile v2; throws RoutingError('profile-invalid' | 'profile-checksum'). */
export function validateProfileV2(value: unknown, options: ValidateOptions = {}): ProfileV2 {
  const r = profileSchema.safeParse(value, { reportInput: true });
  if (!r.success) throw invalid('profile-invalid', 'invalid profile', zodIssues(r.error));
  const profile = r.data as ProfileV2;
  const issues = semanticIssues(profile, options.checksum ?? true);
  if (issues.length > 0) {
    const onlyChecksum = issues.every((i) => i.path === 'checksum');
    throw invalid(onlyChecksum ? 'profile-checksum' : 'profile-invalid', 'invalid profile', issues);
  }
  return profile;
}

export interface ParseOptions extends ValidateOptions {
  maxBytes?: number;
}

/** Parses and validates Profile v2 JSON text. */
export function parseProfileV2(input: string | Uint8Array, options: ParseOptions = {}): ProfileV2 {
  return validateProfileV2(parseJsonDocument(input, 'profile', options.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES), options);
}

/** Reads a profile file (v2 or seed v1, detected), refusing files above the size limit before reading them. */
export function readProfileFile(file: string, options: ParseOptions = {}): Buffer {
  const max = options.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES;
  const size = statSync(file).size;
  if (size > max) throw new RoutingError('profile-too-large', `${file} is ${size} bytes, above the ${max}-byte limit`);
  return readFileSync(file);
}

/** Sets `checksum` from the content (returns a new object). */
export function withChecksum(p: Omit<ProfileV2, 'checksum'> & { checksum?: string }): ProfileV2 {
  const { checksum: _old, ...rest } = p;
  return { ...rest, checksum: documentChecksum(rest) } as ProfileV2;
}

/**
 * Serialises a profile. Numbers are written as ECMAScript shortest round-trip decimals (JSON.stringify), so
 * parse(serialize(p)) equals p bit for bit (profiles never hold -0, NaN or Infinity).
 */
export function serializeProfileV2(p: ProfileV2): string {
  return `${JSON.stringify(p)}\n`;
}
