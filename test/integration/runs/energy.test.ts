/**
 * Fuel-gauge energy on pixel and samsung virtual phones against the phones' ground-truth ledgers: each model's
 * energy over its prompts within 3%, per-prompt energy within 5% for prompts spanning >= 10 gauge updates;
 * latencies copied exactly from the runner; unit and sign calibration right for both vendors; results stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuickRunOutcome } from '../../../src/main/runs/quick-run';
import { LONG_PROMPTS, SIM_ENV, measuredPhone, usePrivateAdbServer, relErr, type MeasuredPhone } from './helpers';

const phones: Partial<Record<'pixel' | 'samsung', MeasuredPhone>> = {};
const outcomes: Partial<Record<'pixel' | 'samsung', QuickRunOutcome>> = {};

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  for (const vendor of ['pixel', 'samsung'] as const) {
    const m = await measuredPhone(vendor);
    phones[vendor] = m;
    const { done } = await m.lab.services.runs.startQuickRun(
      { serial: m.phone.address, model: 'qwen-600m', prompts: LONG_PROMPTS, energyMethod: 'fuel-gauge', idleBaselineMs: 2500, maxTokens: 200 },
      { simEnv: SIM_ENV },
    );
    outcomes[vendor] = (await done)!;
  }
}, 180_000);

afterAll(async () => {
  for (const m of Object.values(phones)) await m?.cleanup();
  adbServer?.stop();
});

describe.each(['pixel', 'samsung'] as const)('fuel-gauge measurement on the %s virtual phone', (vendor) => {
  it('completes and stores every prompt with its method, rate and sample count', () => {
    const o = outcomes[vendor]!;
    expect(o.error).toBeNull();
    expect(o.status).toBe('done');
    expect(o.method).toBe('fuel-gauge');
    expect(o.results).toHaveLength(3);
    const m = phones[vendor]!;
    const stored = m.lab.repositories.results.results(o.runId);
    expect(stored.map((r) => r.promptId)).toEqual(['long-1', 'short', 'long-2']);
    for (const r of stored) {
      expect(r.simulated).toBe(true);
      expect(r.energy).toMatchObject({ method: 'fuel-gauge', sampleHz: 20 });
      expect(r.energy!.sampleCount).toBeGreaterThan(5);
      expect(r.tempStartC).toBeGreaterThan(15);
      expect(r.thermalStatus).not.toBeNull();
    }
    const run = m.lab.repositories.runs.getRun(o.runId)!;
    expect(run).toMatchObject({ simulated: true, energyMethod: 'fuel-gauge', chargingState: 'discharging', runnerVersion: '0.1.0' });
    expect(run.engineVersion).toMatch(/^cactus-sim\//);
    expect(run.models[0]!.fileHashes['aurora-runner']).toMatch(/^[0-9a-f]{64}$/);
    expect(m.lab.repositories.results.samples(o.runId).length).toBeGreaterThan(100);
  });

  it('calibrates the fuel gauge units and sign for the vendor, and stores the calibration', () => {
    const m = phones[vendor]!;
    const f = m.lab.services.devices.find(m.phone.address)!.facts!;
    const cal = m.lab.repositories.runs.latestCalibration(m.phone.address, f.fingerprint)!;
    expect(cal.id).toBe(outcomes[vendor]!.calibrationId);
    if (vendor === 'pixel') expect(cal).toMatchObject({ currentUnit: 'uA', dischargeSign: -1, voltageUnit: 'uV' });
    else expect(cal).toMatchObject({ currentUnit: 'mA', dischargeSign: 1, voltageUnit: 'uV' });
    expect(cal.loadWatts).toBeGreaterThan(cal.idleWatts);
  });

  it("measures the model's energy over its prompts within 3% of the ledger", () => {
    const o = outcomes[vendor]!;
    const w = o.modelWindow!;
    const truth = phones[vendor]!.phone.power.energyJoules(w.from, w.to);
    // Which side drifted, if this fails: the sampler's longest silence inside the window (a starved sampler).
    const ts = phones[vendor]!.lab.repositories.results.samples(o.runId).map((x) => x.tMs).filter((t) => t >= w.from && t <= w.to);
    const gap = Math.max(0, ...ts.slice(1).map((t, i) => t - ts[i]!));
    expect(relErr(w.energyJ!, truth), `${w.energyJ!.toFixed(3)} J vs ledger ${truth.toFixed(3)} J (longest sample gap ${gap.toFixed(0)} ms)`).toBeLessThan(0.03);
  });

  it('measures per-prompt energy within 5% of the ledger for prompts spanning >= 10 gauge updates, and notes coarse ones', () => {
    const o = outcomes[vendor]!;
    const long = o.results.filter((r) => r.energy!.updates >= 10);
    expect(long.length, 'the long prompts span >= 10 gauge updates').toBeGreaterThanOrEqual(2);
    for (const r of long) {
      const truth = phones[vendor]!.phone.power.energyJoules(r.tStartMs!, r.tEndMs!);
      expect(relErr(r.energyJ!, truth), `prompt ${r.promptId}: ${r.energyJ!.toFixed(3)} J vs ledger ${truth.toFixed(3)} J`).toBeLessThan(0.05);
      expect(r.energy!.resolutionNote).toBeNull();
      expect(r.netEnergyJ!).toBeLessThan(r.energyJ!);
      expect(r.energyPerTokenJ).toBeCloseTo(r.netEnergyJ! / r.outputTokens!, 9);
      expect(r.avgPowerW!).toBeGreaterThan(o.idleBaselineW!);
    }
    for (const r of o.results.filter((x) => x.energy!.updates < 10)) expect(r.energy!.resolutionNote).toMatch(/coarse/);
  });

  it("copies latencies exactly from the runner's own figures", () => {
    const m = phones[vendor]!;
    const rows = m.lab.db.prepare('SELECT * FROM prompt_results WHERE run_id = ? ORDER BY position').all(outcomes[vendor]!.runId) as Array<Record<string, number | string>>;
    for (const row of rows) {
      const raw = JSON.parse(row.raw_json as string) as Record<string, number>;
      expect(row.ttft_ms).toBe(raw.time_to_first_token_ms);
      expect(row.prefill_tps).toBe(raw.prefill_tps);
      expect(row.decode_tps).toBe(raw.decode_tps);
      expect(row.total_ms).toBe(raw.total_time_ms);
      expect(row.output_tokens).toBe(raw.decode_tokens);
      expect(row.prefill_tokens).toBe(raw.prefill_tokens);
      expect(row.peak_ram_mb).toBe(raw.ram_usage_mb);
      expect(row.t_start_ms).toBe(raw.t_start_ms);
      expect(row.t_end_ms).toBe(raw.t_end_ms);
      // The line is stored without the reply it carried: that is the response column (db/0028).
      expect(typeof row.response).toBe('string');
      expect(raw).not.toHaveProperty('response');
    }
  });

  it('serves a power timeline with prompt boundaries and the idle baseline', () => {
    const m = phones[vendor]!;
    const t = m.lab.services.runs.powerTimeline(outcomes[vendor]!.runId, 200)!;
    expect(t.method).toBe('fuel-gauge');
    expect(t.points.length).toBeGreaterThan(20);
    expect(t.points.length).toBeLessThanOrEqual(200);
    expect(t.prompts).toHaveLength(3);
    expect(t.baselines[0]!.watts).toBeCloseTo(outcomes[vendor]!.idleBaselineW!, 9);
    expect(t.thermal.length, 'thermal readings stored during the run').toBeGreaterThan(0);
    expect(t.thermal[0]!.tempC).toBeGreaterThan(15);
  });
});
