/**
 * The arm64 virtual phone (`virtual-phone --engine cactus`) through the real adb server and the real CLI: it reports
 * an arm64 CPU the engine supports, the lab deploys to it what it deploys to a phone (the aarch64 runner and the real
 * libcactus.so, with the manifest), and a quick run and a campaign run the REAL Cactus v1.14 engine on the tiny
 * model, given with --model-dir. Results are flagged simulated (emulated timing, modelled energy) with the engine
 * reported as cactus/v1.14. Small on purpose: a few prompts, few tokens (emulation is slow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adb } from '../../helpers/adb-cli';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { usePrivateAdbServer } from '../runs/helpers';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import { TINY_MODEL, engineSkipReason } from './engine-harness';

const skip = engineSkipReason();

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phone: VirtualPhone;
let state: ReturnType<typeof tempDir>;
let home: ReturnType<typeof tempDir>;

const AURORA = '/data/local/tmp/aurora';
const onPhone = (p: string) => join(phone.fsRoot, p);

/** inode + mtime of every deployed file: a push replaces the file (new inode), a skipped deploy leaves it. */
function deployedStamps(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(onPhone(`${AURORA}/${rel}`), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (!e.name.startsWith('.')) {
        const st = statSync(onPhone(`${AURORA}/${r}`));
        out[r] = `${st.ino}:${st.mtimeMs}`;
      }
    }
  };
  walk('');
  return out;
}

