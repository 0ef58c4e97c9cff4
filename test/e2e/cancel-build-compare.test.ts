/**
 * End to end: the Cancel buttons where build and comparison progress is shown (real Chromium, real `aurora-lab
 * serve`, a lab home holding a stored synthetic run of 1,500 prompts x 3 models, flagged simulated). A router
 * profile build with K chosen automatically is cancelled during its K search, a comparison during its out-of-fold
 * fits: each page says it was cancelled, and nothing was stored (checked through the API). The lab holds each job
 * in that phase until it is cancelled (AURORA_LAB_TEST_HOLD_PHASE): a K search of 1,500 prompts is over in ~0.4 s,
 * which the page's phase could outrun between two of the browser's checks.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/database';
import { storeSyntheticRun } from '../helpers/synthetic-run';
import { startLabPage, type LabPage } from './lab-page';

const RUN = 'synthetic-run-e2e1';
let t: LabPage;

beforeAll(async () => {
  t = await startLabPage({
    connect: false,
    env: { AURORA_LAB_TEST_HOLD_PHASE: 'choosing-k,fitting' },
    prepareHome: (home) => {
      const db = openDatabase(join(home, 'lab.sqlite'));
      storeSyntheticRun(db, RUN, 1500);
      db.close();
    },
  });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

describe('Cancel on the build and compare progress (Chromium, aurora-lab serve)', () => {
  it('cancels a router profile build during its K search; no router profile is stored', async () => {
    const before = (await t.client.profiles.list({})).filter((p) => p.source === 'built').length;
    await t.page.getByTestId('nav-router-profiles').click();
    await t.page.getByTestId('router-profiles-page').waitFor();
    const option = t.page.locator(`[data-testid="build-run-option"][data-run-id="${RUN}"] input`);
    await option.waitFor({ timeout: 15_000 });
    await option.check();
    await t.page.getByTestId('build-embedder').selectOption('lexical');
    await t.page.getByTestId('build-k-mode').selectOption('auto');
    await t.page.getByTestId('build-start').click();
    await t.page.locator('[data-testid="build-progress"][data-phase="choosing-k"]').waitFor({ timeout: 120_000 });
    await t.shoot('build-progress-cancel', 'build-progress');
    await t.page.getByTestId('build-cancel').click();
    await expect.poll(async () => (await t.page.getByTestId('build-error').textContent().catch(() => '')) ?? '', { timeout: 60_000, interval: 250 }).toMatch(/cancelled; nothing was stored/);
    expect(await t.page.getByTestId('build-result').count()).toBe(0);
    expect((await t.client.profiles.list({})).filter((p) => p.source === 'built').length).toBe(before);
  }, 200_000);

  it('cancels a comparison during its out-of-fold fits; no comparison is stored', async () => {
    await t.page.getByTestId('nav-compare').click();
    await t.page.getByTestId('compare-page').waitFor();
    const group = t.page.locator(`[data-testid="compare-run-group"][data-key="run:${RUN}"]`);
    await group.waitFor({ timeout: 15_000 });
    await group.getByTestId('compare-run-group-check').check();
    for (const s of ['router', 'oracle', 'largest']) {
      const box = t.page.locator(`[data-testid="strategy-option"][data-strategy="${s}"] input`);
      if (!(await box.isChecked())) await box.check();
    }
    for (const s of ['claude', 'gemini', 'random', 'smallest', 'profile']) {
      const box = t.page.locator(`[data-testid="strategy-option"][data-strategy="${s}"] input`);
      if ((await box.count()) && (await box.isChecked())) await box.uncheck();
    }
    await t.page.getByTestId('compare-run').click();
    await t.page.locator('[data-testid="compare-progress"][data-phase="fitting"]').waitFor({ timeout: 120_000 });
    await t.shoot('compare-progress-cancel', 'compare-progress');
    await t.page.getByTestId('compare-cancel').click();
    await expect.poll(async () => (await t.page.getByTestId('compare-error').textContent().catch(() => '')) ?? '', { timeout: 60_000, interval: 250 }).toMatch(/Comparison cancelled; nothing was stored/);
    expect(await t.page.getByTestId('compare-result').count()).toBe(0);
    expect(await t.client.compare.list({})).toEqual([]);
  }, 200_000);
});
