/**
 * The lab's turnaround between prompts on a quick run through the real adb server to a virtual phone, with the
 * prompts pipelined (the lab as it ships) against the baseline that writes each prompt only after the previous
 * reply was read (`promptLookahead: 0`), in the same run: the on-device gap between one prompt's end and the next
 * one's start (what the phone sees), cut at the host's stamps (bench/campaigns/_turnaround.ts), over 30 short
 * prompts each. Target: median gap <= 5 ms.
 */
import { loadavg } from 'node:os';
import { TurnaroundProfile } from '../campaigns/_turnaround';
import { benchPhone } from './_phone';

const N = 30;

async function main(): Promise<void> {
  const { phone, lab, close } = await benchPhone('pixel');
  try {
    const out: Record<string, unknown> = {};
    for (const lookahead of [0, 1] as const) {
      const profile = new TurnaroundProfile(phone.power.bootEpochMs);
      const { onSession, onPromptSent } = profile.hooks();
      const load0 = loadavg()[0]!;
      const { done } = await lab.services.runs.startQuickRun(
        { serial: phone.address, model: 'gemma-270m', prompts: Array.from({ length: N }, (_, i) => ({ text: `Say something short, number ${i}.` })), maxTokens: 8, idleBaselineMs: 1000, energyMethod: 'fuel-gauge' },
        { onSession, onPromptSent, promptLookahead: lookahead },
      );
      const o = await done;
      if (!o || o.status !== 'done') throw new Error(`run failed: ${o?.error}`);
      const { turnaround_ms: t } = profile.report();
      out[lookahead === 0 ? 'baseline_sequential' : 'pipelined'] = { ...t, loadavg_1m: [+load0.toFixed(2), +loadavg()[0]!.toFixed(2)] };
    }
    process.stdout.write(`${JSON.stringify({ bench: 'measure/lab-overhead', prompts: N, ...out, target_median_gap_ms: 5 })}\n`);
  } finally {
    await close();
  }
}

await main();
