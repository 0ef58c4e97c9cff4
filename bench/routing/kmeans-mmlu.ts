/**
 * The lab's k-means against FAISS and scikit-learn, in one run, on the same 14,042 MMLU test questions
 * (lexical-hash-v1, dim 2048, L2-normalised; the vectors are written once to a float32 file the anchors read).
 * At K = 5, 10, 16 with 10 restarts, in this order per K so neighbours see the same machine load:
 *   FAISS spherical (niter 50, nredo 10, all points) with 2 threads (its default here) -> the lab (one thread)
 *   -> FAISS with 1 thread -> scikit-learn KMeans (k-means++, n_init 10, dense) with 2 threads.
 * Figures: wall and CPU seconds, the SSE of each method's labels (squared euclidean distance to the cluster
 * means), the ratios lab / anchor, and the SSE of spherical Lloyd started from scikit-learn's own solution (how
 * far cosine clustering settles from the euclidean optimum). Targets (issue 14): lab time <= FAISS's, lab SSE
 * <= scikit-learn's + 0.3 %. Anchors need Debian's /usr/bin/python3 with python3-faiss and python3-sklearn;
 * `--no-anchors` times the lab alone. Run: npx tsx bench/routing/kmeans-mmlu.ts   (JSON on stdout)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedAll, fitLexicalEmbedder } from '../../src/main/routing/embedder';
import { kmeans, toSparseRows } from '../../src/main/routing/kmeans';
import { simdAvailable } from '../../src/main/routing/sparse-sims';
import { loadMmluTest } from './mmlu-csv';

const PYTHON = '/usr/bin/python3';
const ANCHORS = join(import.meta.dirname, 'kmeans_anchors.py');
const KS = [5, 10, 16];
const N_INIT = 10;
const SEED = 42;

interface Anchor {
  seconds: number;
  cpu_seconds: number;
  sse: number;
  iterations: number;
}

const r2 = (v: number) => +v.toFixed(2);
const r3 = (v: number) => +v.toFixed(3);
const pct = (a: number, b: number) => +((100 * (a - b)) / b).toFixed(3);

function anchorsMissing(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import faiss, sklearn, threadpoolctl'], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PYTHON} cannot import faiss, sklearn and threadpoolctl (Debian: apt-get install python3-faiss python3-sklearn)`;
  }
}

const qs = loadMmluTest();
const texts = qs.map((q) => q.question);
const { embedder } = fitLexicalEmbedder(texts);
const dense = await embedAll(embedder, texts);
const n = texts.length;
const dim = embedder.dim;
const x = toSparseRows(dense, n, dim);
const skip = process.argv.includes('--no-anchors') ? 'asked (--no-anchors)' : anchorsMissing();
const dir = mkdtempSync(join(tmpdir(), 'aurora-kmeans-'));
const vectors = join(dir, 'x.f32');
writeFileSync(vectors, Buffer.from(dense.buffer, dense.byteOffset, dense.byteLength));

function anchor(method: 'faiss' | 'sklearn', k: number, threads: number, centersOut?: string): Anchor {
  const args = [ANCHORS, vectors, String(n), String(dim), method, String(k), String(threads), String(SEED), ...(centersOut ? [centersOut] : [])];
  const a = JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 })) as Anchor;
  return { seconds: r2(a.seconds), cpu_seconds: r2(a.cpu_seconds), sse: r3(a.sse), iterations: a.iterations };
}

function lab(k: number): { seconds: number; cpu_seconds: number; sse: number; iterations: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = kmeans(x, k, { seed: SEED, nInit: N_INIT });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { seconds: r2(seconds), cpu_seconds: r2((c.user + c.system) / 1e6), sse: r3(r.inertia), iterations: r.iterations };
}

/** Spherical Lloyd from scikit-learn's centres (normalised): the cosine fixed point nearest the euclidean optimum. */
function sphericalFromSklearn(k: number, centersFile: string, sklearnSse: number): { sse: number; vs_sklearn_pct: number; iterations: number } {
  const b = readFileSync(centersFile);
  const c = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  for (let i = 0; i < k; i++) {
    const row = c.subarray(i * dim, (i + 1) * dim);
    const norm = Math.hypot(...row);
    for (let j = 0; j < dim; j++) row[j]! /= norm;
  }
  const r = kmeans(x, k, { initCentroids: c, maxIter: 300 });
  return { sse: r3(r.inertia), vs_sklearn_pct: pct(r.inertia, sklearnSse), iterations: r.iterations };
}

const out: Record<string, unknown> = {
  n,
  dim,
  avg_nonzeros: +(x.values.length / n).toFixed(1),
  restarts: N_INIT,
  lab: { threads: 1, simd_kernel: simdAvailable(), stopping: 'no label changed, or 50 centroid updates (FAISS niter)' },
  loadavg_1m_start: +loadavg()[0]!.toFixed(2),
};
try {
  if (skip) {
    out.anchors_skipped = skip;
    out.lab_only = KS.map((k) => ({ k, ...lab(k) }));
  } else {
    out.per_k = KS.map((k) => {
      const faiss2 = anchor('faiss', k, 2);
      const ours = lab(k);
      const faiss1 = anchor('faiss', k, 1);
      const centers = join(dir, `sklearn-${k}.f32`);
      const sk = anchor('sklearn', k, 2, centers);
      return {
        k,
        lab: ours,
        faiss_2_threads: faiss2,
        faiss_1_thread: faiss1,
        sklearn_2_threads: sk,
        time_ratio_lab_over_faiss_2_threads: r3(ours.seconds / faiss2.seconds),
        time_ratio_lab_over_faiss_1_thread: r3(ours.seconds / faiss1.seconds),
        time_ratio_lab_over_sklearn: r3(ours.seconds / sk.seconds),
        cpu_ratio_lab_over_faiss_2_threads: r3(ours.cpu_seconds / faiss2.cpu_seconds),
        sse_lab_vs_sklearn_pct: pct(ours.sse, sk.sse),
        sse_lab_vs_faiss_pct: pct(ours.sse, faiss2.sse),
        sse_faiss_vs_sklearn_pct: pct(faiss2.sse, sk.sse),
        target_time_le_faiss: ours.seconds <= faiss2.seconds,
        target_sse_within_0_3_pct_of_sklearn: ours.sse <= sk.sse * 1.003,
        spherical_lloyd_from_sklearn_solution: sphericalFromSklearn(k, centers, sk.sse),
      };
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
out.loadavg_1m_end = +loadavg()[0]!.toFixed(2);
console.log(JSON.stringify(out, null, 2));
