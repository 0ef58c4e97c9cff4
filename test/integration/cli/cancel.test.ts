/**
 * Ctrl-C in the CLI: `build-profile` and `compare` (real `aurora-lab` processes on a lab home holding a stored
 * synthetic run of 1,500 prompts) get SIGINT once their work is under way (the first K-search or fold progress
 * line): each exits with 130 and a "cancelled" line, and nothing is stored (no router profile, no comparison, no
 * --out file). The lab holds the job at that line until it is cancelled (AURORA_LAB_TEST_HOLD_PHASE), so the
 * signal cannot arrive after a ~0.4 s K search is already over.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/store/database';
import { storeSyntheticRun } from '../../helpers/synthetic-run';
import { tempDir } from '../../helpers/temp-dir';

const BIN = resolve(import.meta.dirname, '../../../bin/aurora-lab.js');
const RUN = 'synthetic-run-0002';
const home = tempDir('aurora-cli-cancel-');

beforeAll(() => {
  const db = openDatabase(join(home.path, 'lab.sqlite'));
  storeSyntheticRun(db, RUN, 1500);
  db.close();
});

afterAll(() => home.cleanup());

/** Runs the CLI, sends SIGINT when stderr first matches `when`, resolves with how it ended. */
function interruptWhen(args: string[], when: RegExp): Promise<{ code: number | null; stderr: string; interrupted: boolean }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, '--home', home.path, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AURORA_LAB_HOME: home.path, AURORA_LAB_TEST_HOLD_PHASE: 'choosing-k,fitting' } });
    let stderr = '';
    let interrupted = false;
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!interrupted && when.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`aurora-lab ${args.join(' ')} did not end in 240 s. stderr: ${stderr}`));
    }, 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      res({ code, stderr, interrupted });
    });
  });
}

function stored(sql: string): number {
  const db = openDatabase(join(home.path, 'lab.sqlite'));
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('Ctrl-C cancels long commands', () => {
  it('build-profile: exit 130, "cancelled", no router profile stored, no file written', async () => {
    const out = join(home.path, 'never.json');
    const r = await interruptWhen(['build-profile', '--run', RUN, '--k', 'auto', '--out', out], /\[choosing-k\] /);
    expect(r.interrupted, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/cancelled: Router profile build cancelled; nothing was stored/);
    // Held at the search's first line: no K was fitted after it.
    expect(r.stderr).not.toMatch(/K = \d+ fitted/);
    expect(existsSync(out)).toBe(false);
    expect(stored("SELECT COUNT(*) FROM profiles WHERE source = 'built'")).toBe(0);
  }, 250_000);

  it('compare: exit 130, "cancelled", no comparison stored', async () => {
    const r = await interruptWhen(['compare', '--run', RUN, '--strategies', 'router,oracle,largest', '--k', 'auto'], /\[fitting /);
    expect(r.interrupted, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/cancelled: Comparison cancelled; nothing was stored/);
    expect(r.stderr).not.toMatch(/Fold \d+ of \d+ fitted/);
    expect(stored('SELECT COUNT(*) FROM comparisons')).toBe(0);
  }, 250_000);
});
