/**
 * The automatic-K profile build on all 14,042 MMLU test questions x 12 models: `buildProfile` with K searched
 * over 2..20 by validation log-loss (features and IDF, the search, the final fit, cluster descriptions, silhouette,
 * validation), timed per phase, wall and CPU. Baseline in the same run: the same build with the search budget and
 * final fit used before (2 restarts x 50 centroid updates per K; the final fit from 4 fresh restarts), so the
 * chosen K and the validation log-loss of both are printed side by side. Correctness is SIMULATED (12 models, an
 * accuracy per subject, seeded): the figures time this code, they say nothing about a model. The build is timed
 * as the lab's compute worker runs it (the K search split with a second worker thread where the machine has a
 * second core, compute/k-search-helper.ts) and, beside it, on one thread. Then as the built app runs it: the
 * bundled compute worker (dist/cli/compute-worker.js, built first when stale) sent the build job, its start-up
 * and the matrix's crossing included, two threads against AURORA_K_SEARCH_THREADS=1, alternating, 3 times each.
 * Target (issue 14): the build under 5 s. BENCH_SILHOUETTE=1 adds the silhouette auto-K (`kmeansAutoK`, bench-only) beside it.
 * Run: npx tsx bench/profiles/build-auto-k.ts
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kSearchHelperFor } from '../../src/main/compute/k-search-helper';
import { buildProfile } from '../../src/main/routing/build-profile';
import type { BuildOptions, BuildPhase, TrainingMatrix } from '../../src/main/routing/build-profile';
import { embedAll, fitLexicalEmbedder } from '../../src/main/routing/embedder';
import { toSparseRows } from '../../src/main/routing/kmeans';
import { kmeansAutoK } from '../routing/_kmeans-auto';
import { mulberry32 } from '../../src/shared/kit/prng';
import { median } from '../../src/shared/kit/stats';
import { loadMmluTest } from '../routing/mmlu-csv';

const qs = loadMmluTest();
const rng = mulberry32(9);
const subjects = [...new Set(qs.map((q) => q.subject))];
const acc = new Map(subjects.map((s) => [s, Array.from({ length: 12 }, (_, m) => 0.3 + 0.05 * m + 0.3 * (rng.next() - 0.5))]));
const models = Array.from({ length: 12 }, (_, m) => ({ id: `model-${m}`, size_mb: 150 + 110 * m, capabilities: ['text'] }));
let matrix: TrainingMatrix = {
  prompts: qs.map((q) => ({ id: q.id, text: q.question, subject: q.subject })),
  models,
  correctness: qs.map((q) => acc.get(q.subject)!.map((a) => (rng.next() < a ? 1 : 0))),
  costs: [],
  provenance: { run_ids: [], devices: [], simulated: true },
};

const r2 = (v: number) => +v.toFixed(2);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timedBuild(extra: Partial<BuildOptions>) {
  const load = loadavg()[0]!;
  const phases: { phase: BuildPhase | 'start'; at: number; cpu: number }[] = [{ phase: 'start', at: performance.now(), cpu: cpuSeconds() }];
  const { profile, kSelection } = await buildProfile(matrix, {
    k: { min: 2, max: 20 },
    seed: 42,
    now: new Date(0),
    ...kSearchHelperFor(matrix.prompts.length),
    ...extra,
    // Phase changes only (the K search also reports after each K).
    onProgress: (phase, _message, done) => {
      if (done === undefined) phases.push({ phase, at: performance.now(), cpu: cpuSeconds() });
    },
  });
  const end = { at: performance.now(), cpu: cpuSeconds() };
  const seconds = (end.at - phases[0]!.at) / 1000;
  return {
    seconds: r2(seconds),
    cpu_seconds: r2(end.cpu - phases[0]!.cpu),
    loadavg_1m_at_start: +load.toFixed(2),
    chosen_k: kSelection.entries.length ? profile.clusters.k : null,
    validation_log_loss: profile.evaluation?.validation_log_loss === null ? null : +profile.evaluation!.validation_log_loss.toFixed(5),
    options: { search_n_init: profile.provenance.options.search_n_init, search_max_iter: profile.provenance.options.search_max_iter, final_start: profile.provenance.options.final_start },
    per_phase: phases.map((p, i) => ({
      phase: i === 0 ? 'validate+split' : p.phase,
      seconds: r2(((phases[i + 1]?.at ?? end.at) - p.at) / 1000),
      cpu_seconds: r2((phases[i + 1]?.cpu ?? end.cpu) - p.cpu),
    })),
    search: kSelection.entries.map((e) => ({ k: e.k, log_loss: e.log_loss === null ? null : +e.log_loss.toFixed(5) })),
  };
}

// Warm-up on a tenth of the prompts, so neither timed build pays for the JIT (the first one would).
const full = matrix;
matrix = { ...full, prompts: full.prompts.slice(0, 1400), correctness: full.correctness.slice(0, 1400) };
await timedBuild({ k: { min: 2, max: 4 } });
matrix = full;
const now = await timedBuild({});
const oneThread = await timedBuild({ kSearchHelper: undefined });
const before = await timedBuild({ searchNInit: 2, searchMaxIter: 50, finalStart: 'restarts', nInit: 4, kSearchHelper: undefined });

/** The build job on the bundled compute worker, as the app and the built CLI run it: wall seconds. */
async function bundledBuild(env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const w = new Worker(new URL('../../dist/cli/compute-worker.js', import.meta.url), { env });
  try {
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: { type: string; error?: unknown }) => (m.type === 'done' ? resolve() : m.type === 'error' ? reject(new Error(JSON.stringify(m.error))) : undefined));
      w.on('error', reject);
      w.postMessage({ kind: 'build-profile', input: { matrix, k: { min: 2, max: 20 }, seed: 42, costMetric: { kind: 'size' } } });
    });
  } finally {
    await w.terminate();
  }
  return r2((performance.now() - t0) / 1000);
}
execFileSync(process.execPath, [new URL('../../scripts/build-cli.mjs', import.meta.url).pathname, '--if-stale'], { stdio: 'ignore' });
const bundled = { two_threads_s: [] as number[], one_thread_s: [] as number[], loadavg_1m_at_start: +loadavg()[0]!.toFixed(2) };
for (let i = 0; i < 3; i++) {
  bundled.two_threads_s.push(await bundledBuild({ ...process.env, AURORA_K_SEARCH_THREADS: '' }));
  bundled.one_thread_s.push(await bundledBuild({ ...process.env, AURORA_K_SEARCH_THREADS: '1' }));
}

