/**
 * Builds a Profile v2 from measured results: prompts x models correctness plus per-device costs.
 *
 * Steps (all seeded, deterministic): validate the matrix; split prompts into train/validation (choose-k.ts
 * `splitRows`); fit the lexical embedder's IDF on the TRAINING prompts (or use the embedder given); embed all
 * prompts; choose K by validation log-loss (or take the fixed K); the final clusters and error tables are the
 * chosen K's fit on the training prompts (so the profile's validation log-loss is honest); per cluster and model:
 * errors, n, raw rate, Beta-smoothed estimate, Wilson 95% interval; costs per model and device as measured.
 */
import { z } from 'zod';
import { embedAll } from './embedder';
import type { Embedder, LexicalFitOptions, TermEntry } from './embedder';
import { invalid } from './errors';
import type { FieldIssue } from './errors';
import { chooseK, chooseKTwoThreads, SEARCH_DEFAULTS, splitRows } from './choose-k';
import type { ChooseKOptions, KSearchHelper } from './choose-k';
import { DEFAULT_PRIOR_STRENGTH, estimateErrors, validationLogLoss } from './estimate';
import type { Correctness } from './estimate';
import { describeClusters } from './inspect';
import { assignRows, kmeans, selectRows, toSparseRows } from './kmeans';
import type { SparseRows } from './kmeans';
import { LexicalFeatures } from './lexical-features';
import { silhouette } from './silhouette';
import { sha256Hex } from './json';
import { costMetricSchema, measureSchema, withChecksum, validateProfileV2, zodIssues, PROFILE_FORMAT, PROFILE_VERSION } from './profile-v2';
import type { CostMetric, KSelection, Measure, ProfileV2 } from './profile-v2';
import { num, profileModels } from './profile-models';

export interface MeasuredPrompt {
  id: string;
  text: string;
  subject?: string;
}

export interface MeasuredModel {
  id: string;
  size_mb: number;
  capabilities: string[];
  path?: string;
  context_size?: number;
}

export interface MeasuredCost {
  model_id: string;
  device_id: string;
  latency_ms?: Measure | null;
  energy_j?: Measure | null;
  decode_tok_s?: Measure | null;
  peak_ram_mb?: Measure | null;
}

/**
 * What a router profile is trained on: prompts x models correctness with per-device costs and provenance (a JSON
 * document, validated). The comparison's typed-array matrix of measured cells is strategies' MeasuredMatrix.
 */
export interface TrainingMatrix {
  prompts: MeasuredPrompt[];
  models: MeasuredModel[];
  /** correctness[prompt][model]: 1 correct, 0 wrong, null not measured. */
  correctness: (0 | 1 | null)[][];
  costs: MeasuredCost[];
  provenance: {
    run_ids: string[];
    devices: string[];
    /** Computed from the prompts when absent: sha256 over `id \t text \n` of every prompt in order. */
    prompt_set_fingerprint?: string;
    notes?: string;
    /** Any measurement from a virtual phone: the profile is flagged `provenance.simulated`. */
    simulated?: boolean;
  };
}

const matrixSchema = z.strictObject({
  prompts: z.array(z.strictObject({ id: z.string().min(1), text: z.string(), subject: z.string().optional() })).min(1),
  models: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        size_mb: z.number().nonnegative(),
        capabilities: z.array(z.string()),
        path: z.string().optional(),
        context_size: z.number().int().positive().optional(),
      }),
    )
    .min(1),
  correctness: z.array(z.array(z.union([z.literal(0), z.literal(1), z.null()]))),
  costs: z.array(
    z.strictObject({
      model_id: z.string(),
      device_id: z.string().min(1),
      latency_ms: measureSchema.nullable().optional(),
      energy_j: measureSchema.nullable().optional(),
      decode_tok_s: measureSchema.nullable().optional(),
      peak_ram_mb: measureSchema.nullable().optional(),
    }),
  ),
  provenance: z.strictObject({
    run_ids: z.array(z.string()),
    devices: z.array(z.string()),
    prompt_set_fingerprint: z.string().optional(),
    notes: z.string().optional(),
    simulated: z.boolean().optional(),
  }),
});

