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
  /** Called after each K of the search is fitted and scored (in two threads, not in K order). */
  onK?: (done: number, total: number, k: number) => void;
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

/** What the search of one K reads: plain data (typed arrays and numbers), so a second thread can be sent it. */
export interface KSearchInput {
  /** The rows each K is fitted on (the training rows, or their seeded subsample). */
  fitRows: SparseRows;
  train: SparseRows;
  val: SparseRows;
  correctness: Correctness;
  split: Split;
  seed: number;
  prior: number;
  nInit: number;
  maxIter: number;
  /** The minimum cluster size scaled to fitRows. */
  minClusterSize: number;
  silhouetteSample: number;
}

/** One K of the search: its entry and its fit. */
export interface SearchedK {
  entry: ChooseKEntry;
  fit: KMeansResult;
}

/**
 * Runs the search's K on a second thread (compute/k-search-helper.ts): `search` answers for the Ks it is given,
 * each exactly as `searchK` would here, calling `onK(k)` after each. `close` ends the thread.
 */
export interface KSearchHelper {
  search(input: KSearchInput, ks: number[], onK: (k: number) => void): Promise<SearchedK[]>;
  close(): void;
}

/** The search's input and its Ks (ascending). */
function prepareSearch(x: SparseRows, correctness: Correctness, split: Split, options: ChooseKOptions): { input: KSearchInput; ks: number[]; kMin: number; kMax: number; fixed: boolean } {
  const seed = options.seed ?? 42;
  const fixed = options.k !== undefined;
  const kMin = fixed ? options.k! : Math.max(1, options.kMin ?? 2);
  const kMax = fixed ? options.k! : Math.max(kMin, options.kMax ?? 20);
  if (!fixed && split.validation.length === 0) throw new Error('choosing K needs validation prompts (validationFraction > 0)');
  const train = selectRows(x, split.train);
  const val = selectRows(x, split.validation);
  const sampleN = Math.min(train.n, options.searchSample ?? 4000);
  const fitRows = sampleN < train.n ? selectRows(train, Uint32Array.from(permutation(train.n, mulberry32(deriveSeed(seed, 0x5a))).subarray(0, sampleN)).sort()) : train;
  const ks: number[] = [];
  for (let k = kMin; k <= Math.min(kMax, train.n); k++) ks.push(k);
  const input: KSearchInput = {
    fitRows,
    train,
    val,
    correctness,
    split,
    seed,
    prior: options.priorStrength ?? DEFAULT_PRIOR_STRENGTH,
    nInit: options.nInit ?? SEARCH_DEFAULTS.nInit,
    maxIter: options.searchMaxIter ?? SEARCH_DEFAULTS.maxIter,
    minClusterSize: Math.max(1, Math.round(((options.minClusterSize ?? 1) * fitRows.n) / train.n)),
    silhouetteSample: options.silhouetteSample ?? 2000,
  };
  return { input, ks, kMin, kMax, fixed };
}

/** One K: k-means on the fit rows, error tables on all training rows, log-loss on the validation rows. */
export function searchK(s: KSearchInput, k: number): SearchedK {
  const fit = kmeans(s.fitRows, k, { seed: deriveSeed(s.seed, k), nInit: s.nInit, maxIter: s.maxIter, minClusterSize: s.minClusterSize });
  const trainLabels = s.fitRows.n === s.train.n ? fit.labels : assignRows(s.train, fit.centroids, fit.k);
  const table = estimateErrors(s.correctness, s.split.train, trainLabels, fit.k, s.prior);
  const valLabels = assignRows(s.val, fit.centroids, fit.k);
  const logLoss = s.val.n > 0 ? validationLogLoss(s.correctness, s.split.validation, valLabels, table) : NaN;
  const entry: ChooseKEntry = {
    k,
    kFound: fit.k,
    logLoss,
    silhouette: silhouette(s.train, trainLabels, fit.k, { sampleSize: s.silhouetteSample, seed: s.seed }),
    inertia: fit.inertia,
  };
  return { entry, fit };
}

/** The lowest log-loss, in K order; ties (within 1e-12) go to the smaller K. */
function report(results: SearchedK[], r: { kMin: number; kMax: number; fixed: boolean; trainN: number }): ChooseKReport {
  let best: SearchedK | null = null;
  for (const x of results) if (!best || (Number.isFinite(x.entry.logLoss) && !(x.entry.logLoss >= best.entry.logLoss - 1e-12))) best = x;
  if (!best) throw new Error(`no K in ${r.kMin}..${r.kMax} could be fitted on ${r.trainN} training prompts`);
  return { mode: r.fixed ? 'fixed' : 'validation-log-loss', kMin: r.kMin, kMax: r.kMax, chosenK: best.entry.k, entries: results.map((x) => x.entry), fit: best.fit };
}

/**
 * `x` holds the vectors of ALL prompts; `split` says which rows train and which validate (validation may be
 * empty only with a fixed K).
 */
export function chooseK(x: SparseRows, correctness: Correctness, split: Split, options: ChooseKOptions = {}): ChooseKReport {
  const p = prepareSearch(x, correctness, split, options);
  const results = p.ks.map((k, i) => {
    const r = searchK(p.input, k);
    options.onK?.(i + 1, p.ks.length, k);
    return r;
  });
  return report(results, { ...p, trainN: p.input.train.n });
}

/**
 * The Ks split between two threads by their expected cost (a K's fit grows with K; its tables, log-loss and
 * silhouette cost about as much as a fit of K = 5): the heaviest first, each to the lighter side.
 */
export function splitKs(ks: readonly number[]): { here: number[]; there: number[] } {
  const here: number[] = [];
  const there: number[] = [];
  let a = 0;
  let b = 0;
  for (const k of [...ks].sort((x, y) => y - x)) {
    if (a <= b) {
      here.push(k);
      a += k + 5;
    } else {
      there.push(k);
      b += k + 5;
    }
  }
  return { here: here.sort((x, y) => x - y), there: there.sort((x, y) => x - y) };
}

const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

/**
 * chooseK with about half of the Ks on a second thread: the same entries and the same chosen K, bit for bit (each
 * K's fit depends only on its own seed). This thread yields between its Ks so the helper's progress gets through.
 */
export async function chooseKTwoThreads(x: SparseRows, correctness: Correctness, split: Split, options: ChooseKOptions, helper: KSearchHelper): Promise<ChooseKReport> {
  const p = prepareSearch(x, correctness, split, options);
  const { here, there } = splitKs(p.ks);
  let done = 0;
  const onK = (k: number) => options.onK?.(++done, p.ks.length, k);
  const remote = helper.search(p.input, there, onK);
  // A rejection before this thread's Ks are done is still awaited below, not left unhandled.
  remote.catch(() => undefined);
  const local: SearchedK[] = [];
  for (const k of here) {
    await yieldTurn();
    local.push(searchK(p.input, k));
    onK(k);
  }
  const theirs = await remote;
  if (theirs.length !== there.length || theirs.some((r, i) => r.entry.k !== there[i])) throw new Error(`the K search's second thread answered for K = ${theirs.map((r) => r.entry.k).join(', ')}, not ${there.join(', ')}`);
  const results = [...local, ...theirs].sort((a, b) => a.entry.k - b.entry.k);
  return report(results, { ...p, trainN: p.input.train.n });
}
