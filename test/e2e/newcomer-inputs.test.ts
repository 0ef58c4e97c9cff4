/**
 * End to end in real Chromium on `aurora-lab serve` with a virtual phone: the New campaign page's subject picker
 * (every subject with its count; a campaign on the chosen ones only), and the Router profile page of the seed
 * profile, whose embedder the lab cannot run: the prompt's embedding is pasted or uploaded, and Route works.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PROFILE } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp-dir';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
const files = tempDir();

beforeAll(async () => {
  t = await startLabPage({ connect: true });
}, 90_000);

afterAll(async () => {
  await t?.stop();
  files.cleanup();
});

describe('choosing MMLU topics and routing with a pasted embedding (Chromium, aurora-lab serve)', () => {
  it(
    'New campaign: picks subjects with their counts, checks n against them, and samples only them',
    async () => {
      await t.phoneReady();
      await t.page.getByTestId('nav-new-campaign').click();
      await t.page.getByTestId('new-campaign-page').waitFor();
      await t.page.getByTestId('dataset-select').selectOption('starter');
      const options = t.page.getByTestId('subject-option');
      await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(6);
      expect(await t.page.locator('[data-testid="subject-option"][data-subject="biology"]').textContent()).toBe('biology (7)');
      expect(await t.page.getByTestId('subject-summary').textContent()).toMatch(/^All 6 subjects \(42 prompts\)/);
      await t.page.locator('[data-testid="subject-option"][data-subject="biology"] input').check();
      await t.page.locator('[data-testid="subject-option"][data-subject="history"] input').check();
      expect(await t.page.getByTestId('subject-summary').textContent()).toMatch(/^2 of 6 subjects: 14 prompts\./);

      await t.page.locator(`[data-testid="device-option"][data-serial="${t.phone.address}"] input`).check();
      await t.page.locator('[data-testid="campaign-model-option"][data-model-id="gemma-270m"] input').check();
      await t.page.getByTestId('campaign-n').fill('20');
      await t.page.getByTestId('campaign-start').click();
      expect(await t.page.getByTestId('campaign-form-errors').textContent()).toMatch(/n is 20 but the chosen subjects have 14 prompts/);
      await t.shoot('new-campaign-subjects', 'subject-picker');

      await t.page.getByTestId('campaign-n').fill('4');
      await t.page.getByTestId('campaign-max-tokens').fill('8');
      await t.page.getByTestId('campaign-start').click();
      const progress = t.page.getByTestId('campaign-progress');
      await expect.poll(() => progress.getAttribute('data-campaign-id'), { timeout: 30_000 }).toMatch(/^[A-Za-z0-9-]{8,64}$/);
      const campaignId = (await progress.getAttribute('data-campaign-id'))!;
      await expect.poll(() => progress.getAttribute('data-status'), { timeout: 240_000, interval: 500 }).toBe('done');
      const exp = await t.client.runs.export({ runId: campaignId, format: 'json' });
      const subjects = new Set((JSON.parse(exp.text) as Array<{ subject: string }>).map((r) => r.subject));
      expect(subjects).toEqual(new Set(['biology', 'history']));
    },
    300_000,
  );

  it('Router profile page: the seed profile routes a pasted or uploaded embedding; no disabled Route button', async () => {
    const seedText = readFileSync(SEED_PROFILE, 'utf8');
    const stored = await t.client.profiles.import({ json: seedText, name: 'seed production' });
    const centroid = (JSON.parse(seedText) as { cluster_centers: { cluster_centers: number[][] } }).cluster_centers.cluster_centers[3]!;
    await t.page.goto(`${t.url}#/router-profiles/${encodeURIComponent(stored.id)}`);
    await t.page.getByTestId('route-embedding').waitFor({ timeout: 15_000 });
    expect(await t.page.getByTestId('route-vector').textContent()).toMatch(/BAAI\/bge-base-en-v1\.5.*768 numbers.*aurora-lab route --embedding FILE\.json/);
    const go = t.page.getByTestId('route-go');
    expect(await go.isDisabled()).toBe(false);
    await go.click();
    expect(await t.page.getByTestId('route-errors').textContent()).toMatch(/Paste or upload the prompt’s embedding \(768 numbers\)/);
    await t.page.getByTestId('route-embedding').fill('[0.1, 0.2]');
    expect(await t.page.getByTestId('route-embedding-status').textContent()).toMatch(/2 numbers; 768 needed/);

    // Pasted: the nearest centroid is the vector's own cluster.
    await t.page.getByTestId('route-embedding').fill(JSON.stringify(centroid));
    expect(await t.page.getByTestId('route-embedding-status').textContent()).toMatch(/768 numbers: ready to route/);
    await go.click();
    const routed = t.page.getByTestId('route-result');
    await routed.waitFor({ timeout: 15_000 });
    expect(await routed.getAttribute('data-cluster')).toBe('3');
    expect(await t.page.getByTestId('route-score-row').count()).toBe(12);
    await t.shoot('router-profile-seed-embedding', 'route-panel');

    // Uploaded: a {"embedding": [...]} file of another centroid.
    const file = join(files.path, 'emb.json');
    const other = (JSON.parse(seedText) as { cluster_centers: { cluster_centers: number[][] } }).cluster_centers.cluster_centers[1]!;
    writeFileSync(file, JSON.stringify({ embedding: other }));
    await t.page.getByTestId('route-embedding-file').setInputFiles(file);
    await expect.poll(() => t.page.getByTestId('route-embedding-status').textContent()).toMatch(/768 numbers: ready to route.*emb\.json/);
    await go.click();
    await expect.poll(() => routed.getAttribute('data-cluster'), { timeout: 15_000 }).toBe('1');
  }, 120_000);
});
