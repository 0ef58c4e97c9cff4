/**
 * End to end: the built UI in real Chromium, served by the real `aurora-lab serve`, with a virtual phone that the
 * real adb server connects to. The phone is connected through the page's own form.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualPhone } from '../../src/main/virtual-phone';
import { screenshot } from '../helpers/browser';
import { startE2eLab, type E2eLab } from './fixture';

let phone: VirtualPhone;
let page: Page;

let env: E2eLab;

beforeAll(async () => {
  env = await startE2eLab({ viewport: { width: 1360, height: 860 }, connectPhone: false });
  ({ phone, page } = env);
}, 90_000);

afterAll(async () => {
  await env?.close();
});

describe('Devices page (Chromium, aurora-lab serve, virtual phone)', () => {
  it('shows adb as available and that the lab is served over HTTP', async () => {
    await page.getByTestId('adb-status').waitFor();
    expect(await page.getByTestId('adb-status').getAttribute('data-available')).toBe('true');
    expect(await page.getByTestId('lab-host').getAttribute('data-host')).toBe('http');
  });

  it('connects the virtual phone from the form and lists it live with model, battery and the virtual badge', async () => {
    await page.getByTestId('connect-input').fill('not-an-address');
    await page.getByTestId('connect-button').click();
    await expect.poll(() => page.getByTestId('connect-field-error').textContent()).toMatch(/host:port/);

    await page.getByTestId('connect-input').fill(phone.address);
    await page.getByTestId('connect-button').click();
    await expect.poll(() => page.getByTestId('connect-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('ok');

    const row = page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('device');
    await expect.poll(() => row.getByTestId('device-model').textContent(), { timeout: 15_000 }).toMatch(/Pixel 8 Pro/);
    await expect.poll(() => row.getByTestId('device-battery').textContent(), { timeout: 15_000 }).toMatch(/\d+\s*%/);
    // The badge and the SoC come from the probe, which can finish after the first status reading (polls do not
    // wait for a probe in flight): wait for them too.
    await expect.poll(() => row.getByTestId('virtual-badge').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row.getByTestId('device-soc').textContent(), { timeout: 15_000 }).toMatch(/Tensor G3/);
    await screenshot(page, 'devices-page');
  });

  it('sees the phone go offline when it is unplugged and come back when plugged in', async () => {
    const row = page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`);
    phone.unplug();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).not.toBe('device');
    phone.plug();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('device');
  });

  it('opens the device detail with its probed facts and a live battery/temperature chart', async () => {
    await page.locator(`[data-testid="device-row"][data-serial="${phone.address}"]`).getByTestId('device-link').click();
    await page.getByTestId('device-detail').waitFor();
    await expect.poll(() => page.getByTestId('facts-identity').textContent(), { timeout: 15_000 }).toMatch(/Google/);
    expect(await page.getByTestId('cactus-support').textContent()).toBeTruthy();
    await expect.poll(() => page.getByTestId('energy-odpm').getAttribute('data-available'), { timeout: 15_000 }).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('status-chart').getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'device-detail');
  });
});
