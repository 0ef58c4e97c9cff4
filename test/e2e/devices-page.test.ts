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
}, 180_000);

afterAll(async () => {
  await t?.stop();
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
    await expect.poll(() => t.page.getByTestId('adb-status').getAttribute('data-available', attempt).catch(() => null), LIVE).toBe('true');
    await expect.poll(() => t.page.getByTestId('lab-host').getAttribute('data-host', attempt).catch(() => null), LIVE).toBe('http');
  });

  it('connects the virtual phone from the form and lists it live with model, battery and the virtual badge', { timeout: 240_000 }, async () => {
    await t.page.getByTestId('connect-input').fill('not-an-address');
    await t.page.getByTestId('connect-button').click();
    await expect.poll(() => t.page.getByTestId('connect-field-error').textContent(attempt).catch(() => null), LIVE).toMatch(/host:port/);

    await t.page.getByTestId('connect-input').fill(t.phone.address);
    await t.page.getByTestId('connect-button').click();
    await expect.poll(() => t.page.getByTestId('connect-result').getAttribute('data-outcome', attempt).catch(() => null), LIVE).toBe('ok');

    const row = t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`);
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).toBe('device');
    await expect.poll(() => row.getByTestId('device-model').textContent(attempt).catch(() => null), LIVE).toMatch(/Pixel 8 Pro/);
    await expect.poll(() => row.getByTestId('device-battery').textContent(attempt).catch(() => null), LIVE).toMatch(/\d+\s*%/);
    // The model name can come from adb's list before the probe: the probed facts (virtual, SoC) follow.
    await expect.poll(() => row.getByTestId('virtual-badge').count(), LIVE).toBe(1);
    await expect.poll(() => row.getByTestId('device-soc').textContent(attempt).catch(() => null), LIVE).toMatch(/Tensor G3/);
    await t.shoot('devices-page');
  });

  it('sees the phone go offline when it is unplugged and come back when plugged in', { timeout: 180_000 }, async () => {
    const row = t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`);
    t.phone.unplug();
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).not.toBe('device');
    t.phone.plug();
    await expect.poll(() => row.getAttribute('data-state', attempt).catch(() => null), LIVE).toBe('device');
  });

  it('opens the device detail with its probed facts and a live battery/temperature chart', { timeout: 240_000 }, async () => {
    await t.page.locator(`[data-testid="device-row"][data-serial="${t.phone.address}"]`).getByTestId('device-link').click();
    await expect.poll(() => t.page.getByTestId('facts-identity').textContent(attempt).catch(() => null), LIVE).toMatch(/Google/);
    await expect.poll(async () => ((await t.page.getByTestId('cactus-support').textContent(attempt).catch(() => null)) ?? '').length, LIVE).toBeGreaterThan(0);
    await expect.poll(() => t.page.getByTestId('energy-odpm').getAttribute('data-available', attempt).catch(() => null), LIVE).toBe('true');
    await expect.poll(async () => Number((await t.page.getByTestId('status-chart').getAttribute('data-points', attempt).catch(() => null)) ?? 0), LIVE).toBeGreaterThanOrEqual(2);
    await t.shoot('device-detail');
  });

  it('opens earlier versions’ addresses on the renamed pages and puts the current address in the bar', { timeout: 120_000 }, async () => {
    // The node-side typecheck has no DOM types: reach `location` through globalThis.
    const go = (hash: string) =>
      t.page.evaluate((h) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = h;
      }, hash);
    const hashNow = () => t.page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
    await go('#/profile');
    await t.page.getByTestId('new-campaign-page').waitFor(LIVE);
    await expect.poll(hashNow, LIVE).toBe('#/campaigns/new');
    await go('#/profiles');
    await t.page.getByTestId('router-profiles-page').waitFor(LIVE);
    await expect.poll(hashNow, LIVE).toBe('#/router-profiles');
    await go(`#/devices/${encodeURIComponent(t.phone.address)}/quick`);
    await t.page.getByTestId('quick-run-page').waitFor(LIVE);
    await expect.poll(hashNow, LIVE).toBe(`#/devices/${encodeURIComponent(t.phone.address)}/quick-run`);
  });
});
