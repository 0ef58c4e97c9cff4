/**
 * Measured energy against the virtual phones' ground-truth ledgers: pixel and samsung with the fuel gauge, pixel
 * with ODPM; per prompt (long prompts, >= 10 meter updates, and short ones) and per model window.
 */
import { benchPhone } from './_phone';

const PROMPTS = [
  { id: 'long-1', text: 'Tell me about phones and batteries. '.repeat(30) },
  { id: 'short', text: 'hi' },
  { id: 'long-2', text: 'Explain energy. '.repeat(40) },
  { id: 'long-3', text: 'Describe the history of mobile computing in detail. '.repeat(25) },
];

async function one(vendor: 'pixel' | 'samsung', method: 'fuel-gauge' | 'odpm') {
  const { phone, lab, close } = await benchPhone(vendor);
  try {
    const { done } = await lab.services.runs.startQuickRun(
      { serial: phone.address, model: 'qwen-600m', prompts: PROMPTS, energyMethod: method, idleBaselineMs: 3000, maxTokens: 200 },
      { simEnv: { AURORA_SIM_DEVICE_SPEED: '0.6' } },
    );
    const o = (await done)!;
    const prompts = o.results.map((r) => {
      const truth = phone.power.energyJoules(r.tStartMs!, r.tEndMs!);
      return { id: r.promptId, updates: r.energy?.updates ?? 0, measured_j: +(r.energyJ ?? NaN).toFixed(4), ledger_j: +truth.toFixed(4), error_pct: +(((r.energyJ ?? NaN) / truth - 1) * 100).toFixed(2) };
    });
    const w = o.modelWindow!;
    const truth = phone.power.energyJoules(w.from, w.to);
    return { vendor, method, status: o.status, idle_baseline_w: o.idleBaselineW, model_error_pct: +((w.energyJ! / truth - 1) * 100).toFixed(2), prompts };
  } finally {
    await close();
  }
}

const out = [await one('pixel', 'fuel-gauge'), await one('samsung', 'fuel-gauge'), await one('pixel', 'odpm')];
const long = out.flatMap((o) => o.prompts.filter((p) => p.updates >= 10).map((p) => Math.abs(p.error_pct)));
process.stdout.write(`${JSON.stringify({
  bench: 'measure/energy-error',
  max_abs_error_pct_prompts_ge_10_updates: Math.max(...long),
  max_abs_model_error_pct: Math.max(...out.map((o) => Math.abs(o.model_error_pct))),
  runs: out,
})}\n`);
