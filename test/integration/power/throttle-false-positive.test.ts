/**
 * The throttling false positive, end to end: a one-prompt quick run on a cool virtual Pixel (thermal status 0)
 * used to be stored with throttled: true, because the idle CPUs' minimum frequency was read as "capped". Real adb
 * server, real runner, real SQLite; the reason column is read back from the database.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_ENV, measuredPhone, usePrivateAdbServer, type MeasuredPhone } from '../measure/helpers';

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
  it('stores a one-prompt quick run at thermal status 0 as not throttled, with no reason', async () => {
    expect(pixel.phone.power.thermalStatus).toBe(0);
    const { done } = await pixel.lab.runs.startQuickProfile(
      { serial: pixel.phone.address, model: 'qwen-600m', prompts: [{ id: 'one', text: 'Name a colour.' }], idleBaselineMs: 1500, maxTokens: 24, warmup: false },
      { simEnv: SIM_ENV, thermalIntervalMs: 300 },
    );
    const o = (await done)!;
    expect(o.error).toBeNull();
    expect(o.results).toHaveLength(1);
    const r = o.results[0]!;
    expect(r.thermalStatus).toBe(0);
    expect(r.throttled).toBe(false);
    expect(r.throttleReason).toBeNull();

    // The monitor did read idle CPUs far below their maximum around the prompt: the old rule flagged exactly that.
    const db = new Database(join(pixel.home, 'lab.sqlite'), { readonly: true });
    try {
      const ratios = db.prepare('SELECT cpu_freq_ratio FROM thermal_samples WHERE run_id = ?').pluck().all(o.runId) as number[];
      expect(ratios.some((x) => x < 0.7), `cpu_freq_ratio readings ${ratios.join(', ')}`).toBe(true);
      const row = db.prepare('SELECT throttled, throttle_reason FROM prompt_results WHERE run_id = ?').get(o.runId);
      expect(row).toEqual({ throttled: 0, throttle_reason: null });
    } finally {
      db.close();
    }
  });
});
