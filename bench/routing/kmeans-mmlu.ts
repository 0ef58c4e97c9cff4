/**
 * k-means on all 14,042 MMLU test questions (lexical-hash-v1, dim 2048): automatic K over 2..20 (silhouette),
 * choose-K by validation log-loss over 2..20 (with SIMULATED per-subject correctness, for timing only), and a
 * comparison with scikit-learn KMeans (k-means++, n_init=10) on the very same vectors at a few K.
 * Run: npx tsx bench/routing/kmeans-mmlu.ts   (needs Debian's python3 with scikit-learn for the comparison)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedAll, fitLexicalEmbedder } from '../../src/main/routing/embedder';
import { kmeans, toSparseRows } from '../../src/main/routing/kmeans';
import { kmeansAutoK } from '../../src/main/routing/kmeans-auto';
import { chooseK, splitRows } from '../../src/main/routing/choose-k';
import { mulberry32 } from '../../src/main/routing/prng';
import { loadMmluTest } from './mmlu-csv';

const skipSklearn = process.argv.includes('--no-sklearn');
const qs = loadMmluTest();
const texts = qs.map((q) => q.question);
let t = performance.now();
const { embedder } = fitLexicalEmbedder(texts);
const fitMs = performance.now() - t;
t = performance.now();
const dense = await embedAll(embedder, texts);
const embedMs = performance.now() - t;
const dim = embedder.dim;
const x = toSparseRows(dense, texts.length, dim);
const out: Record<string, unknown> = {
  n: texts.length,
  dim,
  avg_nnz: +(x.values.length / x.n).toFixed(1),
  idf_fit_ms: Math.round(fitMs),
  embed_all_ms: Math.round(embedMs),
};

t = performance.now();
const auto = kmeansAutoK(x, { kMin: 2, kMax: 20, seed: 42 });
out.auto_k_silhouette = {
  seconds: +((performance.now() - t) / 1000).toFixed(2),
  chosen_k: auto.result.k,
  final_inertia: auto.result.inertia,
  final_iterations: auto.result.iterations,
  search: auto.search.map((e) => ({ k: e.k, silhouette: e.silhouette === null ? null : +e.silhouette.toFixed(4) })),
};

// Simulated correctness: 12 models, each with its own accuracy per subject (timing only, not a finding).
const rng = mulberry32(9);
const subjects = [...new Set(qs.map((q) => q.subject))];
const acc = subjects.map(() => Array.from({ length: 12 }, (_, m) => 0.3 + 0.05 * m + 0.3 * (rng.next() - 0.5)));
const values = new Int8Array(texts.length * 12);
qs.forEach((q, i) => {
  const a = acc[subjects.indexOf(q.subject)]!;
  for (let m = 0; m < 12; m++) values[i * 12 + m] = rng.next() < a[m]! ? 1 : 0;
});
t = performance.now();
const report = chooseK(x, { nPrompts: texts.length, nModels: 12, values }, splitRows(texts.length, 0.2, 42), { kMin: 2, kMax: 20, seed: 42, nInit: 1 });
out.choose_k_log_loss_simulated = {
  seconds: +((performance.now() - t) / 1000).toFixed(2),
  chosen_k: report.chosenK,
  entries: report.entries.map((e) => ({ k: e.k, log_loss: +e.logLoss.toFixed(5) })),
};

if (!skipSklearn) {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-kmeans-'));
  try {
    const bin = join(dir, 'x.f32');
    writeFileSync(bin, Buffer.from(dense.buffer, dense.byteOffset, dense.byteLength));
    const ks = [5, 10, 16];
    const py = join(dir, 'sk.py');
    writeFileSync(
      py,
      [
        'import json, sys, time',
        'import numpy as np',
        'from sklearn.cluster import KMeans',
        `X = np.fromfile(${JSON.stringify(bin)}, dtype=np.float32).reshape(${texts.length}, ${dim})`,
        'res = {}',
        `for k in ${JSON.stringify(ks)}:`,
        '    t = time.perf_counter()',
        '    km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=42).fit(X)',
        '    res[k] = {"seconds": time.perf_counter() - t, "inertia": float(km.inertia_)}',
        'print(json.dumps(res))',
      ].join('\n'),
    );
    const sk = JSON.parse(execFileSync('/usr/bin/python3', [py], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Record<string, { seconds: number; inertia: number }>;
    out.vs_sklearn = ks.map((k) => {
      const t0 = performance.now();
      const r = kmeans(x, k, { seed: 42, nInit: 10 });
      const ours = (performance.now() - t0) / 1000;
      const s = sk[String(k)]!;
      return {
        k,
        ours_seconds: +ours.toFixed(2),
        sklearn_seconds: +s.seconds.toFixed(2),
        time_ratio_ours_over_sklearn: +(ours / s.seconds).toFixed(2),
        ours_inertia: +r.inertia.toFixed(3),
        sklearn_inertia: +s.inertia.toFixed(3),
        inertia_rel_diff: +((r.inertia - s.inertia) / s.inertia).toFixed(5),
        within_1pct: Math.abs(r.inertia - s.inertia) / s.inertia < 0.01,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(out, null, 2));
