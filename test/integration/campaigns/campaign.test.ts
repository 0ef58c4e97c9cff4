/**
 * Campaigns on two real virtual phones (pixel: ODPM; samsung: fuel gauge) through a real adb server and a real Lab:
 * the full 2 x 3 x 100 x 2 matrix with exact counts, a phone unplugged for 10 s mid-run, a runner crash, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../../src/shared/api/campaigns';
import { dispatch } from '../../../src/main/api/dispatch';
import { fingerprintItems } from '../../../src/main/datasets/fingerprint';
import { loadDataset } from '../../../src/main/datasets/dataset-registry';
import { sampleStratified } from '../../../src/main/datasets/sampling';
import type { Lab } from '../../../src/main/lab/lab';
import { parseCsv } from '../../../src/main/datasets/csv';
import { labWith, LEAN, LEAN_INTERNALS, MMLU_DIR, startPhones, usePrivateAdbServer, type PhoneSet } from './helpers';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let env: Awaited<ReturnType<typeof labWith>>;
let lab: Lab;
let pixel: string;
let samsung: string;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel', 'samsung']);
  env = await labWith(phones.phones);
  lab = env.lab;
  pixel = phones.phones[0]!.address;
  samsung = phones.phones[1]!.address;
  // The samsung measures with the fuel gauge, which needs a unit/sign calibration once per phone; a time-compressed
  // warm-up is too short for it, so calibrate once at normal speed (stored, then reused by every campaign).
  const cal = await lab.services.runs.startQuickRun({ serial: samsung, model: 'gemma-270m', prompts: [{ text: 'hi' }], idleBaselineMs: 1000, maxTokens: 4 });
  expect((await cal.done)?.calibrationId).not.toBeNull();
}, 90_000);

afterAll(async () => {
  await env?.close();
  await phones?.close();
  adbServer?.stop();
});

describe('campaign: 2 phones x 3 models x 100 MMLU prompts x 2 repetitions', () => {
  it('runs to completion with exact counts, no duplicates, stored plan and conditions', async () => {
    const service = lab.services.campaigns;
    const events: CampaignProgress[] = [];
    lab.events.on('campaigns.progress', (p) => events.push(p));
    const models = ['gemma-270m', 'smollm-360m', 'qwen-600m'];
    const t0 = Date.now();
    const started = await service.start({ devices: [pixel, samsung], models, dataset: MMLU_DIR, n: 100, reps: 2, seed: 'matrix-1', ...LEAN }, LEAN_INTERNALS);
    expect(started.total).toBe(1200);
    const o = await started.finished;
    const elapsed = Date.now() - t0;
    console.log(`2x3x100x2 campaign: ${elapsed} ms for ${o.done} results; on-device ${Math.round(o.onDeviceMs)} ms`);
    expect(o.status, o.error ?? '').toBe('done');
    const id = started.campaignId;

    // Exact counts: 1,200 results, 600 per device, 200 per (device, model), every (prompt, rep) once per model.
    const rows = lab.repositories.results.measuredRows(started.runIds);
    expect(rows).toHaveLength(1200);
    expect(rows.every((r) => r.ok && r.simulated)).toBe(true);
    for (const runId of started.runIds) {
      for (const m of models) {
        const cells = rows.filter((r) => r.runId === runId && r.modelId === m);
        expect(cells).toHaveLength(200);
        expect(new Set(cells.map((r) => `${r.promptId}/${r.rep}`)).size).toBe(200);
        expect(cells.filter((r) => r.rep === 0)).toHaveLength(100);
      }
    }
    expect(new Set(rows.map((r) => r.serial))).toEqual(new Set([pixel, samsung]));
    // The same 100 prompts everywhere, the stored selection is the seeded stratified sample, and its fingerprint proves it.
    const set = await loadDataset(MMLU_DIR);
    const expected = sampleStratified(set.items, 100, 'matrix-1');
    expect(new Set(rows.map((r) => r.promptId))).toEqual(new Set(expected.map((i) => i.id)));
    const info = await lab.handlers.campaigns.get({ campaignId: id });
    expect(info.selectionFingerprint).toBe(fingerprintItems(expected));
    expect(info.setFingerprint).toBe(set.fingerprint);
    // Each repetition has its own seeded order.
    const order = (rep: number) => rows.filter((r) => r.runId === started.runIds[0] && r.modelId === 'gemma-270m' && r.rep === rep).sort((a, b) => a.position - b.position).map((r) => r.promptId);
    expect(order(0)).not.toEqual(order(1));
    // Scored: correctness and unparsable recorded; energy per prompt on both meters.
    expect(rows.every((r) => r.correct !== null)).toBe(true);
    // A prompt's energy is stored, or flagged with its reason (a meter gap: none beats a wrong one).
    const results = started.runIds.flatMap((id) => lab.repositories.results.results(id));
    expect(results.filter((r) => r.energyJ !== null || r.energyFlag).length).toBeGreaterThan(1100);
    expect(results.filter((r) => r.energyFlag).every((r) => r.energyFlag!.reason.length > 20)).toBe(true);
    // Warm-ups are recorded apart (one per model and device), never in the results.
    expect(lab.db.prepare('SELECT COUNT(*) FROM warmup_results WHERE run_id IN (?, ?)').pluck().get(...started.runIds)).toBe(6);
    // Conditions per device run.
    expect(info.status).toBe('done');
    expect(info.conditions).toHaveLength(2);
    for (const c of info.conditions) {
      expect(c.fingerprint).toBeTruthy();
      expect(c.androidRelease).toBeTruthy();
      expect(c.runnerVersion).toBeTruthy();
      expect(c.engineVersion).toBeTruthy();
      expect(c.energyMethod).toBe(c.serial === pixel ? 'odpm' : 'fuel-gauge');
      expect(c.chargingState).toBeTruthy();
      expect(c.tempStartC).not.toBeNull();
      expect(c.models.map((m) => [m.modelId, m.status, m.done])).toEqual(models.map((m) => [m, 'done', 200]));
      expect(Object.keys(c.models[0]!.fileHashes).length).toBeGreaterThan(1);
    }
    // Live progress reached the end, with live power / tokens/s seen on the way.
    const last = events.filter((e) => e.campaignId === id).at(-1)!;
    expect(last).toMatchObject({ status: 'done', done: 1200, total: 1200 });
    expect(events.some((e) => e.devices.some((d) => d.powerW !== null && d.tokensPerSec !== null && d.modelId !== null))).toBe(true);
    expect(events.some((e) => e.etaMs !== null && e.etaMs > 0)).toBe(true);

    // Detail, list and export on the real run.
    const detail = await lab.handlers.campaigns.detail({ campaignId: id });
    const pooled = detail.models!.filter((m) => m.serial === null);
    expect(pooled.map((m) => [m.modelId, m.results])).toEqual(models.map((m) => [m, 400]));
    for (const m of detail.models!) {
      expect(m.ci95![0]).toBeLessThanOrEqual(m.accuracy!);
      expect(m.ci95![1]).toBeGreaterThanOrEqual(m.accuracy!);
      expect(m.totalMs.bins.reduce((n, b) => n + b.count, 0)).toBe(m.totalMs.n);
    }
    expect(detail.subjects!.models).toEqual(models);
    expect(detail.timeline!.map((t) => t.power.length > 10)).toEqual([true, true]);
    const listed = await lab.handlers.campaigns.list({ serial: samsung });
    expect(listed.map((c) => c.id)).toContain(id);
    expect(listed.find((c) => c.id === id)).toMatchObject({ done: 1200, total: 1200, status: 'done', simulated: true });

    const csv = await lab.handlers.campaigns.export({ campaignId: id, format: 'csv' });
    const json = await lab.handlers.campaigns.export({ campaignId: id, format: 'json' });
    const jrows = JSON.parse(json.text) as Array<Record<string, string | number | null>>;
    const records = parseCsv(csv.text, 'export.csv');
    const header = records[0]!.fields;
    expect(records).toHaveLength(1201);
    expect(jrows).toHaveLength(1200);
    // Round trip: every CSV cell is the JSON value as text (NULL = empty).
    records.slice(1).forEach((rec, i) => {
      header.forEach((col, j) => expect(rec.fields[j], `${col} row ${i}`).toBe(jrows[i]![col] === null ? '' : String(jrows[i]![col])));
    });
    expect(jrows.every((r) => r.simulated === 1)).toBe(true);
  }, 240_000);
});

describe('faults', () => {
  it('pauses a device unplugged for 10 s and resumes it by itself; the other device goes on', async () => {
    const service = lab.services.campaigns;
    let unplugged = 0;
    let samsungDuring = 0;
    let pluggedAt = 0;
    const started = await service.start(
      { devices: [pixel, samsung], models: ['gemma-270m'], dataset: MMLU_DIR, n: 80, reps: 1, seed: 'unplug', ...LEAN },
      {
        ...LEAN_INTERNALS,
        onStored: (serial, done) => {
          if (serial === pixel && done === 20 && unplugged === 0) {
            unplugged = Date.now();
            phones.phones[0]!.unplug();
            setTimeout(() => {
              pluggedAt = Date.now();
              phones.phones[0]!.plug();
            }, 10_000);
          }
          if (serial === samsung && unplugged && !pluggedAt) samsungDuring++;
        },
      },
    );
    const waiting: string[] = [];
    const onP = (p: CampaignProgress) => p.devices.forEach((d) => d.serial === pixel && waiting.push(d.state));
    lab.events.on('campaigns.progress', onP);
    const o = await started.finished;
    lab.events.off('campaigns.progress', onP);
    expect(o.status, o.error ?? '').toBe('done');
    expect(unplugged).toBeGreaterThan(0);
    expect(waiting).toContain('waiting-device');
    const rows = lab.repositories.results.measuredRows(started.runIds);
    expect(rows).toHaveLength(160);
    for (const runId of started.runIds) {
      const mine = rows.filter((r) => r.runId === runId);
      expect(mine).toHaveLength(80);
      expect(new Set(mine.map((r) => r.promptId)).size).toBe(80);
      expect(mine.every((r) => r.ok)).toBe(true);
    }
    const pixelRun = (await lab.handlers.campaigns.get({ campaignId: started.campaignId })).conditions.find((c) => c.serial === pixel)!;
    expect(pixelRun.warnings.join('\n')).toMatch(/offline for \d+ s; resumed where it stopped/);
    // The samsung kept measuring while the pixel was away (or had already finished).
    const samsungDone = rows.filter((r) => r.serial === samsung).length;
    expect(samsungDuring > 0 || samsungDone === 80).toBe(true);
  }, 120_000);

  it('names the phone that failed in the campaign error, when only the second of two phones fails (issue 11)', async () => {
    const service = lab.services.campaigns;
    let pulled = false;
    // The samsung (second device) is unplugged after its first stored prompt and not given back within the wait:
    // its part fails; the pixel (first device) finishes. A prompt is stored once the meter has reported past its end,
    // so at the lean 0.02 time scale a loaded machine can see all 12 prompts run before the first is stored (and the
    // part rightly ends done); at 0.5 the other 11 take seconds of the phone's clock.
    const started = await service.start(
      { devices: [pixel, samsung], models: ['gemma-270m'], dataset: MMLU_DIR, n: 12, reps: 1, seed: 'second-fails', ...LEAN },
      {
        ...LEAN_INTERNALS,
        simEnv: { AURORA_SIM_TIME_SCALE: '0.5' },
        deviceWaitMs: 1500,
        onStored: (serial) => {
          if (serial === samsung && !pulled) {
            pulled = true;
            phones.phones[1]!.unplug();
          }
        },
      },
    );
    let o;
    try {
      o = await started.finished;
    } finally {
      phones.phones[1]!.plug();
    }
    expect(pulled).toBe(true);
    expect(o.status).toBe('partial');
    const c = await lab.handlers.campaigns.get({ campaignId: started.campaignId });
    for (const error of [o.error, c.error]) {
      expect(error).toMatch(new RegExp(`^${samsung.replace(/\./g, '\\.')}: `));
      expect(error).not.toContain(`${pixel}:`);
    }
    const runs = c.conditions;
    expect(runs.find((r) => r.serial === pixel)?.status).toBe('done');
    expect(runs.find((r) => r.serial === samsung)?.status).not.toBe('done');
    // The samsung is back for the tests after this one.
    await expect.poll(() => lab.services.devices.answers(samsung), { timeout: 30_000, interval: 250 }).toBe(true);
  }, 90_000);

  it('marks a model whose runner crashes as failed with the error, and goes on with the next model', async () => {
    const service = lab.services.campaigns;
    // Requests 1..3 succeed (the warm-up and two prompts), the 4th aborts mid-decode: on every runner start.
    const started = await service.start(
      { devices: [pixel], models: ['gemma-270m', 'smollm-360m'], dataset: MMLU_DIR, n: 10, reps: 1, seed: 'crash', ...LEAN },
      { ...LEAN_INTERNALS, simEnv: { ...LEAN_INTERNALS.simEnv, AURORA_SIM_CRASH_AFTER: '3' } },
    );
    const o = await started.finished;
    expect(o.status).toBe('partial');
    const info = await lab.handlers.campaigns.get({ campaignId: started.campaignId });
    const models = info.conditions[0]!.models;
    expect(models.map((m) => m.status)).toEqual(['failed', 'failed']);
    for (const m of models) {
      expect(m.error).toMatch(/exit code 134|SIGABRT|simulated engine crash/);
      expect(m.done).toBe(3); // two answered, the crashed one stored as failed
    }
    const rows = lab.repositories.results.measuredRows(started.runIds);
    expect(rows.map((r) => [r.modelId, r.ok])).toEqual([
      ['gemma-270m', true], ['gemma-270m', true], ['gemma-270m', false],
      ['smollm-360m', true], ['smollm-360m', true], ['smollm-360m', false],
    ]);
  }, 60_000);
});

describe('bad input', () => {
  // As the CLI names a data set (its own argument: any file); over HTTP see test/integration/datasets/http-paths.test.ts.
  const start = (req: Record<string, unknown>) => dispatch(lab.handlers, 'campaigns', 'start', { devices: [pixel], models: ['gemma-270m'], dataset: MMLU_DIR, n: 5, ...req }, { caller: 'cli' }).then(() => null, (e: unknown) => e as { code: string; message: string; issues?: Array<{ path: string }> });

  it('names the field: empty selections, unknown model or device, n larger than the set', async () => {
    expect(await start({ devices: [] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'devices' }] });
    expect(await start({ models: [] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'models' }] });
    expect(await start({ dataset: '' })).toMatchObject({ code: 'bad-request', issues: [{ path: 'dataset' }] });
    expect(await start({ models: ['gemma-270m', 'no-such-model'] })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^models\.1: Unknown model "no-such-model"/) });
    expect(await start({ devices: ['nosuchphone:1'] })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^devices\.0: No device "nosuchphone:1"/) });
    // The repo's MMLU sample: 57 subjects x 16 questions.
    expect(await start({ n: 913 })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^n: Asked for 913 prompts but .* has only 912/) });
    expect(await start({ models: ['qwen-60m'] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'models.0' }], message: expect.stringMatching(/^models\.0: Unknown model "qwen-60m"\. Did you mean "qwen-600m"\? `aurora-lab models` lists/) });
    expect(await start({ subjects: ['astronomy', 'virolgy'] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'subjects.1' }], message: expect.stringMatching(/^subjects\.1: .* has no subject "virolgy"\. Did you mean "virology"\? Its 57 subjects: abstract_algebra, /) });
    expect(await start({ subjects: ['astronomy', 'virology'], n: 33 })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^n: Asked for 33 prompts but the 2 chosen subjects of .* have only 32: ask for at most 32\./) });
    expect(await start({ subjects: ['astronomy', 'astronomy'] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'subjects' }] });
    expect(await start({ dataset: '/no/such/set.jsonl' })).toMatchObject({ code: 'not-found', message: expect.stringMatching(/^dataset: Unknown data set/) });
  });

  it('surfaces malformed CSV and JSONL with the file and line', async () => {
    const bad = join(env.home, 'bad.jsonl');
    writeFileSync(bad, '{"question":"ok?","choices":["a","b","c","d"],"answer":"A"}\n{"question": "broken"\n');
    const e1 = await start({ dataset: bad, n: 1 });
    expect(e1).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^dataset: .*bad\.jsonl:2: not valid JSON/) });
    const csv = join(env.home, 'ragged_test.csv');
    writeFileSync(csv, 'What is 1+1?,1,2,3,4,B\nRagged row,1,2\n');
    const e2 = await start({ dataset: csv, n: 1 });
    expect(e2).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^dataset: .*ragged_test\.csv:2: .*ragged row/) });
  });
});
