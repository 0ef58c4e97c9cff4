/**
 * Routing strategies as plain pick vectors: for each prompt index, the index of the model that answers it, or
 * -1 (null) when the strategy could not route that prompt. Scoring lives in metrics.ts; nothing here estimates
 * quality or cost.
 */
import type { MeasuredMatrix } from './matrix';
import { largestModel, smallestModel } from './matrix';
import { mulberry32 } from '../../shared/kit/prng';

/** Value stored in `picks` for "no model for this prompt". */
export const NO_PICK = -1;

export type StrategyKind = 'baseline' | 'random' | 'oracle' | 'router' | 'llm-router' | 'picks';

export interface Strategy {
  name: string;
  kind: StrategyKind;
  /** Model index per prompt; NO_PICK (-1) = unavailable for that prompt. */
  picks: Int32Array;
  /** Set when the whole strategy could not run (e.g. invalid API key): every pick is NO_PICK. */
  unavailable?: { reason: string };
  /** Free-form facts to carry into reports (seed, cost metric, out-of-fold flags, template version...). */
  meta?: Record<string, unknown>;
}

export type CostMetric = 'size' | 'latency' | 'energy';

function constant(name: string, kind: StrategyKind, nPrompts: number, model: number, meta?: Record<string, unknown>): Strategy {
  return { name, kind, picks: new Int32Array(nPrompts).fill(model), meta };
}

/** Every prompt to the largest model by size (ties: first in model order). */
export function alwaysLargest(matrix: MeasuredMatrix): Strategy {
  const m = largestModel(matrix);
  return constant('always-largest', 'baseline', matrix.nPrompts, m, { model: matrix.models[m]?.id });
}

/** Every prompt to the smallest model by size (ties: first in model order). */
export function alwaysSmallest(matrix: MeasuredMatrix): Strategy {
  const m = smallestModel(matrix);
  return constant('always-smallest', 'baseline', matrix.nPrompts, m, { model: matrix.models[m]?.id });
}

/** Every prompt to one named model. */
export function alwaysModel(matrix: MeasuredMatrix, model: number): Strategy {
  const id = matrix.models[model]?.id;
  if (id === undefined) throw new RangeError(`No model at index ${model}`);
  return constant(`always-${id}`, 'baseline', matrix.nPrompts, model, { model: id });
}

/** Uniformly random model per prompt, from mulberry32(seed) (the kit's PRNG): same seed, same picks. */
export function randomStrategy(matrix: MeasuredMatrix, seed = 42): Strategy {
  const rng = mulberry32(seed);
  const picks = new Int32Array(matrix.nPrompts);
  for (let p = 0; p < picks.length; p++) picks[p] = rng.int(matrix.nModels);
  return { name: `random(seed=${seed})`, kind: 'random', picks, meta: { seed, prng: 'mulberry32' } };
}

/**
 * Measured oracle: per prompt, among the models whose measured answer was correct, the one with the lowest cost
 * (size: the model's size; latency / energy: THAT prompt's measured latency / energy on that model; a correct
 * cell without the cost measurement is skipped). Ties: smaller size, then model order. When no model answered
 * correctly, the prompt is charged to the SMALLEST model (by size), never to nothing: charging zero would
 * flatter the oracle. `meta.unsolved` counts those prompts.
 */
export function measuredOracle(matrix: MeasuredMatrix, cost: CostMetric = 'size'): Strategy {
  const { nPrompts, nModels, correct } = matrix;
  const sizes = Float64Array.from(matrix.models, (m) => m.size_mb);
  const costs = cost === 'latency' ? matrix.latencyMs : cost === 'energy' ? matrix.energyJ : null;
  const fallback = smallestModel(matrix);
  const picks = new Int32Array(nPrompts);
  let unsolved = 0;
  for (let p = 0; p < nPrompts; p++) {
    const row = p * nModels;
    let best = -1;
    let bestCost = Infinity;
    let bestSize = Infinity;
    for (let m = 0; m < nModels; m++) {
      if (correct[row + m] !== 1) continue;
      const size = sizes[m] as number;
      const c = costs ? (costs[row + m] as number) : size;
      if (Number.isNaN(c)) continue;
      if (c < bestCost || (c === bestCost && size < bestSize)) {
        best = m;
        bestCost = c;
        bestSize = size;
      }
    }
    if (best < 0) {
      best = fallback;
      unsolved++;
    }
    picks[p] = best;
  }
  return { name: `oracle(${cost})`, kind: 'oracle', picks, meta: { cost, unsolved, unsolvedChargedTo: matrix.models[fallback]?.id } };
}

