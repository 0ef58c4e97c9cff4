/**
 * A newcomer's first hour, end to end in real Chromium on the real `aurora-lab serve` with a fresh lab home and no
 * phone at all: the Devices page offers a virtual phone, the lab starts and connects it (real adb server), it
 * survives a page reload, the device page captures it into the lab home; then Profile (10 starter prompts), the
 * campaign, a router profile built from it, a comparison, and every export downloaded and read. Stop from the
 * page, and stopping serve stops the phone it still runs. A screenshot of each page.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adb } from '../helpers/adb-cli';
import { usePrivateAdbServer } from '../helpers/adb-server';
import { startLabPage, type BareLabPage } from './lab-page';

let t: BareLabPage;
let serial = '';
let campaignId = '';
let runIds: string[] = [];
const MODELS = ['gemma-270m', 'lfm2-350m'];
const RUN_TIMEOUT_MS = 300_000;

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  // A newcomer's machine has no phone: not even those other test files left on this worker's adb server.
  adbServer = await usePrivateAdbServer();
  t = await startLabPage({ connect: false, phone: false, viewport: { width: 1440, height: 960 } });
}, 90_000);

afterAll(async () => {
  await t?.stop();
  adbServer?.stop();
});

async function downloaded(testId: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([t.page.waitForEvent('download', { timeout: 60_000 }), t.page.getByTestId(testId).first().click()])) as [Download, void];
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '') };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('the newcomer path: no phone -> a virtual phone from the Devices page -> profile -> router profile -> compare -> export', () => {
  it(
    'offers a virtual phone on the first screen and starts one that is ready to profile',
    async () => {
      const panel = t.page.getByTestId('virtual-phones');
      await panel.waitFor({ timeout: 30_000 });
      // The panel can show before the device list has loaded (not prominent until the lab says no phone is online).
      await expect.poll(() => panel.getAttribute('data-prominent'), { timeout: 30_000 }).toBe('true');
      expect(await panel.textContent()).toMatch(/No phone attached\? Start a virtual phone/);
      expect(await t.page.getByTestId('devices-empty').count()).toBe(1);
      const kinds = t.page.getByTestId('virtual-kind');
      expect(await kinds.count()).toBe(3);
      // The real-engine phone is offered only when built; otherwise the page says how to build it.
      const cactus = t.page.locator('[data-testid="virtual-kind"][data-kind="pixel-cactus"]');
      if ((await cactus.getAttribute('data-available')) === 'false') {
        expect(await cactus.getByTestId('virtual-start').count()).toBe(0);
        expect(await cactus.getByTestId('virtual-kind-unavailable').textContent()).toMatch(/npm run build:engine/);
      } else {
        expect(await cactus.getByTestId('virtual-start').count()).toBe(1);
      }
      await t.shoot('newcomer-1-devices-empty');

      await t.page.locator('[data-testid="virtual-kind"][data-kind="pixel-simulated"]').getByTestId('virtual-start').click();
      const result = t.page.getByTestId('virtual-result');
      await result.waitFor({ timeout: 120_000 });
      expect(await result.getAttribute('data-outcome'), (await result.textContent()) ?? '').toBe('ok');
      serial = /virtual phone (127\.0\.0\.1:\d+) is connected and ready/.exec((await result.textContent()) ?? '')?.[1] ?? '';
      expect(serial).toMatch(/^127\.0\.0\.1:\d+$/);

      const row = t.page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('device');
      expect(await row.getByTestId('virtual-badge').count()).toBe(1);
      const owned = t.page.locator(`[data-testid="virtual-owned-phone"][data-serial="${serial}"]`);
      await expect.poll(() => owned.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
      expect(await panel.getAttribute('data-prominent')).toBe('false');
      await t.shoot('newcomer-2-virtual-phone-ready', 'virtual-phones');
    },
    180_000,
  );

  it('still lists the phone as the lab\'s after a page reload', async () => {
    await t.page.reload();
    const owned = t.page.locator(`[data-testid="virtual-owned-phone"][data-serial="${serial}"]`);
    await expect.poll(() => owned.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
    expect((await t.client.devices.virtualPhones({})).phones.map((p) => p.serial)).toEqual([serial]);
  }, 90_000);

  it('captures the phone from its page into the lab home, showing progress and the folder', async () => {
    await t.page.locator(`[data-testid="device-row"][data-serial="${serial}"]`).getByTestId('device-link').click();
    await t.page.getByTestId('device-detail').waitFor({ timeout: 30_000 });
    // The lab runs this phone: its page can stop it too.
    await t.page.getByTestId('virtual-stop-detail').waitFor({ timeout: 30_000 });
    await t.page.getByTestId('capture-button').click();
    const status = t.page.getByTestId('capture-status');
    await status.waitFor({ timeout: 15_000 });
    await expect.poll(() => status.getAttribute('data-phase'), { timeout: 90_000 }).toBe('done');
    const dir = (await status.getAttribute('data-dir')) ?? '';
    expect(dir.startsWith(`${t.home}/captures/`)).toBe(true);
    expect(readFileSync(`${dir}/manifest.json`, 'utf8')).toContain('"virtual": true');
    expect(await status.textContent()).toContain(dir);
    await t.shoot('newcomer-3-device-captured');
  }, 120_000);

  it(
    'profiles 10 starter prompts on it from the New campaign page',
    async () => {
      await t.page.getByTestId('nav-new-campaign').click();
      await t.page.getByTestId('new-campaign-page').waitFor();
      const device = t.page.locator(`[data-testid="device-option"][data-serial="${serial}"] input`);
      await device.waitFor({ timeout: 30_000 });
      await device.check();
      for (const m of MODELS) {
        const box = t.page.locator(`[data-testid="campaign-model-option"][data-model-id="${m}"] input`);
        await box.waitFor({ timeout: 30_000 });
        await box.check();
      }
      await t.page.getByTestId('dataset-select').selectOption('starter');
      await t.page.getByTestId('campaign-n').fill('10');
      await t.page.getByTestId('campaign-reps').fill('1');
      await t.page.getByTestId('campaign-seed').fill('newcomer');
      await t.shoot('newcomer-4-new-campaign');
      await t.page.getByTestId('campaign-start').click();
      const progress = t.page.getByTestId('campaign-progress');
      await expect.poll(() => progress.getAttribute('data-campaign-id'), { timeout: 60_000 }).toMatch(/^[A-Za-z0-9-]{8,64}$/);
      campaignId = (await progress.getAttribute('data-campaign-id'))!;
      await expect.poll(() => progress.getAttribute('data-status'), { timeout: RUN_TIMEOUT_MS, interval: 500 }).toBe('done');
      expect(await progress.getAttribute('data-done')).toBe('20');
      runIds = (await t.client.campaigns.get({ campaignId })).runIds;
      expect(runIds).toHaveLength(1);
      await t.shoot('newcomer-5-campaign-done', 'campaign-progress');
    },
    RUN_TIMEOUT_MS + 60_000,
  );

  it('opens the campaign and exports its results as CSV and JSON', async () => {
    await t.page.getByTestId('open-campaign').click();
    const detail = t.page.getByTestId('campaign-detail');
    await expect.poll(() => detail.getAttribute('data-campaign-id'), { timeout: 30_000 }).toBe(campaignId);
    expect(await detail.getAttribute('data-status')).toBe('done');
    expect(await t.page.getByTestId('simulated-badge').count()).toBeGreaterThanOrEqual(1);
    await t.shoot('newcomer-6-campaign', 'campaign-summary');

    const csv = await downloaded('campaign-export-csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.trim().split(/\r?\n/)).toHaveLength(21);
    const json = await downloaded('campaign-export-json');
    expect(json.name).toMatch(/\.json$/);
    expect(JSON.stringify(JSON.parse(json.text))).toContain(campaignId);
  }, 120_000);

  it('builds a router profile from the campaign\'s run, opens it and exports it as JSON', async () => {
    await t.page.getByTestId('nav-router-profiles').click();
    await t.page.getByTestId('router-profiles-page').waitFor();
    const option = t.page.locator(`[data-testid="build-run-option"][data-run-id="${runIds[0]}"] input`);
    await option.waitFor({ timeout: 30_000 });
    await option.check();
    await t.page.getByTestId('build-embedder').selectOption('lexical');
    await t.page.getByTestId('build-k-mode').selectOption('fixed');
    await t.page.getByTestId('build-k').fill('2');
    await t.page.getByTestId('build-name').fill('newcomer first profile');
    await t.page.getByTestId('build-start').click();
    const built = t.page.getByTestId('build-result');
    await built.waitFor({ timeout: 120_000 });
    const profileId = (await built.getAttribute('data-profile-id'))!;
    await t.shoot('newcomer-7-router-profiles', 'build-result');
    await t.page.getByTestId('open-built-profile').click();
    await expect.poll(() => t.page.getByTestId('profile-detail').getAttribute('data-profile-id'), { timeout: 30_000 }).toBe(profileId);
    await t.shoot('newcomer-8-router-profile');
    const exported = await downloaded('export-v2');
    expect(exported.name).toMatch(/\.json$/);
    expect(Object.keys(JSON.parse(exported.text) as object).length).toBeGreaterThan(0);
  }, 180_000);

  it('compares routing strategies on the campaign and exports the table as CSV and JSON', async () => {
    await t.page.getByTestId('nav-compare').click();
    await t.page.getByTestId('compare-page').waitFor();
    const group = t.page.locator(`[data-testid="compare-run-group"][data-key="campaign:${campaignId}"]`);
    await group.waitFor({ timeout: 30_000 });
    await group.getByTestId('compare-run-group-check').check();
    for (const s of ['router', 'oracle', 'largest', 'smallest']) {
      const box = t.page.locator(`[data-testid="strategy-option"][data-strategy="${s}"] input`);
      if (!(await box.isChecked())) await box.check();
    }
    for (const s of ['claude', 'gemini', 'random', 'profile']) {
      const box = t.page.locator(`[data-testid="strategy-option"][data-strategy="${s}"] input`);
      if ((await box.count()) && (await box.isChecked())) await box.uncheck();
    }
    await t.page.getByTestId('compare-folds').fill('2');
    await t.page.getByTestId('compare-k').fill('2');
    await t.page.getByTestId('compare-run').click();
    const result = t.page.getByTestId('compare-result');
    await result.waitFor({ timeout: 180_000 });
    expect(await t.page.getByTestId('compare-error').count()).toBe(0);
    expect(await result.getAttribute('data-simulated')).toBe('all');
    expect(await t.page.getByTestId('compare-row').count()).toBeGreaterThanOrEqual(4);
    await t.shoot('newcomer-9-compare', 'compare-result');

    const csv = await downloaded('compare-export-csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(5);
    const json = await downloaded('compare-export-json');
    expect(json.name).toMatch(/\.json$/);
    expect(JSON.parse(json.text)).toBeTruthy();
  }, 240_000);

  it('stops a phone from the page, and serve stops the one it still runs', async () => {
    await t.page.getByTestId('nav-devices').click();
    await t.page.getByTestId('virtual-phones').waitFor({ timeout: 30_000 });
    await t.page.locator('[data-testid="virtual-kind"][data-kind="samsung-simulated"]').getByTestId('virtual-start').click();
    await expect.poll(async () => (await t.client.devices.virtualPhones({})).phones.length, { timeout: 120_000 }).toBe(2);
    const samsung = (await t.client.devices.virtualPhones({})).phones.find((p) => p.vendor === 'samsung')!.serial;
    await t.page.locator(`[data-testid="virtual-owned-phone"][data-serial="${samsung}"]`).waitFor({ timeout: 60_000 });
    await t.shoot('newcomer-10-two-virtual-phones', 'virtual-phones');

    await t.page.locator(`[data-testid="virtual-owned-phone"][data-serial="${serial}"]`).getByTestId('virtual-stop').click();
    await expect.poll(() => t.page.locator(`[data-testid="virtual-owned-phone"][data-serial="${serial}"]`).count(), { timeout: 60_000 }).toBe(0);
    expect(await listening(Number(serial.split(':')[1]))).toBe(false);
    await expect.poll(async () => (await adb(['devices'])).stdout.includes(serial), { timeout: 30_000 }).toBe(false);

    expect(await t.lab.stop()).toBe(0);
    expect(await listening(Number(samsung.split(':')[1]))).toBe(false);
    expect((await adb(['devices'])).stdout).not.toContain(samsung);
  }, 240_000);
});
