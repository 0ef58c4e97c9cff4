/**
 * Result ingest rate into SQLite: RunRepository.commitPrompt, the path every measured prompt takes (one transaction per
 * result, with the power samples that arrived since the previous one packed in the result's row: db/0027), into a real
 * lab database (WAL, synchronous=NORMAL, every index of the schema, the lab's checkpoints: on a thread, as a started
 * lab runs them, store/background-checkpoints.ts; beside it, inside the committing call as before). Samples per result
 * as a phone sends them: the fuel-gauge sampler at 20 Hz for the prompt's duration (the synthetic prompts take 0.2-2.2
 * s: 4-44 samples, ~24 on average); also 4 ODPM reads per result (the previous figure's case) and none (the result
 * alone). Baseline in the same run: the same rows and samples in ONE transaction (no per-result commit), the upper
 * bound of the engine. Also the longest commit and the commits over 10 ms (the event loop waits that long). Diagnostic
 * beside it: the same per-result commits with checkpoints in the writer at SQLite's default interval (1000 pages), in a
 * file with 2 KB pages (fewer bytes a frame, more page splits: store/database.ts), with the samples as power_samples
 * rows, one each (how results were stored before db/0027), and with settings no lab can use (exclusive lock, no fsync,
 * no checkpoint): SQLite's own ceiling for a per-result commit of these rows. Rates per wall second and per CPU second
 * (the machine is shared: CPU time is the steadier one). Target: >= 20,000 results/s.
 *
 * The longest commits, in this burst only: with no pause between commits the thread's passive checkpoints never
 * copy the last frame, so the WAL is never started again and grows to the writer's bound (~264 MB at ~18,500 gauge
 * results, 3.5 frames a commit); the commit that reaches it checkpoints (~40 ms) and the next one cuts the file back
 * to journal_size_limit (~65-80 ms; without the limit ~45 ms). Results at a phone's pace leave the WAL a few pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseMmluCsv } from '../../src/main/datasets/mmlu-loader';
import { RunRepository, type NewPromptResult, type StoredSample } from '../../src/main/runs/repository';
import { storedLine } from '../../src/main/runner/engine-result';
import { BackgroundCheckpoints } from '../../src/main/store/background-checkpoints';
import { NEW_DATABASE_PAGE_SIZE, WAL_AUTOCHECKPOINT_PAGES } from '../../src/main/store/database';
import { campaignSkeleton, result, rng, SUBJECTS, tempDb } from './_synthetic';

const N = 20_000;

/**
 * Rows of the size a run stores: a real MMLU question (the repo's sample), a model's reply of ~60 tokens, and the
 * runner's result line as the lab stores it (its fields, in its order, without the reply: runner/engine-result.ts
 * storedLine). The campaign holds the questions (campaign_prompts), as a started campaign does, so its results leave
 * them out (db/0028); the figure `question_in_every_row_commit_per_s` is the same commits with the question and the
 * reply in every row (the lab before db/0028). Row size decides how often a commit splits a page (two more WAL frames).
 */
const MMLU_DIR = join(import.meta.dirname, '../../test/fixtures/datasets/mmlu-sample/test');
const MMLU = readdirSync(MMLU_DIR).flatMap((f) => parseMmluCsv(readFileSync(join(MMLU_DIR, f), 'utf8'), f, f.replace(/_test\.csv$/, ''), 'test'));
const REPLY = 'The question asks which option holds. Working through each choice in turn, only one is consistent with the definitions given, so the answer is B.';
const models = ['m0', 'm1', 'm2'];
const promptOf = (p: number) => ({ ...MMLU[p % MMLU.length]!, id: `mmlu/${SUBJECTS[p % 57]}/test/${p}`, subject: SUBJECTS[p % 57]! });
const ITEMS = Array.from({ length: Math.ceil(N / models.length) }, (_, p) => promptOf(p));
function realistic(r: NewPromptResult, i: number, before0028: boolean): NewPromptResult {
  const line = {
    type: 'result', id: `p-${i}`, ok: true, t_start_ms: r.tStartMs, t_end_ms: r.tEndMs, t_first_token_ms: (r.tStartMs ?? 0) + (r.ttftMs ?? 0), time_to_first_token_ms: r.ttftMs,
    prefill_tps: r.prefillTps, decode_tps: r.decodeTps, tokens_per_second: r.decodeTps, prefill_tokens: r.prefillTokens, decode_tokens: r.outputTokens, total_tokens: (r.prefillTokens ?? 0) + (r.outputTokens ?? 0),
    total_time_ms: r.totalMs, ram_usage_mb: 612.4, confidence: 0.8123, cloud_handoff: false, function_calls: [], thinking: null, response: REPLY,
  };
  return { ...r, prompt: ITEMS[Math.floor(i / models.length)]!.question, response: REPLY, rawJson: before0028 ? JSON.stringify(line) : storedLine(line) };
}
type Samples = 'gauge-20hz' | 'odpm-4' | 'none';

