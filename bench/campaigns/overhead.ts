/**
 * End-to-end campaign overhead against the sum of on-device times: one virtual pixel (real adb server, real Lab,
 * real runner with the simulated engine at its modelled speed), 2 models x 30 MMLU prompts. On-device time is the
 * engine's total_ms of each stored prompt (the baseline, measured in the same run). Reported:
 * - prompt_phase_overhead: (wall time of the prompt phases, first prompt sent .. last result stored, per model)
 *   / on-device - 1: what the campaign machinery (adb round trips, scoring, energy accounting, SQLite commits,
 *   progress events) adds while prompts run. Target <= 5 %.
 * - end_to_end_overhead: (whole campaign wall time) / on-device - 1, including per-model setup (deploy check,
 *   cool-down gate, model load, 1 s idle baseline, 1 warm-up), which is fixed per model, not per prompt.
 */
import { resolve } from 'node:path';
import { benchPhone } from '../measure/_phone';

/** The repo's MMLU sample (57 subjects x 16 questions): 30 prompts need no full copy. */
const MMLU = resolve(import.meta.dirname, '../../test/fixtures/datasets/mmlu-sample');

async function main(): Promise<void> {
  const { phone, lab, close } = await benchPhone('pixel');
  try {
    const service = lab.services.campaigns;
    const phases: Array<{ model: string; from: number; to: number }> = [];
    let current: { model: string; from: number; to: number } | null = null;
    lab.events.on('campaigns.progress', (p) => {
      const d = p.devices[0];
      if (!d) return;
      if (d.phase === 'prompts' && d.modelId && (!current || current.model !== d.modelId)) {
        current = { model: d.modelId, from: performance.now(), to: performance.now() };
        phases.push(current);
      }
    });
    lab.events.on('runs.result', () => {
      if (current) current.to = performance.now();
    });
    const t0 = performance.now();
    const started = await service.start(
      { devices: [phone.address], models: ['gemma-270m', 'qwen-600m'], dataset: MMLU, n: 30, reps: 1, seed: 'overhead', maxTokens: 24, idleBaselineMs: 1000, warmup: 1, cooldown: { maxTempC: 60, timeoutMs: 0 } },
      { progressThrottleMs: 0 },
    );
    const o = await started.finished;
    const wall = performance.now() - t0;
    if (o.status !== 'done') throw new Error(`campaign ${o.status}: ${o.error}`);
    const rows = lab.repositories.results.measuredRows(started.runIds);
    const onDevice = rows.reduce((n, r) => n + (r.latencyMs ?? 0), 0);
    const phaseWall = phases.reduce((n, p) => n + (p.to - p.from), 0);
    process.stdout.write(`${JSON.stringify({
      bench: 'campaigns/overhead',
      results: rows.length,
      on_device_ms: Math.round(onDevice),
      prompt_phase_wall_ms: Math.round(phaseWall),
      prompt_phase_overhead_pct: +(100 * (phaseWall / onDevice - 1)).toFixed(2),
      campaign_wall_ms: Math.round(wall),
      end_to_end_overhead_pct: +(100 * (wall / onDevice - 1)).toFixed(2),
      median_prompt_on_device_ms: Math.round([...rows.map((r) => r.latencyMs ?? 0)].sort((a, b) => a - b)[rows.length >> 1]!),
      target_pct: 5,
      pass: phaseWall / onDevice - 1 <= 0.05,
    })}\n`);
  } finally {
    await close();
  }
}

await main();
