/**
 * End to end: the built UI in real Chromium, served by the real `aurora-lab serve`, with a virtual phone that the
 * real adb server connects to. The phone is connected through the page's own form.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';
import { adb } from '../helpers/adb-cli';
import { launchChromium, screenshot } from '../helpers/browser';
import { parseServeUrl, startCli, type LabProcess } from '../helpers/lab-process';
import { tempDir } from '../helpers/temp-dir';

const home = tempDir();
let phone: VirtualPhone;
let lab: LabProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  phone = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: `${home.path}/phone` });
  lab = await startCli(['--home', home.path, 'serve', '--port', '0']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(parseServeUrl(lab.firstLine).url, { timeout: 120_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  await adb(['disconnect', phone.address]);
  await phone?.close();
  home.cleanup();
});

/**
 * Every read polls: the page fills in as the lab probes the phone and samples its status, which on a machine whose
 * cores are busy takes seconds longer than idle. A short per-attempt timeout keeps an element that is not rendered
 * yet from swallowing the whole poll in one Playwright wait; the poll's own budget is generous because it only
 * bounds a failure, a pass returns as soon as the condition holds.
 */
const LIVE = { timeout: 60_000 };
const attempt = { timeout: 1000 };

describe('Devices page (Chromium, aurora-lab serve, virtual phone)', () => {
  it('shows adb as available and that the lab is served over HTTP', { timeout: 180_000 }, async () => {
    await expect.poll(() => page.getByTestId('adb-status').getAttribute('data-available', attempt).catch(() => null), LIVE).toBe('true');
    await expect.poll(() => page.getByTestId('lab-host').getAttribute('data-host', attempt).catch(() => null), LIVE).toBe('http');
  });

  it('connects the virtual phone from the form and lists it live with model, battery and the virtual badge', { timeout: 240_000 }, async () => {
    await page.getByTestId('connect-input').fill('not-an-address');
    await page.getByTestId('connect-button').click();
    await expect.poll(() => page.getByTestId('connect-field-error').textContent(attempt).catch(() => null), LIVE).toMatch(/host:port/);

    await page.getByTestId('connect-input').fill(phone.address);
    await page.getByTestId('connect-button').click();
    await expect.poll(() => page.getByTestId('connect-result').getAttribute('data-outcome', attempt).catch(() => null), LIVE).toBe('ok');

    const row = page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`);
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).toBe('device');
    await expect.poll(() => row.getByTestId('device-model').textContent(attempt).catch(() => null), LIVE).toMatch(/Pixel 8 Pro/);
    await expect.poll(() => row.getByTestId('device-battery').textContent(attempt).catch(() => null), LIVE).toMatch(/\d+\s*%/);
    await expect.poll(() => row.getByTestId('virtual-badge').count(), LIVE).toBe(1);
    await expect.poll(() => row.getByTestId('device-soc').textContent(attempt).catch(() => null), LIVE).toMatch(/Tensor G3/);
    await screenshot(page, 'devices-page');
  });

  it('sees the phone go offline when it is unplugged and come back when plugged in', { timeout: 180_000 }, async () => {
    const row = page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`);
    phone.unplug();
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).not.toBe('device');
    phone.plug();
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).toBe('device');
  });

  it('opens the device detail with its probed facts and a live battery/temperature chart', { timeout: 240_000 }, async () => {
    await page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`).getByTestId('device-link').click();
    await expect.poll(() => page.getByTestId('facts-identity').textContent(attempt).catch(() => null), LIVE).toMatch(/Google/);
    await expect.poll(async () => ((await page.getByTestId('cactus-support').textContent(attempt).catch(() => null)) ?? '').length, LIVE).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('energy-odpm').getAttribute('data-available', attempt).catch(() => null), LIVE).toBe('true');
    await expect.poll(async () => Number((await page.getByTestId('status-chart').getAttribute('data-points', attempt).catch(() => null)) ?? 0), LIVE).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'device-detail');
  });
});