function samplesFor(kind: Samples, i: number, totalMs: number): StoredSample[] {
  const t0 = i * 3000;
  if (kind === 'none') return [];
  if (kind === 'odpm-4') return [0, 1, 2, 3].map((k) => ({ source: 'odpm', tMs: t0 + k * 200, energyJ: i * 10 + k }));
  const n = Math.max(1, Math.round(totalMs / 50));
  return Array.from({ length: n }, (_, k) => ({ source: 'fuel-gauge', tMs: t0 + k * 50, rawCurrent: -412_000 - k * 37, rawVoltage: 3_912_000 - k, chargeCounter: 3_100_000 - i, tempRaw: 312, watts: 1.61 + k / 1000 }));
}

interface Figures { perSec: number; perCpuSec: number; samples: number; rowBytes: number; longestCommitMs: number; over10Ms: number }

/**
 * `checkpoints`: 'background' as a started lab runs (store/background-checkpoints.ts, the thread up before the
 * clock starts), 'writer' with SQLite's automatic checkpoint inside the committing call (the lab before it).
 */
async function run(mode: 'commit' | 'batch' | 'commit-rows', kind: Samples, opts: { checkpointPages?: number; pageSize?: number; checkpoints?: 'background' | 'writer'; unsafe?: boolean; before0028?: boolean } = {}): Promise<Figures> {
  const { db, close } = tempDb(opts.pageSize);
  const checkpointPages = opts.checkpointPages;
  const bg = (opts.checkpoints ?? 'background') === 'background' ? BackgroundCheckpoints.start(db, { autocheckpointPages: WAL_AUTOCHECKPOINT_PAGES }) : null;
  try {
    if (checkpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
    if (opts.unsafe) {
      // What no lab can run with (one process alone on the file, no fsync ever, an unbounded WAL): how fast a
      // per-result commit of these rows gets in SQLite at all.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('synchronous = OFF');
      db.pragma('wal_autocheckpoint = 0');
    }
    if (bg && !(await bg.stats())) throw new Error('the background checkpoint thread did not start');
    const before0028 = opts.before0028 ?? false;
    const ids = campaignSkeleton(db, 'bench-campaign', 'bench-run-0001', models, N / models.length, before0028 ? [] : ITEMS);
    const store = new RunRepository(db);
    const rand = rng(1);
    const rows = Array.from({ length: N }, (_, i) => {
      const m = i % models.length;
      const p = Math.floor(i / models.length);
      return realistic(result('bench-run-0001', ids[m]!, models[m]!, i, `mmlu/${SUBJECTS[p % 57]}/test/${p}`, SUBJECTS[p % 57]!, rand), i, before0028);
    });
    const samples = rows.map((r, i) => samplesFor(kind, i, r.totalMs ?? 0));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let longest = 0;
    let over10Ms = 0;
    if (mode === 'commit') {
      rows.forEach((r, i) => {
        const a = performance.now();
        store.commitPrompt(r, samples[i]!);
        const took = performance.now() - a;
        longest = Math.max(longest, took);
        if (took > 10) over10Ms++;
      });
    } else if (mode === 'commit-rows') {
      const commit = db.transaction((r: (typeof rows)[number], s: StoredSample[]) => {
        store.commitPrompt(r, []);
        store.insertSamples(r.runId, r.runModelId, s, r.simulated);
      });
      rows.forEach((r, i) => commit(r, samples[i]!));
    } else db.transaction(() => rows.forEach((r, i) => store.commitPrompt(r, samples[i]!)))();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const count = db.prepare('SELECT COUNT(*) FROM prompt_results').pluck().get() as number;
    const rowBytes = Math.round(db.prepare('SELECT AVG(IFNULL(LENGTH(prompt), 0) + LENGTH(response) + LENGTH(raw_json) + IFNULL(LENGTH(samples), 0)) FROM prompt_results').pluck().get() as number);
    if (count !== N) throw new Error(`stored ${count} of ${N}`);
    const ownText = db.prepare('SELECT COUNT(*) FROM prompt_results WHERE prompt IS NOT NULL').pluck().get() as number;
    if (ownText !== (before0028 ? N : 0)) throw new Error(`${ownText} of ${N} rows hold their question (expected ${before0028 ? 'all' : 'none'})`);
    return { perSec: Math.round((N / ms) * 1000), perCpuSec: Math.round((N / ((cpu.user + cpu.system) / 1000)) * 1000), samples: +(samples.reduce((n, s) => n + s.length, 0) / N).toFixed(1), rowBytes, longestCommitMs: +longest.toFixed(1), over10Ms };
  } finally {
    await bg?.stop();
    close();
  }
}

const load = () => +loadavg()[0]!.toFixed(1);
const out: Record<string, unknown> = { bench: 'campaigns/ingest', results: N, page_size: NEW_DATABASE_PAGE_SIZE, load_average_start: load() };
/**
 * Each configuration starts from a collected heap: a run leaves ~20,000 rows and their samples as garbage, and the
 * next run paid for collecting them (the same configuration measured 15.9k then 12.1k/s in one process; with a
 * collection between, 15.6 / 16.0 / 15.3k). `npm run bench` gives every bench --expose-gc.
 */
async function isolated(...args: Parameters<typeof run>): Promise<Figures> {
  (globalThis as { gc?: () => void }).gc?.();
  return run(...args);
}

/** The lab, its one-transaction baseline and SQLite's ceiling, TRIALS times interleaved: the median trial of each. */
const TRIALS = 3;
async function medians(kind: Samples): Promise<{ commit: Figures; batch: Figures; ceiling: Figures }> {
  const trials: Array<{ commit: Figures; batch: Figures; ceiling: Figures }> = [];
  for (let t = 0; t < TRIALS; t++) {
    trials.push({ commit: await isolated('commit', kind), batch: await isolated('batch', kind), ceiling: await isolated('commit', kind, { checkpoints: 'writer', unsafe: true }) });
  }
  const median = (k: 'commit' | 'batch' | 'ceiling') => trials.map((x) => x[k]).sort((a, b) => a.perSec - b.perSec)[Math.floor(TRIALS / 2)]!;
  return { commit: median('commit'), batch: median('batch'), ceiling: median('ceiling') };
}

for (const kind of ['gauge-20hz', 'odpm-4', 'none'] as const) {
  const { commit, batch, ceiling } = await medians(kind);
  const writer = await isolated('commit', kind, { checkpoints: 'writer' });
  const defaultCheckpoint = await isolated('commit', kind, { checkpoints: 'writer', checkpointPages: 1000 });
  const smallPages = await isolated('commit', kind, { pageSize: 2048 });
  const asRows = kind === 'none' ? null : await isolated('commit-rows', kind);
  const before0028 = await isolated('commit', kind, { before0028: true });
  out[kind] = {
    samples_per_result: commit.samples,
    text_and_pack_bytes_per_row: commit.rowBytes,
    per_result_commit_per_s: commit.perSec,
    per_result_commit_per_cpu_s: commit.perCpuSec,
    longest_commit_ms: commit.longestCommitMs,
    commits_over_10_ms: commit.over10Ms,
    checkpoints_in_the_writer_commit_per_s: writer.perSec,
    checkpoints_in_the_writer_longest_commit_ms: writer.longestCommitMs,
    checkpoints_in_the_writer_commits_over_10_ms: writer.over10Ms,
    baseline_single_transaction_per_s: batch.perSec,
    baseline_single_transaction_per_cpu_s: batch.perCpuSec,
    commit_vs_baseline: +(commit.perSec / batch.perSec).toFixed(2),
    sqlite_default_checkpoint_commit_per_s: defaultCheckpoint.perSec,
    page_size_2048_commit_per_s: smallPages.perSec,
    ...(asRows ? { samples_as_rows_commit_per_s: asRows.perSec } : {}),
    question_in_every_row_commit_per_s: before0028.perSec,
    question_in_every_row_bytes_per_row: before0028.rowBytes,
    unsafe_settings_ceiling_commit_per_s: ceiling.perSec,
    commit_vs_ceiling: +(commit.perSec / ceiling.perSec).toFixed(2),
    load_average: load(),
    pass: commit.perSec >= 20_000,
  };
}
out.target_per_s = 20_000;
out.trials = `lab, baseline and ceiling: the median of ${TRIALS} interleaved trials; the rest one run each`;
// Run on its own without --expose-gc, the runs are not isolated: said in the figures, not silently.
out.heap_collected_between_runs = typeof (globalThis as { gc?: unknown }).gc === 'function';
process.stdout.write(`${JSON.stringify(out)}\n`);
