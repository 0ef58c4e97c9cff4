/**
 * End to end: the built UI in real Chromium, served by the real `aurora-lab serve`, with a virtual phone that the
 * real adb server connects to. The phone is connected through the page's own form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;

beforeAll(async () => {
  // Not connected through the API: the test connects the phone with the page's own form.
  t = await startLabPage({ connect: false, viewport: { width: 1360, height: 860 } });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

describe('Devices page (Chromium, aurora-lab serve, virtual phone)', () => {
  it('shows adb as available and that the lab is served over HTTP', async () => {
    await t.page.getByTestId('adb-status').waitFor();
    expect(await t.page.getByTestId('adb-status').getAttribute('data-available')).toBe('true');
    expect(await t.page.getByTestId('lab-host').getAttribute('data-host')).toBe('http');
  });

  it('connects the virtual phone from the form and lists it live with model, battery and the virtual badge', async () => {
    await t.page.getByTestId('connect-input').fill('not-an-address');
    await t.page.getByTestId('connect-button').click();
    await expect.poll(() => t.page.getByTestId('connect-field-error').textContent()).toMatch(/host:port/);

    await t.page.getByTestId('connect-input').fill(t.phone.address);
    await t.page.getByTestId('connect-button').click();
    await expect.poll(() => t.page.getByTestId('connect-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('ok');

    const row = t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('device');
    await expect.poll(() => row.getByTestId('device-model').textContent(), { timeout: 15_000 }).toMatch(/Pixel 8 Pro/);
    await expect.poll(() => row.getByTestId('device-battery').textContent(), { timeout: 15_000 }).toMatch(/\d+\s*%/);
    // The model name can come from adb's list before the probe: the probed facts (virtual, SoC) follow.
    await expect.poll(() => row.getByTestId('virtual-badge').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row.getByTestId('device-soc').textContent(), { timeout: 15_000 }).toMatch(/Tensor G3/);
    await t.shoot('devices-page');
  });

  it('sees the phone go offline when it is unplugged and come back when plugged in', async () => {
    const row = t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`);
    t.phone.unplug();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).not.toBe('device');
    t.phone.plug();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('device');
  });

  it('opens the device detail with its probed facts and a live battery/temperature chart', async () => {
    await t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`).getByTestId('device-link').click();
    await t.page.getByTestId('device-detail').waitFor();
    await expect.poll(() => t.page.getByTestId('facts-identity').textContent(), { timeout: 15_000 }).toMatch(/Google/);
    expect(await t.page.getByTestId('cactus-support').textContent()).toBeTruthy();
    await expect.poll(() => t.page.getByTestId('energy-odpm').getAttribute('data-available'), { timeout: 15_000 }).toBe('true');
    await expect.poll(async () => Number(await t.page.getByTestId('status-chart').getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await t.shoot('device-detail');
  });

  it('opens earlier versions’ addresses on the renamed pages and puts the current address in the bar', async () => {
    // The node-side typecheck has no DOM types: reach `location` through globalThis.
    const go = (hash: string) =>
      t.page.evaluate((h) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = h;
      }, hash);
    const hashNow = () => t.page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
    await go('#/profile');
    await t.page.getByTestId('new-campaign-page').waitFor();
    await expect.poll(hashNow).toBe('#/campaigns/new');
    await go('#/profiles');
    await t.page.getByTestId('router-profiles-page').waitFor();
    await expect.poll(hashNow).toBe('#/router-profiles');
    await go(`#/devices/${encodeURIComponent(t.phone.address)}/quick`);
    await t.page.getByTestId('quick-run-page').waitFor();
    await expect.poll(hashNow).toBe(`#/devices/${encodeURIComponent(t.phone.address)}/quick-run`);
  });
});