/**
 * Two-model oracle (RouteLLM): the weak model unless it was wrong and the strong one right. Its strong-call
 * share is the reference point "oracle reaches X% of the strong model's quality with Y% strong calls".
 */
export function pairOracle(matrix: MeasuredMatrix, weak: number, strong: number): Strategy {
  const picks = new Int32Array(matrix.nPrompts);
  for (let p = 0; p < picks.length; p++) {
    const w = matrix.correct[p * matrix.nModels + weak];
    const s = matrix.correct[p * matrix.nModels + strong];
    picks[p] = w !== 1 && s === 1 ? strong : weak;
  }
  return { name: `pair-oracle(${matrix.models[weak]?.id},${matrix.models[strong]?.id})`, kind: 'oracle', picks, meta: { weak, strong } };
}

/** Any externally computed picks (cluster router, LLM routers): null / undefined / -1 mean "unavailable". */
export function fromPicks(name: string, picks: ArrayLike<number | null | undefined>, opts: { kind?: StrategyKind; nModels?: number; meta?: Record<string, unknown>; unavailable?: { reason: string } } = {}): Strategy {
  const out = new Int32Array(picks.length);
  for (let p = 0; p < picks.length; p++) {
    const v = picks[p];
    if (v === null || v === undefined || v < 0) {
      out[p] = NO_PICK;
      continue;
    }
    if (!Number.isInteger(v) || (opts.nModels !== undefined && v >= opts.nModels)) throw new RangeError(`${name}: pick ${v} for prompt ${p} is not a model index`);
    out[p] = v;
  }
  return { name, kind: opts.kind ?? 'picks', picks: out, meta: opts.meta, unavailable: opts.unavailable };
}

/** A strategy that could not run at all: every prompt unavailable, with the reason. */
export function unavailableStrategy(name: string, nPrompts: number, reason: string, kind: StrategyKind = 'picks', meta?: Record<string, unknown>): Strategy {
  return { name, kind, picks: new Int32Array(nPrompts).fill(NO_PICK), unavailable: { reason }, meta };
}

/** `picks[p]` as `number | null`. */
export function pickAt(strategy: Strategy, prompt: number): number | null {
  const v = strategy.picks[prompt];
  return v === undefined || v < 0 ? null : v;
}

export type RouteFn = (promptIndex: number, preference: number) => number | null;

/** `n` evenly spaced preferences from 0 to 1 inclusive (default 101: 0, 0.01, ..., 1). */
export function defaultPreferences(n = 101): Float64Array {
  if (n < 2) return Float64Array.of(0.5);
  return Float64Array.from({ length: n }, (_, i) => i / (n - 1));
}

export interface RouterSweep {
  name: string;
  preferences: Float64Array;
  /** One strategy per preference, same order. */
  strategies: Strategy[];
}

/**
 * Runs a router over every prompt at every preference (0 = smallest/fastest, 1 = quality, as in the seed).
 * The router itself is a callback (the cluster router lives in src/main/routing); it may return null.
 */
export function routerSweep(nPrompts: number, routeFn: RouteFn, preferences: ArrayLike<number> = defaultPreferences(), name = 'router', nModels?: number): RouterSweep {
  const prefs = Float64Array.from(preferences);
  const strategies = Array.from(prefs, (pref) => {
    const picks = new Int32Array(nPrompts);
    for (let p = 0; p < nPrompts; p++) {
      const m = routeFn(p, pref);
      if (m === null || m < 0) picks[p] = NO_PICK;
      else if (!Number.isInteger(m) || (nModels !== undefined && m >= nModels)) throw new RangeError(`${name}: router returned ${m} for prompt ${p} at preference ${pref}`);
      else picks[p] = m;
    }
    return { name: `${name}@${pref.toFixed(2)}`, kind: 'router' as const, picks, meta: { preference: pref } };
  });
  return { name, preferences: prefs, strategies };
}
