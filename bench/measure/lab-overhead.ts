/**
 * Lab overhead per prompt through the real adb server to a virtual phone: for each prompt, the lab's wall time
 * (request written → result line parsed) minus the runner's on-device time (t_end - t_start), median over 30
 * short prompts; and the on-device gap between one prompt's end and the next one's start (what the phone sees).
 * Target: median <= 5 ms.
 */
import type { ResultMessage } from '../../src/main/runner/protocol';
import { loadavg } from 'node:os';
import { benchPhone, median, percentile } from './_phone';

async function main(): Promise<void> {
  const { phone, lab, close } = await benchPhone('pixel');
  try {
    const sent = new Map<number, number>();
    const got: Array<{ recv: number; r: ResultMessage }> = [];
    const N = 30;
    const { done } = await lab.services.runs.startQuickRun(
      { serial: phone.address, model: 'gemma-270m', prompts: Array.from({ length: N }, (_, i) => ({ text: `Say something short, number ${i}.` })), maxTokens: 8, idleBaselineMs: 1000, energyMethod: 'fuel-gauge' },
      {
        onPromptSent: (i) => sent.set(i, performance.now()),
        onSession: (s) => s.on('message', (m) => {
          if (m.type === 'result') got.push({ recv: performance.now(), r: m as ResultMessage });
        }),
      },
    );
    const o = await done;
    if (!o || o.status !== 'done') throw new Error(`run failed: ${o?.error}`);
    // got[0] is the warm-up (sent before any onPromptSent); prompt i is got[i + 1].
    const overhead: number[] = [];
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) {
      const g = got[i + 1]!;
      overhead.push(g.recv - sent.get(i)! - (g.r.t_end_ms - g.r.t_start_ms));
      if (i > 0) gaps.push(g.r.t_start_ms - got[i]!.r.t_end_ms);
    }
    process.stdout.write(`${JSON.stringify({
      bench: 'measure/lab-overhead',
      prompts: N,
      median_overhead_ms: +median(overhead).toFixed(2),
      p90_overhead_ms: +percentile(overhead, 0.9).toFixed(2),
      median_on_device_gap_ms: +median(gaps).toFixed(2),
      p90_on_device_gap_ms: +percentile(gaps, 0.9).toFixed(2),
      median_prompt_on_device_ms: +median(got.slice(1).map((g) => g.r.t_end_ms - g.r.t_start_ms)).toFixed(1),
      // Where a prompt's time beyond the engine's own total_time_ms goes: inside the runner (t_end - t_start minus
      // the engine's total) and between prompts (the on-device gap above: the lab's turnaround).
      median_runner_minus_engine_ms: +median(got.slice(1).filter((g) => g.r.total_time_ms !== undefined).map((g) => g.r.t_end_ms - g.r.t_start_ms - g.r.total_time_ms!)).toFixed(2),
      loadavg_1m: +loadavg()[0]!.toFixed(2),
      target_ms: 5,
      note: 'overhead = lab wall time (write request -> result parsed, adb round trip included) minus the runner\'s t_end - t_start',
    })}\n`);
  } finally {
    await close();
  }
}

await main();
