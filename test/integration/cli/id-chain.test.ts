/**
 * The id one command prints works in the next: `profile` prints a campaign id, and `build-profile --run` and
 * `compare --run` take it (meaning all its runs); `runs` lists the campaign's runs, and their ids work the same.
 * The real CLI as child processes, a real virtual phone, a real adb server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adb } from '../../helpers/adb-cli';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { FAST_ENV, startPhones, usePrivateAdbServer, type PhoneSet } from '../campaigns/helpers';

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let home: ReturnType<typeof tempDir>;
let campaignId = '';

const lab = (args: string[], timeoutMs = 120_000) => runCli(['--home', home.path, ...args], FAST_ENV, timeoutMs);

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel']);
  home = tempDir('aurora-cli-chain-');
});

afterAll(async () => {
  await adb(['disconnect', phones.phones[0]!.address]).catch(() => {});
  await phones?.close();
  home?.cleanup();
  adbServer?.stop();
});

interface Built {
  profileId: string;
  k: number;
}

describe('ids from one command into the next', () => {
  it('profile prints a campaign id', async () => {
    const address = phones.phones[0]!.address;
    const r = await lab(['profile', '--devices', address, '--models', 'gemma-270m,qwen-600m', '--dataset', 'starter', '--n', '12', '--seed', 'chain', '--warmup', '0', '--max-tokens', '8', '--baseline-ms', '500', '--cool-temp', '60', '--cool-timeout-s', '0']);
    expect(r.code, r.stderr).toBe(0);
    campaignId = /^campaign ([0-9a-f-]{36}): 24 prompt results planned/m.exec(r.stderr)?.[1] ?? '';
    expect(campaignId).not.toBe('');
    expect(r.stdout).toMatch(new RegExp(`^campaign ${campaignId}: done`, 'm'));
  }, 150_000);

  it('build-profile and compare take the campaign id, meaning all its runs', async () => {
    const out = join(home.path, 'from-campaign.json');
    const b = await lab(['build-profile', '--run', campaignId, '--k', '2', '--seed', '1', '--out', out, '--json']);
    expect(b.code, b.stderr).toBe(0);
    const built = JSON.parse(b.stdout) as Built;
    expect(built.k).toBe(2);
    const runIds = (JSON.parse(readFileSync(out, 'utf8')) as { provenance: { run_ids: string[] } }).provenance.run_ids;
    const campaigns = JSON.parse((await lab(['campaigns', '--json'])).stdout) as Array<{ id: string; runIds: string[] }>;
    expect(runIds).toEqual(campaigns.find((c) => c.id === campaignId)!.runIds);

    const c = await lab(['compare', '--run', campaignId, '--strategies', 'router,oracle,largest,smallest', '--folds', '2', '--k', '2', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const cmp = JSON.parse(c.stdout) as { request: { runIds: string[] }; groups: Array<{ runIds: string[]; prompts: number; rows: Array<{ name: string; unavailable: string | null }> }> };
    expect(cmp.request.runIds).toEqual(runIds);
    expect(cmp.groups[0]).toMatchObject({ runIds, prompts: 12 });
    expect(cmp.groups[0]!.rows.find((x) => x.name === 'router@0.50')?.unavailable).toBeNull();
  }, 120_000);

  it('the run ids `runs` lists work the same', async () => {
    const listed = await lab(['runs', '--campaign', campaignId, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const runs = JSON.parse(listed.stdout) as Array<{ id: string; kind: string; campaignId: string }>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'campaign', campaignId });
    const runId = runs[0]!.id;
    const b = await lab(['build-profile', '--run', runId, '--k', '2', '--seed', '1', '--out', join(home.path, 'from-run.json'), '--no-store', '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ k: 2, profileId: null });
    const c = await lab(['compare', '--run', runId, '--strategies', 'oracle,largest', '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect((JSON.parse(c.stdout) as { groups: Array<{ runIds: string[] }> }).groups[0]!.runIds).toEqual([runId]);
    // `runs show` takes either id: the run with its prompts, or the campaign with each run's conditions.
    const one = await lab(['runs', 'show', runId]);
    expect(one.stdout).toMatch(new RegExp(`^run ${runId}: done .*part of campaign ${campaignId}`, 'm'));
    const all = await lab(['runs', 'show', campaignId]);
    expect(all.stdout).toMatch(new RegExp(`^campaign ${campaignId}: done`, 'm'));
    expect(all.stdout).toMatch(new RegExp(`^run ${runId} on `, 'm'));
    // An id that is neither says which commands list them.
    const none = await lab(['compare', '--run', 'no-such-run-id']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No run or campaign no-such-run-id in this lab\. `aurora-lab runs` lists runs, `aurora-lab campaigns` lists campaigns\./);
  }, 120_000);
});
