/**
 * Choosing K by what matters for routing: how well per-cluster error rates fitted on training prompts predict
 * held-out correctness. For each K: spherical k-means on the training rows, Beta-smoothed error table on the
 * training rows, held-out prompts assigned to their nearest centroid, validation log-loss (mean over models).
 * The lowest log-loss wins; ties (within 1e-12) go to the smaller K. On large sets each K is fitted on a seeded
 * subsample of the training rows (`searchSample`), and all training rows are then assigned for the tables. The silhouette is reported beside it.
 * K = 1 (one cluster: each model's overall error, UniRoute's "zero router") may be included as a baseline.
 */
import { estimateErrors, validationLogLoss, DEFAULT_PRIOR_STRENGTH } from './estimate';
import type { Correctness } from './estimate';
import { assignRows, kmeans, selectRows } from './kmeans';
import { silhouette } from './silhouette';
import type { KMeansResult, SparseRows } from './kmeans';
import { deriveSeed, mulberry32, permutation } from './prng';

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
}

/**
 * Seeded split: a mulberry32(deriveSeed(seed, 0x5911)) permutation of 0..n-1; the first round(n * fraction)
 * are validation (at least 1 when fraction > 0 and n >= 2), the rest train; both sorted ascending.
 */
export function splitRows(n: number, fraction: number, seed: number): Split {
  const perm = permutation(n, mulberry32(deriveSeed(seed, 0x5911)));
  let nVal = Math.round(n * fraction);
  if (fraction > 0 && n >= 2) nVal = Math.min(n - 1, Math.max(1, nVal));
  if (fraction <= 0) nVal = 0;
  const validation = Uint32Array.from(perm.subarray(0, nVal)).sort();
  const train = Uint32Array.from(perm.subarray(nVal)).sort();
  return { train, validation };
}

/**
 * The search's budget per K: one k-means++ start and at most 10 centroid updates on the subsample. Measured on the
 * 14,042 MMLU prompts (seeds 42, 1, 2): the same chosen K as 2 restarts x 50 updates, at ~1/3 of the time, with
 * search log-losses within ~0.0003 of it; Lloyd's later updates move a few rows and barely change the error
 * tables. The chosen K's fit is then refined on all training rows (build-profile.ts), which is where a full
 * convergence pays.
 */
export const SEARCH_DEFAULTS = { nInit: 1, maxIter: 10 } as const;

export interface ChooseKOptions {
  /** A fixed K skips the search (its log-loss is still reported). */
  k?: number;
  kMin?: number;
  kMax?: number;
  seed?: number;
  priorStrength?: number;
  /** Restarts per K (default 1; see SEARCH_DEFAULTS). */
  nInit?: number;
  /** Centroid updates per search fit at most (default 10; see SEARCH_DEFAULTS). */
  searchMaxIter?: number;
  minClusterSize?: number;
  silhouetteSample?: number;
  /**
   * Fit each K's clusters on a seeded subsample of at most this many training rows (default 4000), then assign
   * every training row to the nearest centroid for the error tables. Keeps the search fast on large prompt sets.
   */
  searchSample?: number;
  /** Called after each K of the search is fitted and scored. */
  onK?: (done: number, total: number) => void;
}

export interface ChooseKEntry {
  k: number;
  kFound: number;
  logLoss: number;
  silhouette: number | null;
  inertia: number;
}

export interface ChooseKReport {
  mode: 'fixed' | 'validation-log-loss';
  kMin: number;
  kMax: number;
  chosenK: number;
  entries: ChooseKEntry[];
  /** The search fit of the chosen K (on the training rows, or their subsample). */
  fit: KMeansResult;
}

/**
 * `x` holds the vectors of ALL prompts; `split` says which rows train and which validate (validation may be
 * empty only with a fixed K).
 */
export function chooseK(x: SparseRows, correctness: Correctness, split: Split, options: ChooseKOptions = {}): ChooseKReport {
  const seed = options.seed ?? 42;
  const prior = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const fixed = options.k !== undefined;
  const kMin = fixed ? options.k! : Math.max(1, options.kMin ?? 2);
  const kMax = fixed ? options.k! : Math.max(kMin, options.kMax ?? 20);
  if (!fixed && split.validation.length === 0) throw new Error('choosing K needs validation prompts (validationFraction > 0)');
  const train = selectRows(x, split.train);
  const val = selectRows(x, split.validation);
  const sampleN = Math.min(train.n, options.searchSample ?? 4000);
  const fitRows = sampleN < train.n ? selectRows(train, Uint32Array.from(permutation(train.n, mulberry32(deriveSeed(seed, 0x5a))).subarray(0, sampleN)).sort()) : train;
  const entries: ChooseKEntry[] = [];
  let best: { entry: ChooseKEntry; fit: KMeansResult } | null = null;
  for (let k = kMin; k <= Math.min(kMax, train.n); k++) {
    const fit = kmeans(fitRows, k, {
      seed: deriveSeed(seed, k),
      nInit: options.nInit ?? SEARCH_DEFAULTS.nInit,
      maxIter: options.searchMaxIter ?? SEARCH_DEFAULTS.maxIter,
      minClusterSize: Math.max(1, Math.round(((options.minClusterSize ?? 1) * fitRows.n) / train.n)),
    });
    const trainLabels = fitRows === train ? fit.labels : assignRows(train, fit.centroids, fit.k);
    const table = estimateErrors(correctness, split.train, trainLabels, fit.k, prior);
    const valLabels = assignRows(val, fit.centroids, fit.k);
    const logLoss = val.n > 0 ? validationLogLoss(correctness, split.validation, valLabels, table) : NaN;
    const entry: ChooseKEntry = {
      k,
      kFound: fit.k,
      logLoss,
      silhouette: silhouette(train, trainLabels, fit.k, { sampleSize: options.silhouetteSample ?? 2000, seed }),
      inertia: fit.inertia,
    };
    entries.push(entry);
    options.onK?.(entries.length, Math.min(kMax, train.n) - kMin + 1);
    if (!best || (Number.isFinite(logLoss) && !(logLoss >= best.entry.logLoss - 1e-12))) best = { entry, fit };
  }
  if (!best) throw new Error(`no K in ${kMin}..${kMax} could be fitted on ${train.n} training prompts`);
  return { mode: fixed ? 'fixed' : 'validation-log-loss', kMin, kMax, chosenK: best.entry.k, entries, fit: best.fit };
}
