/**
 * Profiles from real virtual-phone runs: three models x the 42 starter prompts through the REAL run pipeline
 * (deploy, runner, simulated engine with AURORA_SIM_TIME_SCALE=0.05, ODPM energy, results stored in SQLite), then
 * - `profiles.build` (lexical): error counts per cluster equal the stored prompt_results, the estimate follows,
 *   costs are the stored medians, the profile is flagged simulated, progress events arrive;
 * - the device embedder: the runner's vectors, cached (a second call and a fresh embedder make no device round trip);
 *   a build and a route with it;
 * - the CLI end to end: build-profile from the runs in this lab home, route with the v2 file and with the seed
 *   fixture + --embedding, import/export/list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileBuildProgress, RouteDecision } from '../../../src/shared/api/profiles';
import { dispatch } from '../../../src/main/api/dispatch';
import { loadDataset } from '../../../src/main/datasets';
import { ProfilesService } from '../../../src/main/profiles/service';
import type { Lab } from '../../../src/main/lab/lab';
import { assignCluster, compileRouter, embedderFromSpec, parseAnyProfile, parseProfileV2 } from '../../../src/main/routing';
import type { ProfileV2 } from '../../../src/main/routing';
import { REMOTE_DIR, RunnerSession } from '../../../src/main/runner/session';
import { simulatedEngineEnv } from '../../../src/main/runner/artifacts';
import { runCli } from '../../helpers/lab-process';
import { SEED_PROFILE } from '../../helpers/fixtures';
import { measuredPhone, usePrivateAdbServer, type MeasuredPhone } from '../runs/helpers';

const MODELS = ['gemma-270m', 'qwen-600m', 'qwen-1.7b'];
const SIM = { AURORA_SIM_TIME_SCALE: '0.05' };
const seedFixture = SEED_PROFILE;

/** A router profiles service on the lab's own parts, with the simulated engine's env for its device embedder. */
function profilesOf(lab: Lab, home: string, simEnv?: Record<string, string>): ProfilesService {
  const { repositories: r, services } = lab;
  return new ProfilesService({ repository: r.profiles, cache: r.embeddings, home, runs: services.runs, results: r.results, devices: services.devices, ...(simEnv ? { simEnv } : {}) });
}

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let mp: MeasuredPhone;
const runIds: string[] = [];

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  mp = await measuredPhone('pixel');
  const set = await loadDataset('starter');
  const prompts = set.items.map((it) => ({ id: it.id, text: it.question, choices: it.choices!, answer: it.answer!, subject: it.subject }));
  for (const model of MODELS) {
    const { runId, done } = await mp.lab.services.runs.startQuickRun({ serial: mp.phone.address, model, prompts, idleBaselineMs: 500, maxTokens: 16 }, { simEnv: SIM });
    const out = await done;
    expect(out?.status, out?.error ?? '').toBe('done');
    runIds.push(runId);
  }
}, 150_000);

afterAll(async () => {
  await mp?.cleanup();
  adbServer?.stop();
});

/** Per model: correctness of each stored prompt, straight from prompt_results. */
function storedCorrectness(): Map<string, Map<string, 0 | 1>> {
  const rows = mp.lab.db
    .prepare(`SELECT rm.model_id, pr.prompt_id, pr.correct FROM prompt_results pr JOIN run_models rm ON rm.id = pr.run_model_id WHERE pr.run_id IN (?, ?, ?) AND pr.ok = 1`)
    .all(...runIds) as Array<{ model_id: string; prompt_id: string; correct: 0 | 1 }>;
  const out = new Map<string, Map<string, 0 | 1>>();
  for (const r of rows) {
    if (!out.has(r.model_id)) out.set(r.model_id, new Map());
    out.get(r.model_id)!.set(r.prompt_id, r.correct);
  }
  return out;
}

