/**
 * The event loop during a router profile build: the same automatic-K build (4,000 MMLU test questions x 12 models,
 * K in 2..10, SIMULATED correctness) run on the compute worker (what the lab does: compute/worker-thread.ts) and,
 * as the baseline in the same run, on the main thread (routing's buildProfile called directly). Reported: the
 * event-loop delay during each (how late a 10 ms timer fires: max, p99; the last gap up to the build's end counted,
 * so a loop blocked throughout shows the build's length), and the build's wall time. Target: the max delay stays small (well under 100 ms) on the worker while the baseline's equals the
 * build's length. Run: npx tsx bench/profiles/build-event-loop.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { runJob } from '../../src/main/compute/worker-thread';
import { buildProfile, type TrainingMatrix } from '../../src/main/routing/build-profile';
import { mulberry32 } from '../../src/shared/kit/prng';
import { loadMmluTest } from '../routing/mmlu-csv';

const qs = loadMmluTest().slice(0, 4000);
const rng = mulberry32(9);
const subjects = [...new Set(qs.map((q) => q.subject))];
const acc = new Map(subjects.map((s) => [s, Array.from({ length: 12 }, (_, m) => 0.3 + 0.05 * m + 0.3 * (rng.next() - 0.5))]));
const matrix: TrainingMatrix = {
  prompts: qs.map((q) => ({ id: q.id, text: q.question, subject: q.subject })),
  models: Array.from({ length: 12 }, (_, m) => ({ id: `model-${m}`, size_mb: 150 + 110 * m, capabilities: ['text'] })),
  correctness: qs.map((q) => acc.get(q.subject)!.map((a) => (rng.next() < a ? 1 : 0))),
  costs: [],
  provenance: { run_ids: [], devices: [], simulated: true },
};
const K = { min: 2, max: 10 };

async function measure(build: () => Promise<unknown>): Promise<{ build_s: number; loop_delay_max_ms: number; loop_delay_p99_ms: number; ticks: number }> {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  const t0 = performance.now();
  await build();
  const end = performance.now();
  clearInterval(timer);
  late.push(Math.max(0, end - last - 10));
  const sorted = late.slice().sort((a, b) => a - b);
  return { build_s: +((end - t0) / 1000).toFixed(2), loop_delay_max_ms: +sorted.at(-1)!.toFixed(1), loop_delay_p99_ms: +sorted[Math.floor(0.99 * (sorted.length - 1))]!.toFixed(1), ticks: late.length - 1 };
}

const load0 = +loadavg()[0]!.toFixed(2);
const worker = await measure(() => runJob('build-profile', { matrix, k: K, seed: 42, costMetric: { kind: 'size' } }, { label: 'bench build' }));
const mainThread = await measure(() => buildProfile(matrix, { k: K, seed: 42 }));
console.log(
  JSON.stringify(
    {
      bench: 'profiles/build-event-loop',
      prompts: qs.length,
      models: 12,
      k: K,
      simulated_correctness: true,
      cpus: availableParallelism(),
      loadavg_1m_start: load0,
      loadavg_1m_end: +loadavg()[0]!.toFixed(2),
      on_compute_worker: worker,
      baseline_on_main_thread: mainThread,
      max_delay_ratio_worker_over_main: +(worker.loop_delay_max_ms / mainThread.loop_delay_max_ms).toFixed(4),
      target_max_delay_ms: 100,
      pass: worker.loop_delay_max_ms < 100,
    },
    null,
    2,
  ),
);
