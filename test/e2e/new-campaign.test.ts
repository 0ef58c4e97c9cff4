/**
 * End to end: a campaign started from the New campaign page (the Profile button) in real Chromium, served by the
 * real `aurora-lab serve`, on a virtual phone the real adb server connects to. The page follows `campaigns.progress`
 * until the campaign is done, then the campaign page shows accuracy with intervals, distributions, the subject
 * heatmap and the power timeline; the Runs list has the campaign; export goes through the API; delete asks first.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
let campaignId = '';

/** Two models × 6 prompts on one virtual phone, with warm-ups, a possible runner build and cool-down gates. */
const RUN_TIMEOUT_MS = 240_000;

beforeAll(async () => {
  t = await startLabPage({ connect: true });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

describe('New campaign page: a campaign on a virtual phone (Chromium, aurora-lab serve)', () => {
  it('says what is missing before starting', async () => {
    await t.phoneReady();
    await t.page.getByTestId('nav-new-campaign').click();
    await t.page.getByTestId('new-campaign-page').waitFor();
    await t.page.locator('[data-testid="campaign-model-option"][data-model-id="gemma-270m"]').waitFor({ timeout: 15_000 });
    await t.page.getByTestId('campaign-start').click();
    const errors = t.page.getByTestId('campaign-form-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/Pick at least one device/);
    expect(await errors.textContent()).toMatch(/Pick at least one model/);
  });

  it(
    'starts a campaign and follows its progress to the end',
    async () => {
      await t.page.locator(`[data-testid="device-option"][data-serial="${t.phone.address}"] input`).check();
      await t.page.locator('[data-testid="campaign-model-option"][data-model-id="gemma-270m"] input').check();
      await t.page.locator('[data-testid="campaign-model-option"][data-model-id="lfm2-350m"] input').check();
      await t.page.getByTestId('dataset-select').selectOption('starter');
      await t.page.getByTestId('campaign-n').fill('6');
      await t.page.getByTestId('campaign-reps').fill('1');
      await t.page.getByTestId('campaign-seed').fill('e2e');
      expect(await t.page.getByTestId('campaign-virtual-note').textContent()).toMatch(/simulated/);
      await t.page.getByTestId('campaign-start').click();

      const progress = t.page.getByTestId('campaign-progress');
      await expect.poll(() => progress.getAttribute('data-campaign-id'), { timeout: 30_000 }).toMatch(/^[A-Za-z0-9-]{8,64}$/);
      campaignId = (await progress.getAttribute('data-campaign-id'))!;
      expect(await t.page.getByTestId('campaign-error').count()).toBe(0);
      // Live per-device figures while measuring.
      await t.page.locator(`[data-testid="campaign-device-row"][data-serial="${t.phone.address}"]`).waitFor({ timeout: 60_000 });
      await t.shoot('new-campaign-running', 'campaign-progress');

      await expect.poll(() => progress.getAttribute('data-status'), { timeout: RUN_TIMEOUT_MS, interval: 500 }).toBe('done');
      expect(await progress.getAttribute('data-done')).toBe('12');
      expect(await progress.getAttribute('data-total')).toBe('12');
      await t.shoot('new-campaign-done', 'campaign-progress');
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it('opens the campaign: accuracy with intervals, distributions, heatmap, timeline, conditions', async () => {
    await t.page.getByTestId('open-campaign').click();
    const detail = t.page.getByTestId('campaign-detail');
    await expect.poll(() => detail.getAttribute('data-campaign-id'), { timeout: 15_000 }).toBe(campaignId);
    expect(await detail.getAttribute('data-status')).toBe('done');
    expect(await t.page.getByTestId('simulated-badge').count()).toBe(1);
    expect(await t.page.getByTestId('campaign-results').textContent()).toBe('12 of 12 stored');

    const pooled = t.page.locator('[data-testid="accuracy-row"][data-serial=""]');
    await expect.poll(() => pooled.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const rows = t.page.getByTestId('accuracy-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().textContent()).toMatch(/95% CI/);
    expect(await t.page.getByTestId('dist-ttftMs').getByTestId('strip-row').count()).toBe(2);
    expect(await t.page.getByTestId('dist-energyJ').getByTestId('strip-row').count()).toBe(2);
    expect(await t.page.getByTestId('heatmap-row').count()).toBe(2);
    expect(Number(await t.page.getByTestId('subject-heatmap').getAttribute('data-subjects'))).toBeGreaterThanOrEqual(1);
    const timeline = t.page.locator(`[data-testid="device-timeline"][data-serial="${t.phone.address}"]`);
    expect(Number(await timeline.getAttribute('data-points'))).toBeGreaterThan(2);
    await expect.poll(() => timeline.locator('canvas').evaluate((c) => (c as unknown as { width: number; height: number }).width * (c as unknown as { height: number }).height)).toBeGreaterThan(0);
    expect(await t.page.getByTestId('conditions-row').count()).toBe(1);
    // Decode tok/s leaves one-token replies out (ModelFigures.decodeExcluded): no model's p10 reads "no decode".
    for (const text of await t.page.getByTestId('dist-decodeTps').getByTestId('strip-text').allTextContents()) expect(text).not.toMatch(/p10 no decode/);
    for (const line of await t.page.getByTestId('figures-excluded').allTextContents()) expect(line).toMatch(/left out of (decode tok\/s|the energy figures)/);
    await t.shoot('campaign-detail', 'campaign-summary');
    await t.shoot('campaign-detail-figures', 'figures-panel');
    await t.shoot('campaign-detail-accuracy', 'accuracy-panel');
    await t.shoot('campaign-detail-heatmap', 'heatmap-panel');
  });

  it('exports the results through the API as CSV', async () => {
    const [download] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('campaign-export-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    // A header and one row per prompt result (warm-ups excluded).
    expect(lines).toHaveLength(13);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('lists the campaign on the Runs page and opens it from there', async () => {
    await t.page.getByTestId('nav-runs').click();
    const row = t.page.locator(`[data-testid="run-row"][data-run-id="${campaignId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-kind')).toBe('campaign');
    expect(await row.getByTestId('run-set').textContent()).toMatch(/^starter \(built in\) · [0-9a-f]{8} · n 6$/);
    expect(await row.getByTestId('run-prompts').textContent()).toBe('12');
    expect(await row.getByTestId('run-energy').textContent()).toMatch(/^\d+\.\d{3}$/);
    expect(await row.getByTestId('run-simulated').textContent()).toBe('simulated');
    await t.shoot('runs-page-campaign');
    await row.getByTestId('run-link').click();
    await expect.poll(() => t.page.getByTestId('campaign-detail').getAttribute('data-campaign-id'), { timeout: 15_000 }).toBe(campaignId);
  });

  it('deletes only after confirmation', async () => {
    await t.page.getByTestId('campaign-delete').click();
    await t.page.getByTestId('delete-confirm').waitFor();
    await t.page.getByTestId('delete-confirm-no').click();
    expect(await t.page.getByTestId('delete-confirm').count()).toBe(0);
    expect((await t.client.campaigns.list({})).map((c) => c.id)).toContain(campaignId);

    await t.page.getByTestId('campaign-delete').click();
    await t.page.getByTestId('delete-confirm-yes').click();
    await t.page.getByTestId('campaign-deleted').waitFor({ timeout: 15_000 });
    expect((await t.client.campaigns.list({})).map((c) => c.id)).not.toContain(campaignId);
  });
});
