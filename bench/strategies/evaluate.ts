/**
 * Evaluates every strategy over a synthetic, seeded 14,042-prompt x 12-model matrix (the size of MMLU test x the
 * seed's models) with a 101-point router sweep whose callback is a cheap table lookup. Target: < 2 s.
 * All cells are flagged simulated: the figures measure this code's speed, not any model or phone.
 * `npx tsx bench/strategies/evaluate.ts` prints JSON.
 */
import { createMatrix } from '../../src/main/strategies/matrix';
import { evaluateAll } from '../../src/main/strategies/evals/evaluation';
import { mulberry32 } from '../../src/shared/kit/prng';
import { alwaysLargest, alwaysSmallest, defaultPreferences, fromPicks, measuredOracle, pairOracle, randomStrategy, routerSweep } from '../../src/main/strategies/strategies';
import { crossFit } from '../../src/main/strategies/cross-fit';

const MODELS = [
  ['gemma-270m', 172], ['lfm2-350m', 233], ['smollm-360m', 227], ['qwen-600m', 394], ['lfm2-vl-450m', 420], ['lfm2-700m', 467],
  ['gemma-1b', 642], ['lfm2-1.2b', 722], ['lfm2-1.2b-tools', 722], ['qwen-1.7b', 1161], ['smollm-1.7b', 1161], ['lfm2-vl-1.6b', 1440],
].map(([id, size]) => ({ id: id as string, size_mb: size as number }));
const N = 14_042;
const K = 5;
const SUBJECTS = 57;

const t0 = performance.now();
const rand = mulberry32(2025).next;
const prompts = Array.from({ length: N }, (_, i) => ({ id: `mmlu-${i}`, text: `synthetic ${i}`, subject: `subject-${i % SUBJECTS}`, cluster: i % K }));
const m = createMatrix({ device: 'synthetic', prompts, models: MODELS });
for (let p = 0; p < N; p++) {
  const difficulty = rand() - 0.5;
  for (let j = 0; j < MODELS.length; j++) {
    const size = MODELS[j]!.size_mb;
    const acc = Math.min(0.95, 0.4 + (size / 1500) * 0.55) - difficulty * 0.4;
    const i = p * MODELS.length + j;
    m.correct[i] = rand() < acc ? 1 : 0;
    const latency = size * (2 + rand()) + 50;
    m.latencyMs[i] = latency;
    m.energyJ[i] = (latency / 1000) * (2 + rand());
    m.simulated[i] = 1;
  }
}
const tBuild = performance.now() - t0;

const t1 = performance.now();
// Cheap cluster router: per-cluster error table (from the matrix: in-sample, fine for a speed benchmark), then the
// seed's rule precomputed into a [cluster x preference] lookup table.
const err = Array.from({ length: K }, () => new Float64Array(MODELS.length));
const cnt = new Float64Array(K);
for (let p = 0; p < N; p++) {
  const c = p % K;
  cnt[c]!++;
  for (let j = 0; j < MODELS.length; j++) err[c]![j]! += 1 - m.correct[p * MODELS.length + j]!;
}
const prefs = defaultPreferences(101);
const minS = Math.min(...MODELS.map((x) => x.size_mb));
const maxS = Math.max(...MODELS.map((x) => x.size_mb));
const table = new Int32Array(K * prefs.length);
for (let c = 0; c < K; c++) {
  prefs.forEach((pref, k) => {
    const lambda = 2 - pref * 2;
    let best = 0;
    let bestScore = Infinity;
    MODELS.forEach((x, j) => {
      const s = err[c]![j]! / cnt[c]! + lambda * ((x.size_mb - minS) / (maxS - minS));
      if (s < bestScore) {
        bestScore = s;
        best = j;
      }
    });
    table[c * prefs.length + k] = best;
  });
}
const clusterOf = Int32Array.from(prompts, (p) => p.cluster);
const sweep = routerSweep(N, (p, pref) => table[clusterOf[p]! * 101 + Math.round(pref * 100)]!, prefs, 'cluster-router', MODELS.length);
const oof = crossFit(N, 5, (_train, test) => Array.from(test, (p) => table[clusterOf[p]! * 101 + 50]!), { seed: 1, strata: prompts.map((p) => p.subject) });
const llmLike = randomStrategy(m, 99);
const strategies = [
  alwaysLargest(m),
  alwaysSmallest(m),
  randomStrategy(m, 42),
  measuredOracle(m, 'size'),
  measuredOracle(m, 'latency'),
  measuredOracle(m, 'energy'),
  pairOracle(m, 0, 11),
  fromPicks('cluster-router@0.50 (out-of-fold)', oof.picks, { kind: 'router' }),
  { ...fromPicks('claude (stand-in)', llmLike.picks, { kind: 'llm-router' }) },
];
const tStrategies = performance.now() - t1;

const t2 = performance.now();
const result = evaluateAll(m, strategies, { references: ['claude (stand-in)'], sweeps: [sweep] });
const tEval = performance.now() - t2;

const total = tStrategies + tEval;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'strategies/evaluate',
      prompts: N,
      models: MODELS.length,
      sweepPoints: prefs.length,
      strategies: strategies.length,
      ms: { buildSyntheticMatrix: round(tBuild), strategiesAndSweep: round(tStrategies), evaluateAll: round(tEval), total: round(total) },
      targetMs: 2000,
      withinTarget: total < 2000,
      simulated: true,
      sample: {
        oracleSizeAccuracy: result.rows.find((r) => r.name === 'oracle(size)')?.accuracy,
        largestAccuracy: result.rows.find((r) => r.name === 'always-largest')?.accuracy,
        sizeCurveAiq: result.curves.find((c) => c.cost === 'size')?.aiq,
        apgr: result.pairs[0]?.apgr,
      },
    },
    null,
    2,
  )}\n`,
);

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
