/**
 * End to end: a profiling campaign started from the Profile page in real Chromium, served by the real
 * `aurora-lab serve`, on a virtual phone the real adb server connects to. The page follows `campaigns.progress`
 * until the run is done, then the run detail shows accuracy with intervals, distributions, the subject heatmap and
 * the power timeline; the Runs list has the run; export goes through the API; delete asks first.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualPhone } from '../../src/main/virtual-phone';
import type { HttpLabClient } from '../../src/shared/http-client';
import { screenshot } from '../helpers/browser';
import { startE2eLab, type E2eLab } from './fixture';

let phone: VirtualPhone;
let client: HttpLabClient;
let page: Page;
let campaignId = '';

/** Two models × 6 prompts on one virtual phone, with warm-ups, a possible runner build and cool-down gates. */
const RUN_TIMEOUT_MS = 240_000;

let env: E2eLab;

beforeAll(async () => {
  env = await startE2eLab({ viewport: { width: 1360, height: 900 } });
  ({ phone, page, client } = env);
}, 90_000);

afterAll(async () => {
  await env?.close();
});

async function shoot(name: string, testId?: string): Promise<void> {
  if (testId) await page.getByTestId(testId).first().scrollIntoViewIfNeeded();
  await screenshot(page, name);
}

describe('Profile page: a campaign on a virtual phone (Chromium, aurora-lab serve)', () => {
  it('says what is missing before starting', async () => {
    await expect
      .poll(
        async () => {
          const d = await client.devices.get({ serial: phone.address }).catch(() => null);
          return d?.state === 'device' && d.facts !== null;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    await page.getByTestId('nav-profile').click();
    await page.getByTestId('profile-page').waitFor();
    await page.locator('[data-testid="campaign-model-option"][data-model-id="gemma-270m"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('campaign-start').click();
    const errors = page.getByTestId('campaign-form-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/Pick at least one device/);
    expect(await errors.textContent()).toMatch(/Pick at least one model/);
  });

  it(
    'starts a campaign and follows its progress to the end',
    async () => {
      await page.locator(`[data-testid="device-option"][data-serial="${phone.address}"] input`).check();
      await page.locator('[data-testid="campaign-model-option"][data-model-id="gemma-270m"] input').check();
      await page.locator('[data-testid="campaign-model-option"][data-model-id="lfm2-350m"] input').check();
      await page.getByTestId('dataset-select').selectOption('starter');
      await page.getByTestId('campaign-n').fill('6');
      await page.getByTestId('campaign-reps').fill('1');
      await page.getByTestId('campaign-seed').fill('e2e');
      expect(await page.getByTestId('campaign-virtual-note').textContent()).toMatch(/simulated/);
      await page.getByTestId('campaign-start').click();

      const progress = page.getByTestId('campaign-progress');
      await expect.poll(() => progress.getAttribute('data-campaign-id'), { timeout: 30_000 }).toMatch(/^[A-Za-z0-9-]{8,64}$/);
      campaignId = (await progress.getAttribute('data-campaign-id'))!;
      expect(await page.getByTestId('campaign-error').count()).toBe(0);
      // Live per-device figures while measuring.
      await page.locator(`[data-testid="campaign-device-row"][data-serial="${phone.address}"]`).waitFor({ timeout: 60_000 });
      await shoot('profile-running', 'campaign-progress');

      await expect.poll(() => progress.getAttribute('data-status'), { timeout: RUN_TIMEOUT_MS, interval: 500 }).toBe('done');
      expect(await progress.getAttribute('data-done')).toBe('12');
      expect(await progress.getAttribute('data-total')).toBe('12');
      await shoot('profile-done', 'campaign-progress');
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it('opens the run detail: accuracy with intervals, distributions, heatmap, timeline, conditions', async () => {
    await page.getByTestId('open-campaign').click();
    const detail = page.getByTestId('campaign-detail');
    await expect.poll(() => detail.getAttribute('data-campaign-id'), { timeout: 15_000 }).toBe(campaignId);
    expect(await detail.getAttribute('data-status')).toBe('done');
    expect(await page.getByTestId('simulated-badge').count()).toBe(1);
    expect(await page.getByTestId('campaign-results').textContent()).toBe('12 of 12 stored');

    const pooled = page.locator('[data-testid="accuracy-row"][data-serial=""]');
    await expect.poll(() => pooled.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const rows = page.getByTestId('accuracy-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().textContent()).toMatch(/95% CI/);
    expect(await page.getByTestId('dist-ttftMs').getByTestId('strip-row').count()).toBe(2);
    expect(await page.getByTestId('dist-energyJ').getByTestId('strip-row').count()).toBe(2);
    expect(await page.getByTestId('heatmap-row').count()).toBe(2);
    expect(Number(await page.getByTestId('subject-heatmap').getAttribute('data-subjects'))).toBeGreaterThanOrEqual(1);
    const timeline = page.locator(`[data-testid="device-timeline"][data-serial="${phone.address}"]`);
    expect(Number(await timeline.getAttribute('data-points'))).toBeGreaterThan(2);
    await expect.poll(() => timeline.locator('canvas').evaluate((c) => (c as unknown as { width: number; height: number }).width * (c as unknown as { height: number }).height)).toBeGreaterThan(0);
    expect(await page.getByTestId('conditions-row').count()).toBe(1);
    await shoot('campaign-detail', 'campaign-summary');
    await shoot('campaign-detail-accuracy', 'accuracy-panel');
    await shoot('campaign-detail-heatmap', 'heatmap-panel');
  });

  it('exports the results through the API as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('campaign-export-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    // A header and one row per prompt result (warm-ups excluded).
    expect(lines).toHaveLength(13);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('lists the campaign on the Runs page and opens it from there', async () => {
    await page.getByTestId('nav-runs').click();
    const row = page.locator(`[data-testid="run-row"][data-run-id="${campaignId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-kind')).toBe('campaign');
    expect(await row.getByTestId('run-set').textContent()).toMatch(/starter · n 6/);
    expect(await row.getByTestId('run-prompts').textContent()).toBe('12');
    expect(await row.getByTestId('run-energy').textContent()).toMatch(/^\d+\.\d{3}$/);
    expect(await row.getByTestId('run-simulated').textContent()).toBe('simulated');
    await shoot('runs-page-campaign');
    await row.getByTestId('run-link').click();
    await expect.poll(() => page.getByTestId('campaign-detail').getAttribute('data-campaign-id'), { timeout: 15_000 }).toBe(campaignId);
  });

  it('deletes only after confirmation', async () => {
    await page.getByTestId('campaign-delete').click();
    await page.getByTestId('delete-confirm').waitFor();
    await page.getByTestId('delete-confirm-no').click();
    expect(await page.getByTestId('delete-confirm').count()).toBe(0);
    expect((await client.campaigns.list({})).map((c) => c.id)).toContain(campaignId);

    await page.getByTestId('campaign-delete').click();
    await page.getByTestId('delete-confirm-yes').click();
    await page.getByTestId('campaign-deleted').waitFor({ timeout: 15_000 });
    expect((await client.campaigns.list({})).map((c) => c.id)).not.toContain(campaignId);
  });
});
