/**
 * Loading the measured matrix of 14,042 prompts x 12 models (168,504 stored results on one device) for router
 * profiles and the comparison, over a real lab database written through the lab's own repositories
 * (RunRepository.commitPrompt, every index of the schema). What each consumer does end to end is timed:
 * - compare: compare/matrices.ts loadRunMatrices (the run read, its measured columns, the matrix built);
 * - profile: the run read and profiles/measured.ts trainingMatrixOf over its measured columns;
 * each "cold" (a fresh ResultsRepository, what every fresh CLI process pays) in two ways: "cold" proper, the run
 * read row by row from prompt_results (the persisted columns turned off: the baseline, what every first load cost
 * before db/0025), and "cold, persisted" (the run's columns decoded from their db/0025 entry, as a fresh process
 * finds them after any earlier read; also on a new connection to the file); then "warm" (the lab's repository,
 * which keeps a run's columns in memory until it changes: runs/measured-reader.ts), the first read of a run with
 * no entry yet (read from SQLite and the entry written), and the comparison after one more result of a run still
 * measuring (the kept columns plus the new row). Median of 5 after a warm-up. Baseline in the same run: a bare
 * `SELECT COUNT(*), SUM(correct)` over the same rows (the cost of touching them at all). Target: < 100 ms.
 */
import { loadRunMatrices } from '../../src/main/compare/matrices';
import { trainingMatrixOf } from '../../src/main/profiles/measured';
import { CATALOGUE } from '../../src/main/runner/models';
import { RunRepository } from '../../src/main/runs/repository';
import { MeasuredReader } from '../../src/main/runs/measured-reader';
import { ResultsRepository } from '../../src/main/runs/results-repository';
import Database from 'better-sqlite3';
import { campaignSkeleton, itemsOf, result, rng, SUBJECTS, tempDb } from '../campaigns/_synthetic';
import { medianOf5Ms } from '../_timing';
import { loadavg } from 'node:os';

const PROMPTS = 14_042;
// The catalogue's 12 models: the profile's training matrix needs their sizes.
const MODELS = CATALOGUE.map((c) => c.id).slice(0, 12);
const runId = 'bench-run-0001';
const { db, close } = tempDb();
// A campaign holds its prompts' questions (its results leave them out: db/0028), so a read from SQLite takes each text
// from there.
const promptIds = Array.from({ length: PROMPTS }, (_, p) => `mmlu/${SUBJECTS[p % 57]}/test/${p}`);
const ids = campaignSkeleton(db, 'bench-campaign', runId, MODELS, PROMPTS, itemsOf(promptIds, (p) => SUBJECTS[p % 57]!));
const runs = new RunRepository(db);
const rand = rng(11);
const t0 = performance.now();
db.transaction(() => {
  let pos = 0;
  MODELS.forEach((m, mi) => {
    for (let p = 0; p < PROMPTS; p++) {
      const subject = SUBJECTS[p % 57]!;
      runs.commitPrompt(result(runId, ids[mi]!, m, pos++, promptIds[p]!, subject, rand), []);
    }
  });
})();
runs.setStatus(runId, 'done', null);
db.exec('ANALYZE');
const buildMs = performance.now() - t0;

const time = medianOf5Ms;
const load = () => +loadavg()[0]!.toFixed(1);
const sizeOf = (id: string) => CATALOGUE.find((c) => c.id === id)?.sizeMb;

