/**
 * The automatic-K profile build on all 14,042 MMLU test questions x 12 models: `buildProfile` with K searched
 * over 2..20 by validation log-loss (IDF fit, embedding, the search, the final fit with 4 restarts, cluster
 * descriptions, silhouette, validation), timed per phase; and the silhouette auto-K (`kmeansAutoK`) beside it.
 * Correctness is SIMULATED (12 models, an accuracy per subject, seeded): the figures time this code, they say
 * nothing about a model. Target (issue 14): the build under 5 s. Run: npx tsx bench/profiles/build-auto-k.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { buildProfile } from '../../src/main/routing/build-profile';
import type { BuildPhase, TrainingMatrix } from '../../src/main/routing/build-profile';
import { embedAll, fitLexicalEmbedder } from '../../src/main/routing/embedder';
import { toSparseRows } from '../../src/main/routing/kmeans';
import { kmeansAutoK } from '../routing/_kmeans-auto';
import { mulberry32 } from '../../src/shared/kit/prng';
import { loadMmluTest } from '../routing/mmlu-csv';

const qs = loadMmluTest();
const rng = mulberry32(9);
const subjects = [...new Set(qs.map((q) => q.subject))];
const acc = new Map(subjects.map((s) => [s, Array.from({ length: 12 }, (_, m) => 0.3 + 0.05 * m + 0.3 * (rng.next() - 0.5))]));
const models = Array.from({ length: 12 }, (_, m) => ({ id: `model-${m}`, size_mb: 150 + 110 * m, capabilities: ['text'] }));
const matrix: TrainingMatrix = {
  prompts: qs.map((q) => ({ id: q.id, text: q.question, subject: q.subject })),
  models,
  correctness: qs.map((q) => acc.get(q.subject)!.map((a) => (rng.next() < a ? 1 : 0))),
  costs: [],
  provenance: { run_ids: [], devices: [], simulated: true },
};

const r2 = (v: number) => +v.toFixed(2);
const phases: { phase: BuildPhase | 'start'; at: number }[] = [{ phase: 'start', at: performance.now() }];
const t0 = performance.now();
const { profile, kSelection } = await buildProfile(matrix, {
  k: { min: 2, max: 20 },
  seed: 42,
  now: new Date(0),
  // Phase changes only (the K search also reports after each K).
  onProgress: (phase, _message, done) => {
    if (done === undefined) phases.push({ phase, at: performance.now() });
  },
});
const buildSeconds = (performance.now() - t0) / 1000;
const end = performance.now();
const perPhase = phases.map((p, i) => ({ phase: i === 0 ? 'validate+split+idf' : p.phase, seconds: r2(((phases[i + 1]?.at ?? end) - p.at) / 1000) }));

const texts = qs.map((q) => q.question);
const { embedder } = fitLexicalEmbedder(texts);
const x = toSparseRows(await embedAll(embedder, texts), texts.length, embedder.dim);
const t1 = performance.now();
const auto = kmeansAutoK(x, { kMin: 2, kMax: 20, seed: 42 });
const silhouetteSeconds = (performance.now() - t1) / 1000;

console.log(
  JSON.stringify(
    {
      prompts: qs.length,
      models: models.length,
      simulated_correctness: true,
      cpus: availableParallelism(),
      loadavg_1m: +loadavg()[0]!.toFixed(2),
      build_profile_auto_k: {
        seconds: r2(buildSeconds),
        target_seconds: 5,
        within_target: buildSeconds < 5,
        chosen_k: profile.clusters.k,
        per_phase: perPhase,
        search: kSelection.entries.map((e) => ({ k: e.k, log_loss: e.log_loss === null ? null : +e.log_loss.toFixed(5) })),
      },
      kmeans_auto_k_silhouette: { seconds: r2(silhouetteSeconds), chosen_k: auto.result.k, search: auto.search.map((e) => ({ k: e.k, silhouette: e.silhouette === null ? null : +e.silhouette.toFixed(4) })) },
    },
    null,
    2,
  ),
);