export function validateMatrix(value: unknown): TrainingMatrix {
  const r = matrixSchema.safeParse(value, { reportInput: true });
  if (!r.success) throw invalid('matrix-invalid', 'invalid measured matrix', zodIssues(r.error));
  const mx = r.data as TrainingMatrix;
  const issues: FieldIssue[] = [];
  const dup = <T>(arr: T[], key: (t: T) => string, name: string): Set<string> => {
    const seen = new Map<string, number>();
    arr.forEach((t, i) => {
      const k = key(t);
      const first = seen.get(k);
      if (first !== undefined) issues.push({ path: `${name}[${i}].id`, message: `duplicate id ${JSON.stringify(k)} (also ${name}[${first}])` });
      else seen.set(k, i);
    });
    return new Set(seen.keys());
  };
  dup(mx.prompts, (p) => p.id, 'prompts');
  const modelIds = dup(mx.models, (m) => m.id, 'models');
  if (mx.correctness.length !== mx.prompts.length) {
    issues.push({ path: 'correctness', message: `expected ${mx.prompts.length} rows (one per prompt), got ${mx.correctness.length}` });
  }
  mx.correctness.forEach((row, i) => {
    if (row.length !== mx.models.length) issues.push({ path: `correctness[${i}]`, message: `expected ${mx.models.length} values (one per model), got ${row.length}` });
  });
  const costKeys = new Map<string, number>();
  mx.costs.forEach((c, i) => {
    if (!modelIds.has(c.model_id)) issues.push({ path: `costs[${i}].model_id`, message: `unknown model ${JSON.stringify(c.model_id)}` });
    const key = `${c.model_id}\u0000${c.device_id}`;
    const first = costKeys.get(key);
    if (first !== undefined) issues.push({ path: `costs[${i}]`, message: `second entry for model ${JSON.stringify(c.model_id)} on ${JSON.stringify(c.device_id)} (also costs[${first}])` });
    else costKeys.set(key, i);
  });
  if (issues.length > 0) throw invalid('matrix-invalid', 'invalid measured matrix', issues);
  return mx;
}

export interface BuildOptions {
  /** Fixed K, or a range searched by validation log-loss (default {min: 2, max: 20}). */
  k?: number | { min: number; max: number };
  seed?: number;
  /** Share of prompts held out (default 0.2). */
  validationFraction?: number;
  priorStrength?: number;
  /** k-means restarts for the final fit when it does not start from the search's (default 4). */
  nInit?: number;
  /** The K search's restarts and centroid updates per K (choose-k.ts SEARCH_DEFAULTS: 1 and 10). */
  searchNInit?: number;
  searchMaxIter?: number;
  /**
   * Where the final fit on all training prompts starts after a K search: `search` (default) from the chosen K's
   * search centroids (one Lloyd run, to convergence), `restarts` from `nInit` fresh k-means++ starts. On the MMLU
   * prompts (3 seeds) `search` gave the same K, validation log-loss no worse and inertia within 0.15 % of the best
   * of 4 restarts, at ~1/6 of the time. A fixed K always uses restarts.
   */
  finalStart?: 'search' | 'restarts';
  /** Clusters with fewer training prompts are dissolved (default 5). */
  minClusterSize?: number;
  /** An embedder to use instead of fitting the lexical one (e.g. a phone-side model). */
  embedder?: Embedder;
  lexical?: LexicalFitOptions;
  costMetric?: CostMetric;
  lambdaMin?: number;
  lambdaMax?: number;
  defaultPreference?: number;
  /**
   * Cluster descriptions and the silhouette (default true). Out-of-fold fits, whose profiles only route their
   * held-out prompts, skip them (`clusters.info` and `clusters.silhouette` are null).
   */
  describe?: boolean;
  /** Timestamp for `created_at` (default now). */
  now?: Date;
  /**
   * Starts a second thread for the K search (compute/k-search-helper.ts): started with the build, so it is up when
   * the search begins, and closed when the build ends. About half of the Ks are fitted there, with the same results.
   */
  kSearchHelper?: () => KSearchHelper;
  /**
   * Called as the build moves from phase to phase (the event loop gets a turn before each), and during the K search
   * after each K with done/total.
   */
  onProgress?: (phase: BuildPhase, message: string, done?: number, total?: number) => void;
}

export type BuildPhase = 'embedding' | 'choosing-k' | 'clustering' | 'describing';

