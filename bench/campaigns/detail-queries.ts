/**
 * Run-detail queries over a stored campaign of 14,042 prompts x 12 models on one device (168,504 prompt results,
 * ~3 ODPM reads per prompt, a thermal reading every 2 s), each section timed alone (median of 5 after a warm-up):
 * per-model figures (accuracy + Wilson CI, 5 distributions), the subject heatmap, the power/temperature timeline,
 * the conditions, the list summary, and the measured rows. The readings packed in the results' rows as the lab
 * stores them (db/0027, runs/sample-writer.ts); the timeline also over a second run of the same readings as
 * power_samples rows (as stored before db/0027). Baseline in the same run: a bare `SELECT COUNT(*), SUM(correct)`
 * over the same rows (the cost of touching them at all). Target: < 200 ms each.
 */
import { CampaignRepository } from '../../src/main/campaigns/repository';
import { conditions, modelFigures, subjectHeatmap } from '../../src/main/campaigns/detail-repository';
import { timeline } from '../../src/main/campaigns/timeline-query';
import { RunRepository } from '../../src/main/runs/repository';
import { ResultsRepository } from '../../src/main/runs/results-repository';
import { SampleWriter } from '../../src/main/runs/sample-writer';
import type { Db } from '../../src/main/store/database';
import { campaignSkeleton, rng, SUBJECTS, tempDb } from './_synthetic';
import { medianOf5Ms } from '../_timing';

const PROMPTS = 14_042;
const MODELS = Array.from({ length: 12 }, (_, i) => `model-${String(i).padStart(2, '0')}`);
const { db, close } = tempDb();
const asRows = tempDb();
const runId = 'bench-run-0001';
const t0 = performance.now();
build(db, 'packed');
const buildMs = performance.now() - t0;
build(asRows.db, 'rows');

function build(db: Db, layout: 'packed' | 'rows'): void {
  const campaignId = 'bench-campaign';
  const ids = campaignSkeleton(db, campaignId, runId, MODELS, PROMPTS);
  const rand = rng(7);
  const writer = new SampleWriter(db);
  db.transaction(() => {
    const ins = db.prepare(
      `INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, t_start_ms, t_end_ms, ttft_ms, decode_tps, total_ms, output_tokens,
         energy_j, net_energy_j, energy_per_token_j, energy_method, response, extracted, correct, unparsable, simulated, created_at, rep, subject, answer,
         samples, samples_from_ms, samples_to_ms, samples_mark)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'odpm', 'The answer is B.', 'B', ?, ?, 1, 0, 0, ?, 'B', ?, ?, ?, ?)`,
    );
    const odpm = db.prepare(`INSERT INTO power_samples (run_id, run_model_id, source, t_ms, energy_j, simulated) VALUES (?, ?, 'odpm', ?, ?, 1)`);
    const th = db.prepare('INSERT INTO thermal_samples (run_id, at, t_ms, battery_temp_c, skin_temp_c, thermal_status, simulated) VALUES (?, ?, ?, 31, 32, 0, 1)');
    let t = 0;
    let e = 0;
    let pos = 0;
    MODELS.forEach((m, mi) => {
      for (let p = 0; p < PROMPTS; p++) {
        const subject = SUBJECTS[p % 57]!;
        const total = 200 + rand() * 2000 * (1 + mi / 4);
        const tokens = 1 + Math.floor(rand() * 60);
        const net = (total / 1000) * (1 + rand());
        const reads = [0, 1, 2].map((k) => ({ source: 'odpm' as const, tMs: t + (k * total) / 3, energyJ: (e += 0.4 + rand() * 0.2) }));
        const { columns: c, apply } = writer.write(runId, reads, layout === 'packed');
        ins.run(runId, ids[mi], pos++, `mmlu/${subject}/test/${p}`, `Question ${p} of ${subject}: which is right?`, t, t + total, total * 0.2, 10 + rand() * 40, total, tokens, net + 0.2, net, net / tokens, rand() < 0.3 + mi * 0.04 ? 1 : 0, rand() < 0.03 ? 1 : 0, subject, c.samples, c.fromMs, c.toMs, c.mark);
        apply();
        if (layout === 'rows') for (const r of reads) odpm.run(runId, ids[mi], r.tMs, r.energyJ);
        if (p % 4 === 0) th.run(runId, Date.now(), t);
        t += total + 20;
      }
    });
  })();
  db.exec('ANALYZE');
}

const time = medianOf5Ms;

const runs = new RunRepository(db);
const results = new ResultsRepository(db);
const store = new CampaignRepository(db, runs);
const figures = {
  baseline_count_sum_ms: time(() => db.prepare('SELECT COUNT(*), SUM(correct) FROM prompt_results WHERE run_id = ?').get(runId)),
  // The lab process keeps the run's measured columns; a fresh process (a CLI call) reads them from db/0025's cache.
  models_ms: time(() => modelFigures(db, (r) => results.measuredColumns(r), [runId], 20)),
  models_fresh_process_ms: time(() => {
    const fresh = new ResultsRepository(db);
    return modelFigures(db, (r) => fresh.measuredColumns(r), [runId], 20);
  }),
  subjects_ms: time(() => subjectHeatmap(db, [runId])),
  baseline_count_sum_readings_as_rows_ms: time(() => asRows.db.prepare('SELECT COUNT(*), SUM(correct) FROM prompt_results WHERE run_id = ?').get(runId)),
  subjects_readings_as_rows_ms: time(() => subjectHeatmap(asRows.db, [runId])),
  timeline_ms: time(() => timeline(db, [{ id: runId, serial: 'BENCH1', energyMethod: 'odpm' }], 1000)),
  timeline_readings_as_rows_ms: time(() => timeline(asRows.db, [{ id: runId, serial: 'BENCH1', energyMethod: 'odpm' }], 1000)),
  conditions_ms: time(() => conditions(db, runs, [runId], PROMPTS, 1)),
  list_summary_ms: time(() => store.summaries()),
  load_measured_matrix_ms: time(() => results.measuredRows([runId])),
  export_rows_ms: time(() => results.exportRows([runId])),
};
const rows = db.prepare('SELECT COUNT(*) FROM prompt_results').pluck().get();
const samples = asRows.db.prepare('SELECT COUNT(*) FROM power_samples').pluck().get();
const run = { id: runId, serial: 'B', energyMethod: 'odpm' };
const power = (d: Db) => timeline(d, [run], 1000).map((t) => ({ power: t.power, period: t.meterPeriodMs, gaps: t.gaps }));
const sameTimeline = JSON.stringify(power(db)) === JSON.stringify(power(asRows.db));
close();
asRows.close();
const checked = ['models_ms', 'models_fresh_process_ms', 'subjects_ms', 'timeline_ms', 'timeline_readings_as_rows_ms', 'conditions_ms', 'list_summary_ms', 'load_measured_matrix_ms'] as const;
process.stdout.write(`${JSON.stringify({
  bench: 'campaigns/detail-queries',
  prompt_results: rows,
  readings: samples,
  timelines_of_both_layouts_equal: sameTimeline,
  build_ms: Math.round(buildMs),
  ...figures,
  target_ms: 200,
  pass: checked.every((k) => figures[k] < 200),
  note: 'export_rows is informational (a file export, not a page query)',
})}\n`);