let silhouetteAutoK: unknown = 'skipped (BENCH_SILHOUETTE=1 to run)';
if (process.env.BENCH_SILHOUETTE === '1') {
  const texts = qs.map((q) => q.question);
  const { embedder } = fitLexicalEmbedder(texts);
  const x = toSparseRows(await embedAll(embedder, texts), texts.length, embedder.dim);
  const t1 = performance.now();
  const auto = kmeansAutoK(x, { kMin: 2, kMax: 20, seed: 42 });
  silhouetteAutoK = { seconds: r2((performance.now() - t1) / 1000), chosen_k: auto.result.k, search: auto.search.map((e) => ({ k: e.k, silhouette: e.silhouette === null ? null : +e.silhouette.toFixed(4) })) };
}

console.log(
  JSON.stringify(
    {
      prompts: qs.length,
      models: models.length,
      simulated_correctness: true,
      cpus: availableParallelism(),
      loadavg_1m_at_end: +loadavg()[0]!.toFixed(2),
      target_seconds: 5,
      within_target: now.seconds < 5,
      ratio_to_baseline: { wall: r2(now.seconds / before.seconds), cpu: r2(now.cpu_seconds / before.cpu_seconds) },
      k_search_threads: 'kSearchHelper' in kSearchHelperFor(matrix.prompts.length) ? 2 : 1,
      build_profile_auto_k: now,
      same_build_one_thread: oneThread,
      bundled_compute_worker: { ...bundled, median_two_threads_s: median(bundled.two_threads_s), median_one_thread_s: median(bundled.one_thread_s), within_target: (median(bundled.two_threads_s) ?? Infinity) < 5 },
      two_threads_vs_one: { wall: r2(now.seconds / oneThread.seconds), same_profile: now.chosen_k === oneThread.chosen_k && now.validation_log_loss === oneThread.validation_log_loss },
      baseline_previous_search_and_final_fit: before,
      kmeans_auto_k_silhouette: silhouetteAutoK,
    },
    null,
    2,
  ),
);
