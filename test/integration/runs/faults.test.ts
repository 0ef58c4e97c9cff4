/**
 * Faults on a real virtual phone: the runner crashing mid-prompt (the simulated engine's crash_after) is recorded
 * with its exit code and the lab goes on; a phone unplugged mid-prompt ends the run with what was stored kept;
 * garbled and truncated runner output lines become warnings, not crashes.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitNotCharging } from '../../../src/main/power/conditions';
import { RunnerError } from '../../../src/main/runner/errors';
import { RunnerSession } from '../../../src/main/runner/session';
import { measuredPhone, usePrivateAdbServer, type MeasuredPhone } from './helpers';

let m: MeasuredPhone;

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  m = await measuredPhone('samsung');
}, 60_000);

afterAll(async () => {
  await m?.cleanup();
  adbServer?.stop();
});

const SHORT = [{ text: 'hi' }, { text: 'hello there' }, { text: 'hey' }];

describe('runner faults', () => {
  it('records a runner crash mid-prompt with its exit code, restarts the runner, and goes on', async () => {
    // The fuel gauge is calibrated first (its load takes many engine requests), so the crash counter below counts
    // the warm-up and the prompts only.
    const cal = (await (await m.lab.services.runs.startQuickRun({ serial: m.phone.address, model: 'gemma-270m', prompts: [{ text: 'hi' }], idleBaselineMs: 1000, maxTokens: 4 })).done)!;
    expect(cal.calibrationId).not.toBeNull();
    const { done } = await m.lab.services.runs.startQuickRun(
      { serial: m.phone.address, model: 'gemma-270m', prompts: SHORT, idleBaselineMs: 1000, maxTokens: 40 },
      // Request 1 (the warm-up) succeeds, request 2 aborts halfway through decoding.
      { simEnv: { AURORA_SIM_CRASH_AFTER: '1' }, maxRestarts: 1 },
    );
    const o = (await done)!;
    const why = JSON.stringify({ error: o.error, results: o.results.map((r) => ({ ok: r.ok, error: r.error })), warnings: m.lab.repositories.runs.getRun(o.runId)?.warnings });
    expect(o.status, why).toBe('partial');
    expect(o.results.map((r) => r.ok)).toEqual([false, true, false]);
    const failed = o.results[0]!;
    expect(failed.error).toMatch(/exit code 134.*SIGABRT/);
    expect(failed.error).toMatch(/simulated engine crash/);
    expect(o.results[1]!.response).toBeTruthy();
    const run = m.lab.repositories.runs.getRun(o.runId)!;
    expect(run.status).toBe('partial');
    expect(run.warnings.join('\n')).toMatch(/Prompt 1: The runner died with exit code 134/);
    expect(m.lab.repositories.results.results(o.runId)).toHaveLength(3);

    // The lab goes on: the next run on the same phone works.
    const next = (await (await m.lab.services.runs.startQuickRun({ serial: m.phone.address, model: 'gemma-270m', prompts: [{ text: 'hi' }], idleBaselineMs: 1000, maxTokens: 20 })).done)!;
    expect(next.status).toBe('done');
    expect(m.lab.repositories.runs.listRuns({ serial: m.phone.address })).toHaveLength(3);
  });

  it('handles garbled and truncated output lines as warnings and still correlates results', async () => {
    const script = [
      '#!/bin/sh',
      "echo '{\"type\":\"sample\",\"t_ms\":1,\"current\":100,\"voltage\":4000000,\"charge_counter\":1,\"temp\":250}'",
      "echo 'garbage from a broken runner'",
      "echo '{\"type\":\"ready\",\"load_ms\":5,\"rss_mb\":1,\"engine\":\"fake\",\"simulated\":true,\"runner\":\"0.0.0\",\"model\":\"m\"}'",
      'read line',
      "echo '{\"type\":\"result\",\"id\":1,\"t_sta'",
      "echo '{\"type\":\"telemetry\",\"x\":1}'",
      "echo '{\"type\":\"result\",\"id\":1,\"ok\":true,\"t_start_ms\":10,\"t_end_ms\":20,\"decode_tokens\":3,\"response\":\"fine\"}'",
      'read line',
      "printf '{\"type\":\"bye\",\"rea'",
      '',
    ].join('\n');
    const local = join(m.home, 'fake-runner.sh');
    writeFileSync(local, script);
    chmodSync(local, 0o755);
    await m.lab.services.devices.bridge.push(m.phone.address, local, '/data/local/tmp/aurora/fake-runner.sh', { mode: 0o755 });
    const s = await RunnerSession.start({ bridge: m.lab.services.devices.bridge, serial: m.phone.address, modelPath: '/nowhere', sampleHz: 0, program: './fake-runner.sh' });
    expect(s.ready?.engine).toBe('fake');
    const r = await s.complete({ messages: [{ role: 'user', content: 'x' }] }, 10_000);
    expect(r).toMatchObject({ id: 1, response: 'fine', decode_tokens: 3 });
    expect(s.samples).toHaveLength(1);
    await s.close();
    const warnings = s.warnings.join('\n');
    expect(warnings).toMatch(/garbage from a broken runner/);
    expect(warnings).toMatch(/not JSON \(truncated or garbled output\)/);
    expect(warnings).toMatch(/unknown message type "telemetry"/);
    expect(warnings).toMatch(/"type":"bye","rea/); // the truncated last line at EOF
  });

  it('rejects a pending request with the exit code and stderr when the runner dies', async () => {
    const local = join(m.home, 'dying-runner.sh');
    writeFileSync(local, "#!/bin/sh\necho '{\"type\":\"ready\",\"load_ms\":1,\"rss_mb\":1,\"engine\":\"fake\",\"simulated\":true,\"runner\":\"0\",\"model\":\"m\"}'\nread line\necho 'out of memory in the engine' >&2\nexit 3\n");
    chmodSync(local, 0o755);
    await m.lab.services.devices.bridge.push(m.phone.address, local, '/data/local/tmp/aurora/dying-runner.sh', { mode: 0o755 });
    const s = await RunnerSession.start({ bridge: m.lab.services.devices.bridge, serial: m.phone.address, modelPath: '/nowhere', sampleHz: 0, program: './dying-runner.sh' });
    const err = await s.complete({ messages: [{ role: 'user', content: 'x' }] }, 10_000).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RunnerError);
    expect(err).toMatchObject({ code: 'runner-crashed', detail: { exitCode: 3 } });
    expect((err as RunnerError).message).toMatch(/out of memory in the engine/);
  });

  it('reports a model that fails to load (exit 2) with the engine error', async () => {
    const err = await RunnerSession.start({ bridge: m.lab.services.devices.bridge, serial: m.phone.address, modelPath: '/data/local/tmp/aurora/models/no-such-model', sampleHz: 0 }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'runner-init-failed', detail: { exitCode: 2 } });
    expect((err as Error).message).toMatch(/no-such-model/);
  });

  it('stores no fuel-gauge energy for prompts measured after a charger was plugged in, and says why', async () => {
    const LONG = 'Tell me a long story about batteries. '.repeat(10);
    const prompts = [{ text: LONG }, { text: LONG }, { text: LONG }, { text: LONG }];
    try {
      const { done } = await m.lab.services.runs.startQuickRun(
        { serial: m.phone.address, model: 'qwen-600m', prompts, idleBaselineMs: 1000, maxTokens: 120, warmup: false },
        { simEnv: { AURORA_SIM_DEVICE_SPEED: '0.5' }, thermalIntervalMs: 300, onPromptSent: (i) => { if (i === 1) m.phone.setCharging('usb'); } },
      );
      const o = (await done)!;
      expect(o.method).toBe('fuel-gauge');
      const stored = m.lab.repositories.results.results(o.runId);
      expect(stored).toHaveLength(4);
      expect(stored[0]!.energyJ, 'the prompt measured on battery keeps its energy').not.toBeNull();
      expect(stored.at(-1)!.energyJ, 'the last prompt ran on the charger').toBeNull();
      expect(stored.at(-1)!.ok, 'latency and the reply are still stored').toBe(true);
      expect(stored.every((r) => r.energyJ === null || r.energyJ > 0), 'no negative energy is stored').toBe(true);
      expect(m.lab.repositories.runs.getRun(o.runId)!.warnings.join('\n')).toMatch(/phone was charging during prompt \d+: the fuel gauge would have measured the charger/);
    } finally {
      m.phone.setCharging(null);
      // The phone reports the unplugged charger at its next gauge update; the next test needs it on battery.
      await waitNotCharging(m.lab.services.devices.bridge, m.phone.address, 10_000);
    }
  });

  it('ends the run when the phone is unplugged mid-prompt, keeping what was stored', async () => {
    const { done } = await m.lab.services.runs.startQuickRun(
      { serial: m.phone.address, model: 'qwen-600m', prompts: [{ text: 'hi' }, { text: 'Tell me a long story about batteries. '.repeat(20) }, { text: 'hey' }], idleBaselineMs: 1000, maxTokens: 200, warmup: false },
      { simEnv: { AURORA_SIM_DEVICE_SPEED: '0.3' }, onPromptSent: (i) => { if (i === 1) setTimeout(() => m.phone.unplug(), 400); } },
    );
    const o = (await done)!;
    m.phone.plug();
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/Lost .* while the runner was running|not reachable|disconnect/i);
    const stored = m.lab.repositories.results.results(o.runId);
    expect(stored[0]).toMatchObject({ ok: true, index: 0 });
    expect(stored[0]!.energyJ).not.toBeNull();
    expect(stored[1]).toMatchObject({ ok: false, index: 1 });
    expect(m.lab.repositories.runs.getRun(o.runId)!.status).toBe('failed');
  });

});
