/**
 * Out-of-fold evaluation: a router fitted on prompts must not be scored on those same prompts. `crossFit` splits
 * the prompts into k folds (seeded, stratified by subject when subjects are given), fits on k-1 folds and routes
 * the held-out fold, so every prompt is routed by a model fitted without it. The fold of each prompt is recorded.
 * When a caller scores an imported profile instead (its training prompts unknown or overlapping), `inSample`
 * produces the same result shape with `evaluatedOnTraining: true`, which reports must show.
 */
import type { RouteFn, Strategy } from './strategies';
import { NO_PICK } from './strategies';
import { mulberry32, shuffleInPlace } from '../../shared/kit/prng';

export interface FoldSplit {
  k: number;
  seed: number;
  stratified: boolean;
  /** Fold (0..k-1) of each prompt. */
  foldOf: Int32Array;
  /** Prompt indices per fold, ascending. */
  folds: Uint32Array[];
}

/**
 * Seeded k-fold split. With `strata` (e.g. the subject of each prompt), prompts are shuffled within each stratum,
 * the strata are laid end to end (in first-seen order) and dealt round-robin, so each subject is spread evenly over
 * the folds and fold sizes differ by at most one.
 */
export function kFoldSplit(n: number, k: number, opts: { seed?: number; strata?: ArrayLike<string> } = {}): FoldSplit {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k-fold needs k >= 2 (got ${k})`);
  if (n < k) throw new RangeError(`Cannot split ${n} prompts into ${k} folds`);
  const seed = opts.seed ?? 42;
  const rng = mulberry32(seed);
  let order: Uint32Array;
  const strata = opts.strata;
  if (strata && strata.length !== n) throw new RangeError(`strata has ${strata.length} entries for ${n} prompts`);
  if (strata) {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const key = strata[i] as string;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    }
    order = new Uint32Array(n);
    let o = 0;
    for (const g of groups.values()) {
      const arr = Uint32Array.from(g);
      shuffleInPlace(arr, rng);
      order.set(arr, o);
      o += arr.length;
    }
  } else {
    order = shuffleInPlace(Uint32Array.from({ length: n }, (_, i) => i), rng);
  }
  const foldOf = new Int32Array(n);
  const sizes = new Array<number>(k).fill(0);
  for (let j = 0; j < n; j++) {
    const f = j % k;
    foldOf[order[j] as number] = f;
    sizes[f] = (sizes[f] ?? 0) + 1;
  }
  const folds = sizes.map((s) => new Uint32Array(s));
  const fill = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const f = foldOf[i] as number;
    (folds[f] as Uint32Array)[fill[f] ?? 0] = i;
    fill[f] = (fill[f] ?? 0) + 1;
  }
  return { k, seed, stratified: strata !== undefined, foldOf, folds };
}

export interface CrossFitResult {
  /** Model index per prompt (NO_PICK = unavailable). */
  picks: Int32Array;
  /** Fold of each prompt; -1 everywhere when `evaluatedOnTraining`. */
  foldOf: Int32Array;
  k: number;
  seed: number;
  stratified: boolean;
  /** True when prompts were routed by a model that may have been fitted on them (imported profile). */
  evaluatedOnTraining: boolean;
}

export type TrainAndRoute = (trainIdx: Uint32Array, testIdx: Uint32Array, fold: number) => ArrayLike<number | null>;

function trainIndices(split: FoldSplit, fold: number, n: number): Uint32Array {
  const test = split.folds[fold] as Uint32Array;
  const train = new Uint32Array(n - test.length);
  let t = 0;
  for (let i = 0; i < n; i++) if (split.foldOf[i] !== fold) train[t++] = i;
  return train;
}

/**
 * Out-of-fold picks: for each fold, `trainAndRoute(trainIdx, testIdx, fold)` fits on trainIdx only and returns one
 * pick per entry of testIdx (same order). Train and test never overlap, every prompt is routed exactly once.
 */
export function crossFit(n: number, k: number, trainAndRoute: TrainAndRoute, opts: { seed?: number; strata?: ArrayLike<string> } = {}): CrossFitResult {
  const split = kFoldSplit(n, k, opts);
  const picks = new Int32Array(n).fill(NO_PICK);
  const routed = new Uint8Array(n);
  for (let f = 0; f < k; f++) {
    const test = split.folds[f] as Uint32Array;
    const train = trainIndices(split, f, n);
    const out = trainAndRoute(train, test.slice(), f);
    if (out.length !== test.length) throw new Error(`Fold ${f}: trainAndRoute returned ${out.length} picks for ${test.length} test prompts`);
    for (let j = 0; j < test.length; j++) {
      const p = test[j] as number;
      const v = out[j];
      picks[p] = v === null || v === undefined || v < 0 ? NO_PICK : v;
      routed[p] = 1;
    }
  }
  if (routed.includes(0)) throw new Error('crossFit: some prompts were never routed');
  return { picks, foldOf: split.foldOf, k, seed: split.seed, stratified: split.stratified, evaluatedOnTraining: false };
}

export interface CrossFitRouter {
  /** Routes prompt p with the router fitted on the folds that exclude p. */
  route: RouteFn;
  foldOf: Int32Array;
  k: number;
  seed: number;
  stratified: boolean;
  evaluatedOnTraining: boolean;
}

/**
 * Out-of-fold version of a preference-aware router, for sweeps: `fit(trainIdx, fold)` returns a RouteFn fitted on
 * trainIdx; the combined RouteFn sends each prompt to its own fold's router (never one fitted on it).
 */
export function crossFitRouter(n: number, k: number, fit: (trainIdx: Uint32Array, fold: number) => RouteFn, opts: { seed?: number; strata?: ArrayLike<string> } = {}): CrossFitRouter {
  const split = kFoldSplit(n, k, opts);
  const routers: RouteFn[] = [];
  for (let f = 0; f < k; f++) routers.push(fit(trainIndices(split, f, n), f));
  const foldOf = split.foldOf;
  return {
    route: (p, pref) => (routers[foldOf[p] as number] as RouteFn)(p, pref),
    foldOf,
    k,
    seed: split.seed,
    stratified: split.stratified,
    evaluatedOnTraining: false,
  };
}

/** Picks from a router whose training prompts are unknown or included (an imported profile): flagged as such. */
export function inSample(n: number, route: (promptIndex: number) => number | null): CrossFitResult {
  const picks = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const v = route(p);
    picks[p] = v === null || v < 0 ? NO_PICK : v;
  }
  return { picks, foldOf: new Int32Array(n).fill(-1), k: 1, seed: 0, stratified: false, evaluatedOnTraining: true };
}

/** A cross-fitted (or in-sample) result as a Strategy; `meta.evaluatedOnTraining` reaches the report's notes. */
export function fromCrossFit(name: string, result: CrossFitResult, kind: Strategy['kind'] = 'router'): Strategy {
  return {
    name,
    kind,
    picks: result.picks,
    meta: { evaluatedOnTraining: result.evaluatedOnTraining, k: result.k, seed: result.seed, stratified: result.stratified, foldOf: result.foldOf },
  };
}
