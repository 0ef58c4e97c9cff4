/**
 * Loading the measured matrix of 14,042 prompts x 12 models (168,504 stored results on one device) for router
 * profiles and the comparison: ResultsRepository.measuredRows (what both read) and the comparison's matrix built
 * from it (compare/matrices.ts loadRunMatrices), over a real lab database written through the lab's own
 * repositories (RunRepository.commitPrompt, every index of the schema). Median of 5 after a warm-up. Baseline in the
 * same run: a bare `SELECT COUNT(*), SUM(correct)` over the same rows (the cost of touching them at all).
 * Target: < 100 ms.
 */
import { loadRunMatrices } from '../../src/main/compare/matrices';
import { RunRepository } from '../../src/main/runs/repository';
import { ResultsRepository } from '../../src/main/runs/results-repository';
import { campaignSkeleton, result, rng, SUBJECTS, tempDb } from '../campaigns/_synthetic';
import { medianOf5Ms } from '../_timing';

const PROMPTS = 14_042;
const MODELS = Array.from({ length: 12 }, (_, i) => `model-${String(i).padStart(2, '0')}`);
const runId = 'bench-run-0001';
const { db, close } = tempDb();
const ids = campaignSkeleton(db, 'bench-campaign', runId, MODELS, PROMPTS);
const runs = new RunRepository(db);
const rand = rng(11);
const t0 = performance.now();
db.transaction(() => {
  let pos = 0;
  MODELS.forEach((m, mi) => {
    for (let p = 0; p < PROMPTS; p++) {
      const subject = SUBJECTS[p % 57]!;
      runs.commitPrompt(result(runId, ids[mi]!, m, pos++, `mmlu/${subject}/test/${p}`, subject, rand), []);
    }
  });
})();
db.exec('ANALYZE');
const buildMs = performance.now() - t0;

const time = medianOf5Ms;

const results = new ResultsRepository(db);
const rows = results.measuredRows([runId]).length;
if (rows !== PROMPTS * MODELS.length) throw new Error(`read ${rows} measured rows of ${PROMPTS * MODELS.length}`);
const baseline = time(() => db.prepare('SELECT COUNT(*), SUM(correct) FROM prompt_results WHERE run_id = ?').get(runId));
const measured = time(() => results.measuredRows([runId]));
const matrix = time(() => loadRunMatrices({ runs, results }, [runId], { sizeOf: () => 100 }));
close();
process.stdout.write(`${JSON.stringify({
  bench: 'store/matrix-load',
  prompts: PROMPTS,
  models: MODELS.length,
  prompt_results: rows,
  build_ms: Math.round(buildMs),
  baseline_count_sum_ms: baseline,
  measured_rows_ms: measured,
  compare_matrix_ms: matrix,
  measured_rows_vs_baseline: +(measured / baseline).toFixed(2),
  target_ms: 100,
  pass: measured < 100,
})}\n`);