describe.skipIf(skip !== null)(`the arm64 virtual phone with the real engine${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    adbServer = await usePrivateAdbServer();
    state = tempDir('aurora-arm64-phone-');
    home = tempDir('aurora-arm64-home-');
    phone = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: state.path, engine: 'cactus' });
    expect((await adb(['connect', phone.address])).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await adb(['disconnect', phone.address]).catch(() => undefined);
    await phone?.close();
    state?.cleanup();
    home?.cleanup();
    adbServer?.stop();
  });

  it('is an arm64 phone with the CPU features Cactus needs, whatever the host is', async () => {
    const sh = async (cmd: string) => (await adb(['-s', phone.address, 'shell', cmd])).stdout.trim();
    expect(await sh('getprop ro.product.cpu.abi')).toBe('arm64-v8a');
    expect(await sh('getprop ro.aurora.engine')).toBe('cactus');
    expect(await sh('getprop ro.aurora.virtual')).toBe('1');
    expect(await sh('uname -m')).toBe('aarch64');
    const features = (await sh('cat /proc/cpuinfo')).match(/^Features\s*:\s*(.*)$/m)?.[1]?.split(/\s+/) ?? [];
    for (const f of ['fphp', 'asimdhp', 'asimddp', 'i8mm']) expect(features).toContain(f);
  });

  it('refuses a --model-dir that is not a Cactus model before anything is pushed', async () => {
    const notModel = join(home.path, 'not-a-model');
    mkdirSync(notModel, { recursive: true });
    writeFileSync(join(notModel, 'notes.txt'), 'hello');
    const r = await runCli(['--home', home.path, 'run', '--device', phone.address, '--model-dir', `mine=${notModel}`, '--prompt', 'hi'], {}, 120_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`The folder ${notModel} given for model "mine" is not a Cactus model: it has no config.txt`));
    const halfModel = join(home.path, 'half-model');
    mkdirSync(halfModel, { recursive: true });
    writeFileSync(join(halfModel, 'config.txt'), 'model_type=qwen\n');
    const h = await runCli(['--home', home.path, 'profile', '--devices', phone.address, '--model-dir', `half=${halfModel}`, '--dataset', 'starter', '--n', '2'], {}, 120_000);
    expect(h.code).not.toBe(0);
    expect(h.stderr).toMatch(/is not a Cactus model: it has no \.weights files/);
    // nothing reached the phone
    expect(existsSync(onPhone(AURORA))).toBe(false);
  }, 300_000);

  it('A quick run runs the real engine (results flagged simulated, engine cactus/v1.14); a second run skips the deploy', async () => {
    const args = ['--home', home.path, 'run', '--device', phone.address, '--model-dir', `tiny=${TINY_MODEL}`, '--prompt', 'Q0: what is 0 times 3? Answer with A, B, C or D.', '--prompt', 'Name a colour.', '--max-tokens', '16', '--baseline-ms', '500', '--json'];
    const first = await runCli(args, {}, 240_000);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as {
      run: { status: string; simulated: boolean; engineVersion: string; runnerVersion: string; models: Array<{ modelId: string; fileHashes: Record<string, string> }> };
      results: Array<{ ok: boolean; simulated: boolean; response: string | null; totalMs: number | null; outputTokens: number | null; repaired?: true; error: string | null }>;
    };
    expect(out.run).toMatchObject({ status: 'done', simulated: true, engineVersion: 'cactus/v1.14', runnerVersion: '0.1.0' });
    expect(out.results).toHaveLength(2);
    for (const r of out.results) {
      expect(r, r.error ?? '').toMatchObject({ ok: true, simulated: true });
      expect(r.totalMs!).toBeGreaterThan(0);
      expect(r.outputTokens!).toBeGreaterThanOrEqual(1);
      expect(r.outputTokens!).toBeLessThanOrEqual(16);
      expect(typeof r.response).toBe('string');
    }
    // the random model's replies carry cut UTF-8: stored repaired, and marked
    expect(out.results.some((r) => r.repaired === true && r.response!.includes('\uFFFD')), JSON.stringify(out.results.map((r) => r.response))).toBe(true);
    // what was deployed: the phone build's files, with the model folder's own hash
    const hashes = out.run.models[0]!.fileHashes;
    expect(Object.keys(hashes)).toEqual(expect.arrayContaining(['aurora-runner', 'libcactus.so', 'models/tiny', 'models/tiny/config.txt']));
    expect(hashes['libcactus_sim.so']).toBeUndefined();
    const manifest = JSON.parse((await adb(['-s', phone.address, 'shell', `cat ${AURORA}/.aurora-manifest.json`])).stdout) as { files: Record<string, { sha256: string }> };
    expect(manifest.files['libcactus.so']!.sha256).toBe(hashes['libcactus.so']);

    const before = deployedStamps();
    // one prompt, no warm-up: the second run is about the deploy
    const second = await runCli(['--home', home.path, 'run', '--device', phone.address, '--model', 'tiny', '--prompt', 'hi', '--max-tokens', '4', '--baseline-ms', '500', '--no-warmup'], {}, 240_000);
    expect(second.code, second.stderr).toBe(0);
    expect(deployedStamps()).toEqual(before);
  }, 600_000);

  it('a campaign of the tiny model under two ids on 10 starter prompts runs end to end on the real engine', async () => {
    const r = await runCli(
      ['--home', home.path, 'profile', '--devices', phone.address, '--model-dir', `tiny-a=${TINY_MODEL}`, '--model-dir', `tiny-b=${TINY_MODEL}`,
        '--dataset', 'starter', '--n', '10', '--seed', 'engine', '--max-tokens', '8', '--warmup', '0', '--baseline-ms', '500', '--json'],
      {},
      300_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      campaign: { status: string; simulated: boolean; done: number; total: number };
      models: Array<{ modelId: string; serial: string | null; results: number; failed: number; scored: number; correct: number; unparsable: number }>;
    };
    expect(out.campaign).toMatchObject({ status: 'done', simulated: true, total: 20, done: 20 });
    const models = out.models.filter((m) => m.serial === null); // across devices (one here); per-device rows too
    expect(models.map((m) => m.modelId).sort(), JSON.stringify(out.models)).toEqual(['tiny-a', 'tiny-b']);
    for (const m of models) expect(m).toMatchObject({ results: 10, failed: 0, scored: 10 });
    // the same weights under two ids: greedy decoding gives the same answers, so the same score
    const [a, b] = models;
    expect([a!.correct, a!.unparsable]).toEqual([b!.correct, b!.unparsable]);
  }, 600_000);
});