const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

export interface BuildResult {
  profile: ProfileV2;
  /** Log-loss and silhouette per K tried. */
  kSelection: KSelection;
}

export function promptSetFingerprint(prompts: readonly MeasuredPrompt[]): string {
  return `sha256:${sha256Hex(prompts.map((p) => `${p.id}\t${p.text}\n`).join(''))}`;
}

function toCorrectness(mx: TrainingMatrix): Correctness {
  const n = mx.prompts.length;
  const m = mx.models.length;
  const values = new Int8Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    const y = mx.correctness[i]![j];
    values[i * m + j] = y === null || y === undefined ? -1 : y;
  }
  return { nPrompts: n, nModels: m, values };
}

export async function buildProfile(input: TrainingMatrix | unknown, options: BuildOptions = {}): Promise<BuildResult> {
  const mx = validateMatrix(input);
  const helper = typeof options.k !== 'number' && options.kSearchHelper ? options.kSearchHelper() : null;
  try {
    return await build(mx, options, helper);
  } finally {
    helper?.close();
  }
}

async function build(mx: TrainingMatrix, options: BuildOptions, helper: KSearchHelper | null): Promise<BuildResult> {
  const seed = options.seed ?? 42;
  const fixedK = typeof options.k === 'number' ? options.k : undefined;
  const range = typeof options.k === 'object' ? options.k : { min: 2, max: 20 };
  const validationFraction = options.validationFraction ?? 0.2;
  const priorStrength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const nInit = options.nInit ?? 4;
  const searchNInit = options.searchNInit ?? SEARCH_DEFAULTS.nInit;
  const searchMaxIter = options.searchMaxIter ?? SEARCH_DEFAULTS.maxIter;
  const minClusterSize = options.minClusterSize ?? 5;
  const lambdaMin = options.lambdaMin ?? 0;
  const lambdaMax = options.lambdaMax ?? 2;
  const defaultPreference = options.defaultPreference ?? 0.5;
  const costMetric = costMetricSchema.parse(options.costMetric ?? { kind: 'size' }) as CostMetric;

  const split = splitRows(mx.prompts.length, validationFraction, seed);
  const texts = mx.prompts.map((p) => p.text);
  const progress = async (phase: BuildPhase, message: string) => {
    if (!options.onProgress) return;
    options.onProgress(phase, message);
    await yieldTurn();
  };
  let embedder: Embedder;
  let terms: TermEntry[] | null = null;
  let x: SparseRows;
  if (options.embedder) {
    embedder = options.embedder;
    await progress('embedding', `Embedding ${texts.length} prompts (${embedder.spec.type === 'external' ? embedder.spec.model : embedder.spec.type})`);
    x = embedder.embedRows ? embedder.embedRows(texts) : toSparseRows(await embedAll(embedder, texts), texts.length, embedder.dim);
  } else {
    // Each prompt featurized once: the IDF (and term dictionary) from the training prompts, vectors for all.
    await progress('embedding', `Embedding ${texts.length} prompts (lexical-hash-v1)`);
    const features = new LexicalFeatures(texts, { ...options.lexical, terms: true });
    const fitted = features.fit(split.train);
    embedder = fitted.embedder;
    terms = fitted.terms;
    x = features.rows(Uint32Array.from(texts, (_, i) => i), fitted.embedder.spec.idf);
  }
  const correctness = toCorrectness(mx);
  await progress('choosing-k', fixedK !== undefined ? `Clustering with K = ${fixedK}` : `Choosing K in ${range.min}..${range.max} by validation log-loss`);

  // A fixed K needs no search: its one entry is the final fit's own log-loss and silhouette (below).
  const searchOptions: ChooseKOptions = {
    kMin: range.min,
    kMax: range.max,
    seed,
    priorStrength,
    nInit: searchNInit,
    searchMaxIter,
    minClusterSize,
    ...(options.onProgress ? { onK: (done: number, total: number, k: number) => options.onProgress!('choosing-k', `K = ${k} fitted`, done, total) } : {}),
  };
  const report = fixedK !== undefined ? null : helper ? await chooseKTwoThreads(x, correctness, split, searchOptions, helper) : chooseK(x, correctness, split, searchOptions);
  const chosenK = report?.chosenK ?? fixedK!;
  // Final fit on the training prompts: Lloyd to convergence from the chosen K's search fit, or fresh restarts.
  const fromSearch = report !== null && (options.finalStart ?? 'search') === 'search';
  await progress('clustering', `Final fit with K = ${chosenK} (${fromSearch ? 'from the search fit' : `${nInit} restarts`})`);
  const trainRows = selectRows(x, split.train);
  const fit = fromSearch
    ? kmeans(trainRows, report.fit.k, { seed, initCentroids: report.fit.centroids, minClusterSize })
    : kmeans(trainRows, chosenK, { seed, nInit, minClusterSize });
  const k = fit.k;
  const table = estimateErrors(correctness, split.train, fit.labels, k, priorStrength);
  const valRows = selectRows(x, split.validation);
  const valLoss = valRows.n > 0 ? validationLogLoss(correctness, split.validation, assignRows(valRows, fit.centroids, k), table) : NaN;

  const models = profileModels(mx, table, k);
  await progress('describing', 'Describing the clusters');
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(fit.centroids.subarray(c * embedder.dim, (c + 1) * embedder.dim), num));
  const describe = options.describe ?? true;
  const info = describe
    ? describeClusters({ prompts: mx.prompts, rows: split.train, labels: fit.labels, vectors: trainRows, centroids: fit.centroids, k, terms })
    : null;
  const sil = describe ? silhouette(trainRows, fit.labels, k, { seed }) : null;
  const kSelection: KSelection = report
    ? {
        mode: report.mode,
        k_min: report.kMin,
        k_max: report.kMax,
        entries: report.entries.map((e) => ({ k: e.k, k_found: e.kFound, log_loss: Number.isFinite(e.logLoss) ? e.logLoss : null, silhouette: e.silhouette })),
      }
    : { mode: 'fixed', k_min: chosenK, k_max: chosenK, entries: [{ k: chosenK, k_found: k, log_loss: Number.isFinite(valLoss) ? valLoss : null, silhouette: sil }] };
  const resolvedOptions = {
    k: fixedK ?? range,
    seed,
    validation_fraction: validationFraction,
    prior_strength: priorStrength,
    n_init: nInit,
    search_n_init: searchNInit,
    search_max_iter: searchMaxIter,
    final_start: fromSearch ? 'search' : 'restarts',
    min_cluster_size: minClusterSize,
    embedder: options.embedder
      ? embedder.spec.type === 'external'
        ? { type: 'external', model: embedder.spec.model }
        : { type: embedder.spec.type, given: true }
      : { type: 'lexical-hash-v1', ...options.lexical },
    cost_metric: costMetric,
    lambda_min: lambdaMin,
    lambda_max: lambdaMax,
    default_preference: defaultPreference,
    fit_on: 'train',
  };
  const profile = withChecksum({
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    created_at: (options.now ?? new Date()).toISOString(),
    embedder: embedder.spec,
    clusters: { k, centroids, algorithm: 'spherical-kmeans', silhouette: sil, info },
    models,
    routing: { lambda_min: lambdaMin, lambda_max: lambdaMax, default_preference: defaultPreference, cost_metric: costMetric },
    estimation: { prior: 'beta-model-mean', prior_strength: priorStrength, interval: 'wilson-95' },
    evaluation: {
      split: {
        seed,
        validation_fraction: validationFraction,
        train_ids: Array.from(split.train, (i) => mx.prompts[i]!.id),
        validation_ids: Array.from(split.validation, (i) => mx.prompts[i]!.id),
      },
      k_selection: kSelection,
      validation_log_loss: Number.isFinite(valLoss) ? valLoss : null,
    },
    term_dictionary: terms,
    provenance: {
      source: 'measured',
      run_ids: [...mx.provenance.run_ids],
      devices: [...mx.provenance.devices],
      prompt_set_fingerprint: mx.provenance.prompt_set_fingerprint ?? promptSetFingerprint(mx.prompts),
      n_prompts: mx.prompts.length,
      seed,
      options: resolvedOptions,
      ...(mx.provenance.simulated !== undefined ? { simulated: mx.provenance.simulated } : {}),
      ...(mx.provenance.notes !== undefined ? { notes: mx.provenance.notes } : {}),
    },
  });
  return { profile: validateProfileV2(profile), kSelection };
}
