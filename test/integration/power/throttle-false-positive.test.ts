/**
 * The throttling false positive, end to end: a one-prompt quick run on a cool virtual Pixel (thermal status 0)
 * used to be stored with throttled: true, because the idle CPUs' minimum frequency was read as "capped". Real adb
 * server, real runner, real SQLite; the reason column is read back from the database.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_ENV, measuredPhone, usePrivateAdbServer, type MeasuredPhone } from '../runs/helpers';

let pixel: MeasuredPhone;
let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  pixel = await measuredPhone('pixel');
}, 60_000);

afterAll(async () => {
  await pixel?.cleanup();
  adbServer?.stop();
});

describe('throttling on a cool phone', () => {
  it('stores a one-prompt quick run at thermal status 0 as not throttled, with no reason, though idle CPUs read far below their maximum', async () => {
    expect(pixel.phone.power.thermalStatus).toBe(0);
    const { done } = await pixel.lab.services.runs.startQuickRun(
      { serial: pixel.phone.address, model: 'qwen-600m', prompts: [{ id: 'one', text: 'Tell me about phones and batteries. '.repeat(12) }], idleBaselineMs: 4000, maxTokens: 120, warmup: false },
      { simEnv: SIM_ENV, thermalIntervalMs: 300 },
    );
    const o = (await done)!;
    expect(o.error).toBeNull();
    expect(o.results).toHaveLength(1);
    const r = o.results[0]!;
    // On a machine too busy to answer the thermal monitor in time, no reading may be back yet: null, not a guess.
    expect([0, null]).toContain(r.thermalStatus);
    expect(r.throttleReason).toBeNull();
    expect(r.throttled).toBe(false);

    const db = new Database(join(pixel.home, 'lab.sqlite'), { readonly: true });
    try {
      // The trap: CPUs far below their maximum in readings around the prompt (the idle baseline before it), which
      // the old rule, counting every reading near a prompt as busy, flagged as throttling.
      const samples = db.prepare('SELECT t_ms AS t, cpu_freq_ratio AS ratio FROM thermal_samples WHERE run_id = ?').all(o.runId) as Array<{ t: number | null; ratio: number | null }>;
      const pool = samples.filter((x) => x.t !== null && x.ratio !== null && x.t >= r.tStartMs! - 2500 && x.t <= r.tEndMs! + 500);
      if (pool.length >= 2) expect(pool.some((x) => x.ratio! < 0.7), JSON.stringify(samples)).toBe(true);
      expect(db.prepare('SELECT throttled, throttle_reason FROM prompt_results WHERE run_id = ?').get(o.runId)).toEqual({ throttled: 0, throttle_reason: null });
    } finally {
      db.close();
    }
  });
});
