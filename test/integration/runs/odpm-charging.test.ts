/**
 * ODPM on the pixel virtual phone (chosen by `auto`, valid while charging) against the ledger; the fuel gauge
 * refused on a charging phone with the reasons and the fixes; Pixel battery input suspended on request and restored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../src/main/api/lab-error';
import { sh } from '../../../src/main/devices/shell-command';
import { LONG_PROMPTS, SIM_ENV, measuredPhone, usePrivateAdbServer, relErr, type MeasuredPhone } from './helpers';

let pixel: MeasuredPhone;
let samsung: MeasuredPhone;

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  pixel = await measuredPhone('pixel', { charging: 'usb' });
  samsung = await measuredPhone('samsung');
}, 60_000);

afterAll(async () => {
  await pixel?.cleanup();
  await samsung?.cleanup();
  adbServer?.stop();
});

describe('ODPM and charging', () => {
  it('uses ODPM on a charging pixel (auto) and matches the ledger', async () => {
    const { done } = await pixel.lab.services.runs.startQuickRun(
      { serial: pixel.phone.address, model: 'qwen-600m', prompts: [LONG_PROMPTS[0]!, LONG_PROMPTS[2]!], idleBaselineMs: 2000, maxTokens: 200, warmup: false },
      { simEnv: SIM_ENV },
    );
    const o = (await done)!;
    expect(o.error).toBeNull();
    expect(o.method).toBe('odpm');
    const run = pixel.lab.repositories.runs.getRun(o.runId)!;
    expect(run.energyMethod).toBe('odpm');
    expect(run.chargingState).toBe('charging:usb');
    const w = o.modelWindow!;
    const truth = pixel.phone.power.energyJoules(w.from, w.to);
    expect(relErr(w.energyJ!, truth), `${w.energyJ} vs ${truth}`).toBeLessThan(0.03);
    for (const r of o.results) {
      expect(r.energy).toMatchObject({ method: 'odpm', sampleHz: 5 });
      expect(r.energy!.updates).toBeGreaterThanOrEqual(10);
      const t = pixel.phone.power.energyJoules(r.tStartMs!, r.tEndMs!);
      expect(relErr(r.energyJ!, t), `prompt ${r.promptId}: ${r.energyJ} vs ${t}`).toBeLessThan(0.05);
    }
    expect(pixel.lab.repositories.results.samples(o.runId).filter((s) => s.source === 'odpm').length).toBeGreaterThan(20);
  });

  it('refuses the fuel gauge on a charging phone, saying why and how to fix it; nothing runs', async () => {
    samsung.phone.setCharging('usb');
    // The battery service reports the charger from the next fuel-gauge update (~300 ms), as a phone does.
    await new Promise((r) => setTimeout(r, 700));
    try {
      const err = await samsung.lab.api.runs.quickRun({ serial: samsung.phone.address, model: 'qwen-600m', prompts: [{ text: 'hi' }] })
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).message).toMatch(/charging/);
      expect((err as LabError).message).toMatch(/Wi-Fi debugging/);
      expect((err as LabError).message).not.toMatch(/battery_input/); // not a Pixel
      expect(samsung.lab.repositories.runs.listRuns({ serial: samsung.phone.address })).toHaveLength(0);
      const px = await pixel.lab.api.runs.quickRun({ serial: pixel.phone.address, model: 'qwen-600m', prompts: [{ text: 'hi' }], energyMethod: 'fuel-gauge' })
        .then(() => null, (e: unknown) => e);
      expect((px as LabError).message).toMatch(/setprop power\.battery_input\.suspended true/);
    } finally {
      samsung.phone.setCharging(null);
    }
  });

  it('suspends Pixel battery input on request, measures with the fuel gauge, and restores it', async () => {
    const { done } = await pixel.lab.services.runs.startQuickRun(
      {
        serial: pixel.phone.address, model: 'qwen-600m', prompts: [{ text: 'hi' }], energyMethod: 'fuel-gauge', suspendCharging: true, idleBaselineMs: 1500,
        // A gate the phone cannot meet: the run waits up to the timeout, then goes on with a warning.
        cooldown: { maxTempC: 20, timeoutMs: 0 },
      },
      { simEnv: SIM_ENV },
    );
    const o = (await done)!;
    expect(o.error).toBeNull();
    expect(o.method).toBe('fuel-gauge');
    const run = pixel.lab.repositories.runs.getRun(o.runId)!;
    expect(run.chargingState).toBe('input-suspended');
    expect(run.warnings.join('\n')).toMatch(/Cool-down timed out after 0 s at \d+\.\d C \(threshold 20 C\)/);
    const prop = await pixel.lab.services.devices.bridge.shell(pixel.phone.address, sh('getprop', 'power.battery_input.suspended'));
    expect(prop.stdout.toString().trim()).toBe('false');
    const cal = pixel.lab.repositories.runs.latestCalibration(pixel.phone.address, pixel.lab.services.devices.find(pixel.phone.address)!.facts!.fingerprint)!;
    expect(cal).toMatchObject({ currentUnit: 'uA', dischargeSign: -1 });
  });
});