describe('profiles built from virtual-phone runs', () => {
  it('has per-cluster error counts equal to the stored results, the smoothed estimate, stored costs, and the simulated flag', async () => {
    const events: ProfileBuildProgress[] = [];
    const listener = (p: ProfileBuildProgress) => events.push(p);
    mp.lab.events.on('profiles.progress', listener);
    const res = (await dispatch(mp.lab.handlers, 'profiles', 'build', { runIds, k: 3, seed: 7, buildId: 'test-build-1' })) as { profileId: string; buildId: string };
    mp.lab.events.off('profiles.progress', listener);
    expect(res.buildId).toBe('test-build-1');
    expect(events.map((e) => e.phase)).toEqual(['loading-runs', 'embedding', 'choosing-k', 'clustering', 'describing', 'storing', 'done']);
    expect(events.at(-1)!.profileId).toBe(res.profileId);

    const service = profilesOf(mp.lab, mp.home);
    const summary = mp.lab.repositories.profiles.summary(res.profileId)!;
    expect(summary).toMatchObject({ source: 'built', simulated: true, runIds, k: 3 });
    const p = service.profile(res.profileId);
    expect(p.provenance.simulated).toBe(true);
    expect(p.provenance.notes).toMatch(/SIMULATED/);
    expect(p.models.map((m) => m.id)).toEqual(MODELS); // size order
    expect(p.provenance.n_prompts).toBe(42);

    // Independently: cluster every training prompt with the profile's own embedder and centroids, count from SQLite.
    const embedder = embedderFromSpec(p.embedder);
    const router = compileRouter(p);
    const text = new Map(p.clusters.info!.flatMap((c) => c.examples.map((e) => [e.id, e.text])));
    const prompts = mp.lab.db.prepare('SELECT DISTINCT prompt_id, prompt FROM prompt_results WHERE run_id = ?').all(runIds[0]) as Array<{ prompt_id: string; prompt: string }>;
    for (const r of prompts) text.set(r.prompt_id, r.prompt);
    const stored = storedCorrectness();
    const s = p.estimation!.prior_strength;
    for (const m of p.models) {
      const errors = new Array<number>(p.clusters.k).fill(0);
      const n = new Array<number>(p.clusters.k).fill(0);
      for (const id of p.evaluation!.split.train_ids) {
        const c = assignCluster(router, embedder.embedSync(text.get(id)!));
        const y = stored.get(m.id)!.get(id)!;
        n[c]!++;
        if (y === 0) errors[c]!++;
      }
      expect(m.n).toEqual(n);
      expect(m.errors).toEqual(errors);
      const p0 = errors.reduce((a, b) => a + b, 0) / n.reduce((a, b) => a + b, 0);
      expect(m.overall_error_rate).toBeCloseTo(p0, 12);
      m.error_rates.forEach((e, c) => expect(e).toBeCloseTo((errors[c]! + s * p0) / (n[c]! + s), 12));
      m.raw_error_rates!.forEach((r, c) => expect(r).toBe(n[c] ? errors[c]! / n[c]! : null));
    }
    expect(p.clusters.info!.reduce((a, c) => a + c.size, 0)).toBe(p.evaluation!.split.train_ids.length);

    // Costs: the stored medians, per device, with method and sample count.
    const device = Object.keys(p.models[0]!.costs)[0]!;
    expect(p.provenance.devices).toEqual([device]);
    for (const m of p.models) {
      const lat = (mp.lab.db.prepare('SELECT pr.total_ms FROM prompt_results pr JOIN run_models rm ON rm.id = pr.run_model_id WHERE rm.model_id = ? AND pr.run_id IN (?, ?, ?) AND pr.ok = 1 ORDER BY pr.total_ms').all(m.id, ...runIds) as Array<{ total_ms: number }>).map((r) => r.total_ms);
      const med = (lat[20]! + lat[21]!) / 2;
      expect(m.costs[device]!.latency_ms).toEqual({ value: med, method: 'median of 42 prompts: engine total_time_ms', samples: 42 });
      expect(m.costs[device]!.energy_j!.method).toMatch(/odpm/);
      expect(m.costs[device]!.decode_tok_s!.samples).toBe(42);
      expect(m.costs[device]!.peak_ram_mb!.value).toBeGreaterThan(0);
    }

    // The detail view and routing through the API; energy routing works because every model was measured.
    const detail = await mp.lab.handlers.profiles.get({ profileId: res.profileId });
    expect(detail.costMetrics).toContainEqual({ kind: 'energy', device });
    expect(detail.clusters.flatMap((c) => c.topSubjects.map((t) => t.subject))).toEqual(expect.arrayContaining(['arithmetic']));
    const d = (await dispatch(mp.lab.handlers, 'profiles', 'route', { profileId: res.profileId, prompt: 'What is 17 + 26?', preference: 0.3, costMetric: 'energy' })) as RouteDecision;
    expect(d.costMetric).toEqual({ kind: 'energy', device });
    const best = d.scores.reduce((a, b) => (b.score! < a.score! ? b : a));
    expect(d.pick).toBe(best.modelId);
    const limited = await mp.lab.handlers.profiles.route({ profileId: res.profileId, prompt: 'What is 17 + 26?', available: ['qwen-1.7b'] });
    expect(limited.pick).toBe('qwen-1.7b');
  });

  it('device embedder: the runner\'s own vectors, cached so a second call makes no device round trip', async () => {
    const service = profilesOf(mp.lab, mp.home, SIM);
    const texts = ['What is 17 + 26?', 'Which planet is largest?', 'What is 17 + 26?'];
    const e = await service.deviceEmbedder(mp.phone.address, 'qwen-600m');
    expect(e.spec).toMatchObject({ type: 'external', model: 'cactus/qwen-600m', dim: 1024 });
    const first = await e.embed(texts);
    expect(e.stats).toMatchObject({ deviceRequests: 2, cacheHits: 0, sessions: 1 });
    expect(first[0]).toEqual(first[2]);
    const again = await e.embed(texts);
    expect(e.stats).toMatchObject({ deviceRequests: 2, cacheHits: 3, sessions: 1 });
    expect(again).toEqual(first);
    await e.close();

    // A fresh embedder (a new lab process) finds them in SQLite and never starts the runner.
    const fresh = await service.deviceEmbedder(mp.phone.address, 'qwen-600m');
    expect(await fresh.embed(texts.slice(0, 2))).toEqual(first.slice(0, 2));
    expect(fresh.stats).toMatchObject({ deviceRequests: 0, sessions: 0 });
    await fresh.close();

    // The runner asked directly gives the same vectors.
    const facts = mp.lab.services.devices.find(mp.phone.address)!.facts!;
    const s = await RunnerSession.start({ bridge: mp.lab.services.devices.bridge, serial: mp.phone.address, modelPath: `${REMOTE_DIR}/models/qwen-600m`, sampleHz: 0, env: simulatedEngineEnv(facts, SIM) });
    try {
      for (const [i, t] of texts.slice(0, 2).entries()) {
        const m = (await s.request({ type: 'embed', text: t, normalize: true })) as { type: string; dim: number; vector: number[] };
        expect(m.type).toBe('embedding');
        expect(first[i]).toEqual(Float32Array.from(m.vector));
      }
    } finally {
      await s.close();
    }
  });

  it('builds with the device embedder and routes with the phone', async () => {
    const service = profilesOf(mp.lab, mp.home, SIM);
    const { profileId } = await service.build({ runIds, k: 2, embedder: 'device', deviceSerial: mp.phone.address, seed: 3 });
    const p = service.profile(profileId);
    expect(p.embedder).toMatchObject({ type: 'external', model: 'cactus/qwen-600m', dim: 1024 });
    expect(mp.lab.repositories.profiles.summary(profileId)!.embeddable).toBe('device');
    await expect(service.route({ profileId }, { prompt: 'What is 17 + 26?' })).rejects.toMatchObject({ issues: [{ path: 'deviceSerial' }] });
    const before = service.cache.count();
    const d = await service.route({ profileId }, { prompt: 'What is 17 + 26?', deviceSerial: mp.phone.address });
    expect(d.embeddedWith).toBe('device');
    expect(service.cache.count()).toBe(before); // a training prompt: embedded during the build, served from the cache
  });

  // Eleven CLI processes, each starting the lab core through tsx (~2 s of CPU apiece): on a machine whose two cores
  // are busy that alone took more than the default 60 s. The budget is for the processes, not a speed target.
  it('CLI: build-profile from the runs, route with the v2 file and with the seed fixture + --embedding, import/export/list', { timeout: 300_000 }, async () => {
    const out = join(mp.home, 'built.json');
    const build = await runCli(['--home', mp.home, 'build-profile', ...runIds.flatMap((r) => ['--run', r]), '--k', '3', '--seed', '7', '--out', out, '--json'], {}, 180_000);
    expect(build.code, build.stderr).toBe(0);
    const built = JSON.parse(build.stdout) as { profileId: string; k: number; simulated: boolean; models: string[] };
    expect(built).toMatchObject({ k: 3, simulated: true, models: MODELS });
    const file = parseProfileV2(readFileSync(out));
    expect(file.provenance.run_ids).toEqual(runIds);

    const r = await runCli(['route', '--profile', out, '--prompt', 'A baker puts 6 rolls in each bag. How many bags for 54 rolls?', '--preference', '0.7', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as RouteDecision;
    const router = compileRouter(file);
    const cluster = assignCluster(router, embedderFromSpec(file.embedder).embedSync('A baker puts 6 rolls in each bag. How many bags for 54 rolls?'));
    expect(d.cluster).toBe(cluster);
    expect(d.scores.map((s) => s.modelId)).toEqual(MODELS);
    expect(d.pick).toBe(d.scores.reduce((a, b) => (b.score! < a.score! ? b : a)).modelId);
    const text = await runCli(['route', '--profile', out, '--prompt', 'What is 15% of 80?']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^pick: \S+$/m);
    expect(text.stdout).toMatch(/SIMULATED/);

    // The seed fixture with the prompt's embedding from a file; its dimension is checked.
    const seed: ProfileV2 = parseAnyProfile(readFileSync(seedFixture));
    const embFile = join(mp.home, 'emb.json');
    writeFileSync(embFile, JSON.stringify(seed.clusters.centroids[3]));
    const sr = await runCli(['route', '--profile', seedFixture, '--prompt', 'anything', '--preference', '0.5', '--embedding', embFile, '--json']);
    expect(sr.code, sr.stderr).toBe(0);
    const sd = JSON.parse(sr.stdout) as RouteDecision;
    expect(sd).toMatchObject({ cluster: 3, embeddedWith: 'given', costMetric: { kind: 'size' } });
    expect(sd.pick).toBe(sd.scores.reduce((a, b) => (b.score! < a.score! ? b : a)).modelId);
    // No --prompt is needed with --embedding; without an embedding the message names the flag.
    const noPrompt = await runCli(['route', '--profile', seedFixture, '--embedding', embFile, '--json']);
    expect(noPrompt.code, noPrompt.stderr).toBe(0);
    expect(JSON.parse(noPrompt.stdout)).toMatchObject({ cluster: 3, embeddedWith: 'given' });
    const noEmb = await runCli(['route', '--profile', seedFixture, '--prompt', 'What is 2+2?']);
    expect(noEmb.code).toBe(2);
    expect(noEmb.stderr.trim().split('\n')).toHaveLength(1);
    expect(noEmb.stderr).toMatch(/embedder \(BAAI\/bge-base-en-v1\.5\) runs outside the lab.*768 values.*`aurora-lab route --embedding FILE\.json`.*--prompt is then not needed.*Profiles page/);
    writeFileSync(embFile, JSON.stringify({ embedding: [0.1, 0.2] }));
    const bad = await runCli(['route', '--profile', seedFixture, '--prompt', 'x', '--embedding', embFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/embedding: expected 768 values .*BAAI\/bge-base-en-v1\.5.* got 2/);
    const broken = join(mp.home, 'broken.json');
    writeFileSync(broken, readFileSync(out, 'utf8').replace('"k":3', '"k":4'));
    const br = await runCli(['route', '--profile', broken, '--prompt', 'x']);
    expect(br.code).toBe(2);
    expect(br.stderr).toMatch(/clusters\.centroids: expected 4 centroids/);

    // import / list / export.
    const imp = await runCli(['--home', mp.home, 'import-profile', seedFixture, '--name', 'seed production', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const seedId = (JSON.parse(imp.stdout) as { id: string; source: string }).id;
    expect(JSON.parse(imp.stdout)).toMatchObject({ source: 'imported-seed-v1', name: 'seed production' });
    const list = await runCli(['--home', mp.home, 'profiles', '--json']);
    expect((JSON.parse(list.stdout) as Array<{ id: string }>).map((x) => x.id)).toEqual(expect.arrayContaining([seedId, built.profileId]));
    const v1 = join(mp.home, 'built.seed-v1.json');
    const ex = await runCli(['--home', mp.home, 'export-profile', built.profileId, '--format', 'seed-v1', '--out', v1]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/dropped by the seed v1 format/);
    expect(parseAnyProfile(readFileSync(v1)).models.map((m) => m.error_rates)).toEqual(file.models.map((m) => m.error_rates));
    const ex2 = await runCli(['export-profile', seedFixture, '--format', 'v2', '--out', join(mp.home, 'seed.v2.json')]);
    expect(ex2.code, ex2.stderr).toBe(0);
    expect(parseProfileV2(readFileSync(join(mp.home, 'seed.v2.json'))).clusters.centroids).toEqual(seed.clusters.centroids);
  });
});