const results = new ResultsRepository(db);
const rows = results.measuredColumns([runId]).length;
if (rows !== PROMPTS * MODELS.length) throw new Error(`read ${rows} measured rows of ${PROMPTS * MODELS.length}`);
if (db.prepare('SELECT COUNT(*) FROM prompt_results WHERE prompt IS NOT NULL').pluck().get() !== 0) throw new Error('results hold questions their campaign holds');
const loadBefore = load();
const baseline = time(() => db.prepare('SELECT COUNT(*), SUM(correct) FROM prompt_results WHERE run_id = ?').get(runId));
const compare = (r: ResultsRepository) => () => loadRunMatrices({ runs, results: r }, [runId], { sizeOf });
const profile = (r: ResultsRepository) => () => trainingMatrixOf([runs.getRun(runId)!], r.measuredColumns([runId]));
// Median of 5 of `fn` after `setup` each time (setup not timed), after a warm-up.
const timeAfter = (setup: () => void, fn: () => unknown): number => {
  const xs: number[] = [];
  for (let i = 0; i < 6; i++) {
    setup();
    const s = performance.now();
    fn();
    if (i > 0) xs.push(performance.now() - s);
  }
  return +xs.sort((a, b) => a - b)[2]!.toFixed(1);
};
const sqliteOnly = () => new ResultsRepository(db, { measured: { persisted: false } });
const readCold = time(() => sqliteOnly().measuredColumns([runId]));
const compareCold = time(() => compare(sqliteOnly())());
const profileCold = time(() => profile(sqliteOnly())());
// The lab's repository read the run above, and the run is done: its entry is written. Prove the cold reads use it.
const probe = new MeasuredReader(db);
probe.columns([runId]);
if (probe.stats.rowsFromCache !== rows || probe.stats.rowsFromSqlite !== 0) throw new Error(`the persisted entry was not used: ${JSON.stringify(probe.stats)}`);
const blobBytes = Number(db.prepare('SELECT length(data) FROM measured_cache_data WHERE run_id = ?').pluck().get(runId));
const databaseBytes = Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
const readPersisted = time(() => new ResultsRepository(db).measuredColumns([runId]));
const comparePersisted = time(() => compare(new ResultsRepository(db))());
const profilePersisted = time(() => profile(new ResultsRepository(db))());
// A fresh process's connection: its page cache empty (the file in the OS's cache, as after any recent use).
let conn: Database.Database | null = null;
const readPersistedNewConnection = timeAfter(
  () => {
    conn?.close();
    conn = new Database(db.name);
  },
  () => new ResultsRepository(conn!).measuredColumns([runId]),
);
conn!.close();
// The first read of all: no entry yet, read from SQLite and the entry written.
const firstReadWithPersist = timeAfter(() => db.prepare('DELETE FROM measured_cache').run(), () => new ResultsRepository(db).measuredColumns([runId]));
const readWarm = time(() => results.measuredColumns([runId]));
const compareWarm = time(compare(results));
const profileWarm = time(profile(results));
const rowObjects = time(() => results.measuredRows([runId]));
// A run still measuring: one more result committed before each comparison (read alone, appended to what is kept;
// the persisted entry is not rewritten for one more row of a run that measures).
runs.setStatus(runId, 'running', null, false);
let extra = PROMPTS * MODELS.length;
const compareAfterAppend = time(() => {
  const p = extra++;
  runs.commitPrompt(result(runId, ids[0]!, MODELS[0]!, p, `mmlu/${SUBJECTS[0]}/test/x${p}`, SUBJECTS[0]!, rand), []);
  return compare(results)();
});
close();
process.stdout.write(`${JSON.stringify({
  bench: 'store/matrix-load',
  prompts: PROMPTS,
  models: MODELS.length,
  prompt_results: rows,
  build_ms: Math.round(buildMs),
  load_average: [loadBefore, load()],
  baseline_count_sum_ms: baseline,
  read_columns_cold_ms: readCold,
  compare_matrix_cold_ms: compareCold,
  profile_training_cold_ms: profileCold,
  persisted_entry_bytes: blobBytes,
  database_bytes: databaseBytes,
  read_columns_cold_persisted_ms: readPersisted,
  read_columns_cold_persisted_new_connection_ms: readPersistedNewConnection,
  compare_matrix_cold_persisted_ms: comparePersisted,
  profile_training_cold_persisted_ms: profilePersisted,
  first_read_writing_the_entry_ms: firstReadWithPersist,
  read_columns_warm_ms: readWarm,
  compare_matrix_warm_ms: compareWarm,
  profile_training_warm_ms: profileWarm,
  measured_row_objects_warm_ms: rowObjects,
  compare_matrix_after_one_more_result_ms: compareAfterAppend,
  compare_cold_vs_baseline: +(compareCold / baseline).toFixed(2),
  compare_cold_persisted_vs_cold: +(comparePersisted / compareCold).toFixed(2),
  compare_warm_vs_baseline: +(compareWarm / baseline).toFixed(2),
  profile_warm_vs_baseline: +(profileWarm / baseline).toFixed(2),
  target_ms: 100,
  pass_warm: compareWarm < 100 && profileWarm < 100,
  pass_cold: compareCold < 100 && profileCold < 100,
  pass_cold_persisted: comparePersisted < 100 && profilePersisted < 100,
})}\n`);
