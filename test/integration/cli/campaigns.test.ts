/**
 * `aurora-lab profile` killed with SIGKILL half-way, then `aurora-lab resume`: the real CLI as child processes, a
 * real virtual phone, a real adb server. The run shows as interrupted, and resume stores exactly the missing
 * results: the full set, no duplicates. Then `runs`, `runs show`, `runs export`, `runs delete`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { adb } from '../../helpers/adb-cli';
import { FAST_ENV, MMLU_DIR, startPhones, usePrivateAdbServer, type PhoneSet } from '../campaigns/helpers';

const BIN = resolve(import.meta.dirname, '../../../bin/aurora-lab.js');

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let home: ReturnType<typeof tempDir>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel']);
  home = tempDir('aurora-cli-campaign-');
});

afterAll(async () => {
  await adb(['disconnect', phones.phones[0]!.address]).catch(() => {});
  await phones?.close();
  home?.cleanup();
  adbServer?.stop();
});

function count(sql: string, ...args: unknown[]): number {
  const file = join(home.path, 'lab.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return (db.prepare(sql).pluck().get(...args) as number | undefined) ?? 0;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('aurora-lab profile / resume / campaigns / runs', () => {
  it('survives kill -9 half-way: interrupted, then resume gives exactly the full set', async () => {
    const address = phones.phones[0]!.address;
    const args = ['--home', home.path, 'profile', '--devices', address, '--models', 'gemma-270m,smollm-360m', '--dataset', MMLU_DIR, '--n', '40', '--reps', '2', '--seed', 'k9', '--max-tokens', '8', '--baseline-ms', '500', '--cool-temp', '60', '--cool-timeout-s', '0'];
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...FAST_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_c, sig) => res(sig)));
    const deadline = Date.now() + 90_000;
    while (count('SELECT COUNT(*) FROM prompt_results') < 70 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode, stderr).toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = count('SELECT COUNT(*) FROM prompt_results');
    expect(before).toBeGreaterThanOrEqual(70);
    expect(before).toBeLessThan(160);
    expect(stderr).toMatch(/^campaign [0-9a-f-]{36}: 160 prompt results planned .*; runs [0-9a-f-]{36}$/m);
    expect(stderr).toMatch(/\[\d+\.\d%\] \d+\/160 ETA/);
    const runId = /^campaign ([0-9a-f-]{36}):/m.exec(stderr)![1]!;

    // A new lab process sees a campaign whose owner is dead: interrupted.
    const listed = await runCli(['--home', home.path, 'campaigns', '--json'], {}, 60_000);
    expect(listed.code, listed.stderr).toBe(0);
    const campaigns = JSON.parse(listed.stdout) as Array<{ id: string; status: string; done: number; total: number; runIds: string[] }>;
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ id: runId, status: 'interrupted', total: 160 });
    expect(campaigns[0]!.done).toBe(before);
    // Its one run is listed by `runs`, as part of the campaign.
    const runList = JSON.parse((await runCli(['--home', home.path, 'runs', '--json'], {}, 60_000)).stdout) as Array<{ id: string; kind: string; campaignId: string }>;
    expect(runList).toEqual([expect.objectContaining({ id: campaigns[0]!.runIds[0], kind: 'campaign', campaignId: runId })]);

    const resumed = await runCli(['--home', home.path, 'resume', runId, '--json'], FAST_ENV, 120_000);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming, ${160 - before} prompt result\\(s\\) left`));
    const out = JSON.parse(resumed.stdout) as { campaign: { status: string; done: number }; models: Array<{ modelId: string; serial: string | null; results: number; accuracy: number }> };
    expect(out.campaign).toMatchObject({ status: 'done', done: 160 });
    expect(out.models.filter((m) => m.serial !== null).map((m) => [m.modelId, m.results])).toEqual([['gemma-270m', 80], ['smollm-360m', 80]]);
    // Exactly the full set: 160 rows, 160 distinct (model, prompt, rep) cells.
    expect(count('SELECT COUNT(*) FROM prompt_results')).toBe(160);
    expect(count('SELECT COUNT(*) FROM (SELECT DISTINCT run_model_id, prompt_id, rep FROM prompt_results)')).toBe(160);
    expect(count("SELECT COUNT(*) FROM campaigns WHERE status = 'done'")).toBe(1);

    // Human-readable summary, export, delete.
    const show = await runCli(['--home', home.path, 'runs', 'show', runId], {}, 60_000);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/ACCURACY +95% CI/);
    expect(show.stdout).toMatch(/^gemma-270m +127\.0\.0\.1:\d+ +80 +\d+\.\d%/m);
    expect(show.stdout).toMatch(/warning: Resumed/);
    const file = join(home.path, 'export.csv');
    const exp = await runCli(['--home', home.path, 'runs', 'export', runId, '--format', 'csv', '--out', file], {}, 60_000);
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\r\n')).toHaveLength(161);
    const noYes = await runCli(['--home', home.path, 'runs', 'delete', runId], {}, 60_000);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    const del = await runCli(['--home', home.path, 'runs', 'delete', runId, '--yes'], {}, 60_000);
    expect(del.code, del.stderr).toBe(0);
    expect(count('SELECT COUNT(*) FROM prompt_results')).toBe(0);
    expect(count('SELECT COUNT(*) FROM runs')).toBe(0);
  }, 240_000);

  it('exits 2 with the field named for bad input', async () => {
    const address = phones.phones[0]!.address;
    const r = await runCli(['--home', home.path, 'profile', '--devices', address, '--models', 'gemma-270m,nope-1b', '--dataset', MMLU_DIR, '--n', '5'], {}, 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/models\.1: Unknown model "nope-1b"/);
    const big = await runCli(['--home', home.path, 'profile', '--devices', address, '--models', 'gemma-270m', '--dataset', 'starter', '--n', '100000'], {}, 60_000);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^error: n: Asked for 100000 prompts but starter has only \d+/m);
    const empty = await runCli(['--home', home.path, 'profile', '--devices', '', '--models', 'gemma-270m', '--dataset', 'starter', '--n', '1'], {}, 60_000);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--devices: Pick at least one device/);
  }, 120_000);
});
