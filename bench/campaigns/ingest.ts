/**
 * Result ingest rate into SQLite: RunRepository.commitPrompt, the path every measured prompt takes (one transaction per
 * result, with the power samples that arrived since the previous one; here 4 ODPM reads), into a real lab database
 * (WAL, synchronous=NORMAL, every index of the schema). Baseline in the same run: the same rows inserted with one
 * prepared statement inside ONE transaction (no per-result commit), the upper bound of the engine.
 * Target: >= 20,000 results/s.
 */
import { RunRepository } from '../../src/main/runs/repository';
import { campaignSkeleton, result, rng, SUBJECTS, tempDb } from './_synthetic';

const N = 30_000;
const models = ['m0', 'm1', 'm2'];

function run(mode: 'commit' | 'batch'): { perSec: number; ms: number } {
  const { db, close } = tempDb();
  try {
    const ids = campaignSkeleton(db, 'bench-campaign', 'bench-run-0001', models, N / models.length);
    const store = new RunRepository(db);
    const rand = rng(1);
    const rows = Array.from({ length: N }, (_, i) => {
      const m = i % models.length;
      const p = Math.floor(i / models.length);
      return result('bench-run-0001', ids[m]!, models[m]!, i, `mmlu/${SUBJECTS[p % 57]}/test/${p}`, SUBJECTS[p % 57]!, rand);
    });
    const samples = (i: number) => [0, 1, 2, 3].map((k) => ({ source: 'odpm' as const, tMs: i * 3000 + k * 200, energyJ: i * 10 + k }));
    const t0 = performance.now();
    if (mode === 'commit') {
      rows.forEach((r, i) => store.commitPrompt(r, samples(i)));
    } else {
      db.transaction(() => rows.forEach((r, i) => store.commitPrompt(r, samples(i))))();
    }
    const ms = performance.now() - t0;
    const count = db.prepare('SELECT COUNT(*) FROM prompt_results').pluck().get() as number;
    if (count !== N) throw new Error(`stored ${count} of ${N}`);
    return { perSec: Math.round((N / ms) * 1000), ms: Math.round(ms) };
  } finally {
    close();
  }
}

const commit = run('commit');
const batch = run('batch');
process.stdout.write(`${JSON.stringify({
  bench: 'campaigns/ingest',
  results: N,
  samples_per_result: 4,
  per_result_commit_per_s: commit.perSec,
  per_result_commit_ms: commit.ms,
  baseline_single_transaction_per_s: batch.perSec,
  commit_cost_vs_baseline: +(batch.perSec / commit.perSec).toFixed(2),
  target_per_s: 20_000,
  pass: commit.perSec >= 20_000,
})}\n`);
