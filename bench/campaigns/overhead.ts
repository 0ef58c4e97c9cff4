/**
 * End-to-end campaign overhead against the sum of on-device times: one virtual pixel (real adb server, real Lab,
 * real runner with the simulated engine at its modelled speed), 2 models x 30 MMLU prompts, run twice in the same
 * process: the baseline writes each prompt only after the previous result came back (`promptLookahead: 0`, the lab
 * before pipelining), then the lab as it ships (the next prompt queued in the runner's stdin). On-device time is
 * the engine's total_ms of each stored prompt. Reported per campaign:
 * - prompt_phase_overhead: (wall time of the prompt phases, first prompt sent .. last result stored, per model)
 *   / on-device - 1: what the campaign machinery (adb round trips, scoring, energy accounting, SQLite commits,
 *   progress events) adds while prompts run. Target <= 5 %.
 * - end_to_end_overhead: (whole campaign wall time) / on-device - 1, including per-model setup (deploy check,
 *   cool-down gate, model load, 1 s idle baseline, 1 warm-up), which is fixed per model, not per prompt. Target 8 %.
 * - end_to_end_lab_only: the same without what the phone itself spends in setup or the request asks for
 *   (model load, warm-up prompts, the idle window): the lab's own share.
 * - where the time goes (_turnaround.ts): the on-device gap between prompts cut at the host's stamps, and the
 *   setup phases.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchPhone } from '../measure/_phone';
import { TurnaroundProfile } from './_turnaround';

/** The repo's MMLU sample (57 subjects x 16 questions): 30 prompts need no full copy. */
const MMLU = resolve(import.meta.dirname, '../../test/fixtures/datasets/mmlu-sample');

const IDLE_MS = 1000;

type Bench = Awaited<ReturnType<typeof benchPhone>>;

async function campaign({ phone, lab }: Bench, lookahead: 0 | 1, seed: string, n = 30) {
  const profile = new TurnaroundProfile(phone.power.bootEpochMs);
  const onProgress = (p: Parameters<TurnaroundProfile['onProgress']>[0]) => profile.onProgress(p);
  lab.events.on('campaigns.progress', onProgress);
  try {
    const load0 = loadavg()[0]!;
    const t0 = performance.now();
    const started = await lab.services.campaigns.start(
      { devices: [phone.address], models: ['gemma-270m', 'qwen-600m'], dataset: MMLU, n, reps: 1, seed, maxTokens: 24, idleBaselineMs: IDLE_MS, warmup: 1, cooldown: { maxTempC: 60, timeoutMs: 0 } },
      { progressThrottleMs: 0, promptLookahead: lookahead, ...profile.hooks() },
    );
    const o = await started.finished;
    const wall = performance.now() - t0;
    profile.end();
    if (o.status !== 'done') throw new Error(`campaign ${o.status}: ${o.error}`);
    const rows = lab.repositories.results.measuredRows(started.runIds);
    const onDevice = rows.reduce((n, r) => n + (r.latencyMs ?? 0), 0);
    const { prompt_phase_wall_ms: phaseWall, ...where } = profile.report();
    // What of the setup the phone itself spends or the request asks for: model loads, warm-ups, and the idle
    // window (300 ms after ready + idleBaselineMs, per model). The rest of the setup is the lab's.
    const onPhoneSetup = where.setup_on_device_ms.model_load + where.setup_on_device_ms.warmups + 2 * (300 + IDLE_MS);
    return {
      lookahead,
      results: rows.length,
      on_device_ms: Math.round(onDevice),
      prompt_phase_wall_ms: phaseWall,
      prompt_phase_overhead_pct: +(100 * (phaseWall / onDevice - 1)).toFixed(2),
      campaign_wall_ms: Math.round(wall),
      end_to_end_overhead_pct: +(100 * (wall / onDevice - 1)).toFixed(2),
      end_to_end_lab_only_pct: +(100 * ((wall - onPhoneSetup) / onDevice - 1)).toFixed(2),
      loadavg_1m: [+load0.toFixed(2), +loadavg()[0]!.toFixed(2)],
      ...where,
    };
  } finally {
    lab.events.off('campaigns.progress', onProgress);
  }
}

async function main(): Promise<void> {
  const bench = await benchPhone('pixel');
  try {
    // Untimed: deploys the runner and both models, so neither timed campaign pays the first push.
    await campaign(bench, 1, 'overhead-prime', 2);
    const before = await campaign(bench, 0, 'overhead');
    const after = await campaign(bench, 1, 'overhead');
    const lab = (x: typeof before) => ({ phase: x.prompt_phase_wall_ms - x.on_device_ms, e2e: x.campaign_wall_ms - x.on_device_ms });
    process.stdout.write(`${JSON.stringify({
      bench: 'campaigns/overhead',
      before,
      after,
      // The lab's own time (wall minus on-device), after / before, same run.
      lab_time_ratio: { prompt_phase: +(lab(after).phase / lab(before).phase).toFixed(3), end_to_end: +(lab(after).e2e / lab(before).e2e).toFixed(3) },
      target_pct: { prompt_phase: 5, end_to_end: 8 },
      pass: after.prompt_phase_overhead_pct <= 5 && after.end_to_end_overhead_pct <= 8,
    })}\n`);
  } finally {
    await bench.close();
  }
}

await main();
