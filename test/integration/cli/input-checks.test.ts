/**
 * What a newcomer types wrong, through the real CLI process (a fresh lab home, a virtual phone on a private real adb
 * server): `models` lists the ids; a mistyped model id or MMLU subject is bad input (exit 2) with the closest names,
 * printed once, and stores nothing; `run --model ../../../tmp/x` cannot name a folder; a failed MMLU download
 * (a local server that fails, a port that refuses) is a lab failure (exit 1) saying what to do.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../src/shared/runs';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { adb } from '../../helpers/adb-cli';
import { FAST_ENV, MMLU_DIR, startPhones, usePrivateAdbServer, type PhoneSet } from '../campaigns/helpers';

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let home: ReturnType<typeof tempDir>;
let address: string;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel']);
  address = phones.phones[0]!.address;
  home = tempDir('aurora-cli-input-');
});

afterAll(async () => {
  await adb(['disconnect', address]).catch(() => {});
  await phones?.close();
  home?.cleanup();
  adbServer?.stop();
});

const lab = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--home', home.path, ...args], { ...FAST_ENV, ...env }, 180_000);

/** Each test runs a few CLI processes, each a cold tsx start: slow on a busy machine. */
const SLOW = 400_000;

/** Rows stored in the lab's database (none when it was never created). */
function count(sql: string): number {
  const file = join(home.path, 'lab.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The stderr lines that start with `error:`. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('aurora-lab models', () => {
  it('lists the catalogue with size, family, capabilities and engines, as a table and as JSON', async () => {
    const t = await lab(['models']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^ID +NAME +FAMILY +SIZE MB +CAPABILITIES +VIRTUAL PHONES +REAL PHONES \(CACTUS\)/);
    expect(t.stdout).toMatch(/^qwen-600m +Qwen3-0\.6B +Qwen3 +394 +text tools embed +simulated engine +weights not cached/m);
    expect(t.stdout).toMatch(/^lfm2-vl-450m +LFM2-VL-450M +LFM2-VL +420 +text vision embed/m);
    const j = await lab(['models', '--json']);
    const models = JSON.parse(j.stdout) as ModelInfo[];
    expect(models).toHaveLength(12);
    expect(models.find((m) => m.id === 'gemma-270m')).toMatchObject({ family: 'Gemma 3', sizeMb: 172, capabilities: ['text'], source: 'catalogue', simulated: true, cachedQuants: [] });
    const csv = await lab(['models', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('id,name,family,size_mb,capabilities,virtual_phones,real_phones,hugging_face');
  }, SLOW);
});

describe('mistyped model ids', () => {
  it('run: suggests the closest id, exits 2, prints the error once and stores no run', async () => {
    const r = await lab(['run', '--device', address, '--model', 'qwen-60m', '--prompt', 'hi']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      'error: model: Unknown model "qwen-60m". Did you mean "qwen-600m"? `aurora-lab models` lists the 12 known ids; a local Cactus model folder is measured with --model-dir ID=DIR.',
    ]);
    expect(r.stdout).toBe('');
    expect(count('SELECT COUNT(*) FROM runs')).toBe(0);
  }, SLOW);

  it('run --model ../../../tmp/x: not a model id, nothing loaded, pushed or stored', async () => {
    const r = await lab(['run', '--device', address, '--model', '../../../tmp/x', '--prompt', 'hi']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/model: A model id has lower-case letters, digits and \. _ -/);
    expect(count('SELECT COUNT(*) FROM runs')).toBe(0);
    // Nothing reached the phone outside the lab's folder.
    const ls = await adb(['-s', address, 'shell', 'ls', '/data/local/tmp']);
    expect(ls.stdout.split(/\s+/).filter(Boolean).every((f) => f === 'aurora')).toBe(true);
  }, SLOW);

  it('profile: names the field and the closest id, stores no campaign', async () => {
    const r = await lab(['profile', '--devices', address, '--models', 'gemma-270m,gema-1b', '--dataset', 'starter', '--n', '5']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^error: models\.1: Unknown model "gema-1b"\. Did you mean "gemma-1b"\?/)]);
    expect(count('SELECT COUNT(*) FROM campaigns')).toBe(0);
  }, SLOW);
});

describe('profile --subjects', () => {
  it('samples only the chosen MMLU subjects, and the campaign id works in runs', async () => {
    const r = await lab(['profile', '--devices', address, '--models', 'gemma-270m', '--dataset', MMLU_DIR, '--subjects', 'astronomy,virology', '--n', '6', '--seed', 's1', '--max-tokens', '8', '--baseline-ms', '500', '--cool-temp', '60', '--cool-timeout-s', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const campaignId = (JSON.parse(r.stdout) as { campaign: { id: string } }).campaign.id;
    const exp = await lab(['runs', 'export', campaignId, '--format', 'json']);
    expect(exp.code, exp.stderr).toBe(0);
    const rows = JSON.parse(exp.stdout) as Array<{ subject: string }>;
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((x) => x.subject))).toEqual(new Set(['astronomy', 'virology']));
  }, SLOW);

  it('a mistyped subject is bad input with the closest names; too large an n says how many there are', async () => {
    const before = count('SELECT COUNT(*) FROM campaigns');
    const bad = await lab(['profile', '--devices', address, '--models', 'gemma-270m', '--dataset', MMLU_DIR, '--subjects', 'astronomy,virolgy', '--n', '5']);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([expect.stringMatching(/^error: subjects\.1: \S+ has no subject "virolgy"\. Did you mean "virology"\? Its 57 subjects: abstract_algebra, anatomy, /)]);
    const big = await lab(['profile', '--devices', address, '--models', 'gemma-270m', '--dataset', 'starter', '--subjects', 'biology', '--n', '8']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^error: n: Asked for 8 prompts but the chosen subject of starter has only 7: ask for at most 7\./m);
    expect(count('SELECT COUNT(*) FROM campaigns')).toBe(before);
  }, SLOW);
});

describe('a failed MMLU download', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('is a lab failure (exit 1) saying what happened, for a server that fails and for one that refuses', async () => {
    const failing = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('down for maintenance');
    });
    servers.push(failing);
    await new Promise<void>((res) => failing.listen(0, '127.0.0.1', () => res()));
    const url = `http://127.0.0.1:${(failing.address() as { port: number }).port}/datasets/cais/mmlu`;
    const r = await lab(['profile', '--devices', address, '--models', 'gemma-270m', '--dataset', 'mmlu', '--n', '5'], { AURORA_LAB_MMLU_URL: url });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: dataset: .*503/m);

    // A port with nothing listening: connection refused.
    const probe = createTcpServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', () => res()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    const refused = await lab(['profile', '--devices', address, '--models', 'gemma-270m', '--dataset', 'mmlu', '--n', '5'], { AURORA_LAB_MMLU_URL: `http://127.0.0.1:${port}/mmlu` });
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error: dataset: Download of http:\/\/127\.0\.0\.1:\d+\/mmlu\/resolve\/.* failed/m);
    expect(count("SELECT COUNT(*) FROM campaigns WHERE dataset = 'mmlu'")).toBe(0);
  }, SLOW);
});
