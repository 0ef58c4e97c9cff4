import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/store/database';
import { buildProfile } from '../../../src/main/routing/build-profile';
import { routingMatrix } from '../../../src/main/strategies/oof-router';
import { loadRunMatrices } from '../../../src/main/compare/matrices';
import { catalogueEntry } from '../../../src/main/runner/models';
import type { ComparisonResult } from '../../../src/shared/api/compare';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { startFakeAnthropic } from '../strategies/fake-anthropic';
import type { FakeServer } from '../strategies/fake-common';
import { handRun, LARGE, SMALL, storeRun, matrixSource } from '../compare/fixture';

const KEY = 'sk-ant-cli-SECRET-0123456789';
const home = tempDir();
let fake: FakeServer;
let env: NodeJS.ProcessEnv;
const profileFile = join(home.path, 'profile.json');

beforeAll(async () => {
  const db = openDatabase(join(home.path, 'lab.sqlite'));
  storeRun(db, handRun('run-cli00001', 'emulator-5554', true));
  storeRun(db, handRun('run-cli00002', 'P8PRO', false));
  const m = loadRunMatrices(matrixSource(db), ['run-cli00001'], { sizeOf: (id) => catalogueEntry(id)?.sizeMb })[0]!.matrix;
  // A profile built from OTHER runs: it must not be flagged as evaluated on training prompts.
  const rm = routingMatrix(m, Uint32Array.from({ length: 12 }, (_, i) => i), ['run-elsewhere']);
  rm.prompts = rm.prompts.map((p) => ({ ...p, id: `other-${p.id}` }));
  writeFileSync(profileFile, JSON.stringify((await buildProfile(rm, { k: 2, validationFraction: 0 })).profile));
  db.close();
  fake = await startFakeAnthropic({ validKeys: [KEY], reply: (u) => (u.includes('hard') ? LARGE : SMALL) });
  env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url, GEMINI_API_KEY: '', GOOGLE_API_KEY: '', AURORA_LAB_HOME: home.path };
});
afterAll(async () => {
  await fake.close();
  home.cleanup();
});

describe('aurora-lab compare', () => {
  it('prints the table with units, marks simulated rows, writes the CSV; two devices side by side', async () => {
    const csv = join(home.path, 'table.csv');
    const r = await runCli(['--home', home.path, 'compare', '--run', 'run-cli00001', '--run', 'run-cli00002', '--profile', profileFile, '--cost', 'energy', '--folds', '3', '--k', '2', '--csv', csv], env, 120_000);
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    const o = r.stdout;
    expect(o).toMatch(/device emulator-5554 .*12 prompts x 3 models.*\[SIMULATED: virtual phone, every figure\]/);
    expect(o).toMatch(/device P8PRO .*12 prompts x 3 models; 0 missing cells\n/);
    expect(o).toMatch(/ACC %\s+95% CI\s+SIZE MB\s+LAT ms\s+P95 ms\s+ENERGY J\s+SAVE SIZE %/);
    expect(o).toMatch(/oracle\(energy\)\s+83\.3\s+/);
    expect(o).toMatch(/claude\s+83\.3\s+/);
    expect(o).toMatch(/gemini unavailable: no Gemini API key: save one in Settings or set GEMINI_API_KEY or GOOGLE_API_KEY/);
    expect(o).toMatch(/router@0\.50/);
    expect(o).toMatch(/profile@0\.50 /);
    expect(o).not.toMatch(/on training prompts!/);
    expect(o).toMatch(/out of fold: 3 folds.*never saw it: yes/);
    expect(o).toContain('SIMULATED: every figure of this group comes from a virtual phone.');
    expect(o).not.toContain(KEY);
    expect(r.stderr).not.toContain(KEY);
    expect(existsSync(csv)).toBe(true);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes(',emulator-5554,')).length).toBeGreaterThan(5);
    expect(lines.filter((l) => l.includes(',P8PRO,')).length).toBeGreaterThan(5);
  });

  it('--json gives the comparison; a cached Claude costs no API call; bad usage exits 2', async () => {
    const before = fake.generations;
    const r = await runCli(['--home', home.path, 'compare', '--run', 'run-cli00001', '--strategies', 'claude,oracle,largest', '--cost', 'size', '--json'], env);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as ComparisonResult;
    expect(res.groups[0]!.rows.map((x) => x.name)).toEqual(['oracle(size)', 'claude', 'always-largest']);
    expect(res.groups[0]!.rows[1]!.llm!.cacheHits).toBe(12);
    expect(fake.generations).toBe(before);
    expect((await runCli(['--home', home.path, 'compare', '--run', 'run-cli00001', '--strategies', 'oracle,bogus'], env)).code).toBe(2);
    const missing = await runCli(['--home', home.path, 'compare', '--run', 'run-nothere1'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No run or campaign run-nothere1 in this lab. `aurora-lab runs` lists runs/);
  });
});
