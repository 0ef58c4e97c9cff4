/**
 * Rebuilds profiles/default-virtual.json from SIMULATED measurements on a virtual phone: every shipped simulated
 * model measured on a VIRTUAL phone through the real run pipeline (deploy, runner, simulated engine, energy from the
 * virtual phone's ODPM rails, results stored in SQLite), on MMLU dev (all 285) plus a stratified sample of MMLU
 * test; then the router profile is built from those runs exactly as `profiles.build` does (lexical embedder, K auto).
 *
 * Everything in it is SIMULATED: correctness comes from the simulated engine's item-response model (ability vs
 * difficulty, per model from its config.txt), and the engine runs with AURORA_SIM_TIME_SCALE < 1, so its measured
 * latencies and energies are time-compressed by that factor. The profile says so in `provenance.notes`, and every
 * cost's `method` carries the scale.
 *
 * Needs Debian's adb and the host runner build (`npm run build:runner:host`, made on demand).
 * Run: npx tsx profiles/build-default.ts [--test-prompts N] [--time-scale S]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PromptInput } from '../src/shared/runs';
import { waitFor } from '../src/shared/kit/backoff';
import { loadMmlu, sampleStratified } from '../src/main/datasets';
import { Lab } from '../src/main/lab/lab';
import { serializeProfileV2, validateProfileV2, withChecksum } from '../src/main/routing';
import type { ProfileV2 } from '../src/main/routing';
import { CATALOGUE } from '../src/main/runner/models';
import { startVirtualPhone } from '../src/main/virtual-phone';

export interface DefaultBuildOptions {
  /** MMLU folder with dev/ and test/ (the repo's copy: ../shared/datasets/mmlu). */
  mmluDir: string;
  /** MMLU test prompts added to the 285 dev prompts (stratified by subject). Default 570. */
  testPrompts?: number;
  timeScale?: number;
  models?: string[];
  seed?: number;
  log?: (line: string) => void;
}

const CHUNK = 500;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function buildDefaultProfile(opts: DefaultBuildOptions): Promise<ProfileV2> {
  const log = opts.log ?? (() => {});
  const timeScale = opts.timeScale ?? 0.02;
  const models = opts.models ?? CATALOGUE.map((c) => c.id);
  const dev = await loadMmlu(opts.mmluDir, { split: 'dev' });
  const test = await loadMmlu(opts.mmluDir, { split: 'test' });
  const items = [...dev.items, ...sampleStratified(test.items, opts.testPrompts ?? 570, 'aurora-default-profile')];
  const prompts: PromptInput[] = items.map((it) => ({
    id: it.id,
    text: it.question,
    ...(it.choices ? { choices: it.choices } : {}),
    ...(it.answer ? { answer: it.answer } : {}),
    subject: it.subject,
  }));
  log(`${prompts.length} MMLU prompts (${dev.items.length} dev + ${items.length - dev.items.length} test) x ${models.length} models`);

  // A private adb server, a virtual phone and a throwaway lab home.
  const port = await freePort();
  const savedPort = process.env.ANDROID_ADB_SERVER_PORT;
  process.env.ANDROID_ADB_SERVER_PORT = String(port);
  const stateDir = mkdtempSync(join(tmpdir(), 'aurora-default-phone-'));
  const home = mkdtempSync(join(tmpdir(), 'aurora-default-home-'));
  const phone = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir, charging: null });
  const lab = new Lab({ host: 'cli', home, pollIntervalMs: 10_000 });
  try {
    await lab.start();
    const { devices, runs, profiles } = lab.services;
    await devices.connect(phone.address);
    await waitFor(() => !!devices.find(phone.address)?.facts, { timeoutMs: 30_000 });
    const facts = devices.find(phone.address)?.facts;
    if (!facts) throw new Error('the virtual phone was not probed in time');
    const runIds: string[] = [];
    for (const model of models) {
      for (let from = 0; from < prompts.length; from += CHUNK) {
        const t0 = Date.now();
        const { runId, done } = await runs.startQuickRun(
          { serial: phone.address, model, prompts: prompts.slice(from, from + CHUNK), idleBaselineMs: 1000, maxTokens: 32 },
          { simEnv: { AURORA_SIM_TIME_SCALE: String(timeScale) } },
        );
        const out = await done;
        if (!out || (out.status !== 'done' && out.status !== 'partial')) throw new Error(`run ${runId} (${model}) ended ${out?.status}: ${out?.error}`);
        runIds.push(runId);
        log(`${model} prompts ${from + 1}..${Math.min(from + CHUNK, prompts.length)}: run ${runId} ${out.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    const { profile } = await profiles.buildFromRuns({ runIds, k: 'auto', embedder: 'lexical', seed: opts.seed ?? 42 }, (p) => log(`[${p.phase}] ${p.message}`));
    const device = `${facts.manufacturer} ${facts.model}`;
    const note =
      `SIMULATED: measured on an Aurora Lab virtual phone (${device} persona, ${phone.address}) through the real run pipeline, ` +
      `with the simulated Cactus engine (resources/runner/sim-engine): correctness comes from its item-response model ` +
      `(per-model ability from resources/runner/models/<id>/config.txt vs per-question difficulty), not from real models; ` +
      `latency, energy and decode speed are time-compressed by AURORA_SIM_TIME_SCALE=${timeScale} (real durations would be ${1 / timeScale}x longer, speeds ${1 / timeScale}x lower). ` +
      `Prompts: MMLU dev (${dev.items.length}) + a stratified sample of MMLU test (${items.length - dev.items.length}). ` +
      `Built by profiles/build-default.ts. Replace it with a profile built from your phones' runs.`;
    const models2 = profile.models.map((m) => ({
      ...m,
      costs: Object.fromEntries(
        Object.entries(m.costs).map(([d, c]) => [
          d,
          Object.fromEntries(
            Object.entries(c).map(([k, v]) => [
              k,
              v && (k === 'latency_ms' || k === 'energy_j' || k === 'decode_tok_s') ? { ...v, method: `${v.method}; SIMULATED engine, time scale ${timeScale}` } : v && { ...v, method: `${v.method}; SIMULATED engine` },
            ]),
          ),
        ]),
      ),
    }));
    return validateProfileV2(
      withChecksum({
        ...profile,
        models: models2 as ProfileV2['models'],
        provenance: { ...profile.provenance, simulated: true, notes: `${note} ${profile.provenance.notes ?? ''}`.trim(), options: { ...profile.provenance.options, sim_time_scale: timeScale } },
      }),
    );
  } finally {
    await lab.close().catch(() => {});
    await phone.close().catch(() => {});
    try {
      execFileSync('adb', ['-P', String(port), 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already gone
    }
    if (savedPort === undefined) delete process.env.ANDROID_ADB_SERVER_PORT;
    else process.env.ANDROID_ADB_SERVER_PORT = savedPort;
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const t0 = Date.now();
const profile = await buildDefaultProfile({
  mmluDir: resolve(here, '../../shared/datasets/mmlu'),
  ...(arg('--test-prompts') ? { testPrompts: Number(arg('--test-prompts')) } : {}),
  ...(arg('--time-scale') ? { timeScale: Number(arg('--time-scale')) } : {}),
  log: (l) => process.stderr.write(`${l}\n`),
});
const out = resolve(here, 'default-virtual.json');
writeFileSync(out, serializeProfileV2(profile));
process.stderr.write(`wrote ${out}: K=${profile.clusters.k}, ${profile.models.length} models, ${profile.provenance.n_prompts} prompts, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
