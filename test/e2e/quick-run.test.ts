/**
 * End to end: a quick run from the device page in real Chromium, served by the real `aurora-lab serve`, on a
 * virtual phone that the real adb server connects to. The lab runs the real host runner on the phone (building it
 * with make first if it is missing), the page follows `runs.progress` / `runs.result` live, then the run detail shows
 * the stored per-prompt figures and the power chart, and the Runs list has the run.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
let runId = '';

/** A run on a fresh lab home: deploy, maybe a runner build (~10 s), model load, baseline, warm-up, two prompts. */
const RUN_TIMEOUT_MS = 150_000;

beforeAll(async () => {
  t = await startLabPage({ connect: true });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

describe('Quick run (Chromium, aurora-lab serve, virtual phone)', () => {
  it('opens the quick run page from the device page, with the model catalogue and the simulated note', async () => {
    // Connected through the API; the lab lists and probes it by itself.
    await t.phoneReady();
    // The node-side typecheck has no DOM types: reach `location` through globalThis.
    await t.page.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, `#/devices/${encodeURIComponent(t.phone.address)}`);
    await t.page.getByTestId('device-detail').waitFor();
    await t.page.getByTestId('quick-run-link').click();
    await t.page.getByTestId('quick-run-page').waitFor();
    expect(await t.page.getByTestId('quick-run-page').getAttribute('data-serial')).toBe(t.phone.address);
    const gemma = t.page.locator('[data-testid="model-option"][data-model-id="gemma-270m"]');
    await gemma.waitFor({ timeout: 15_000 });
    expect(await gemma.getAttribute('data-usable')).toBe('true');
    expect(await gemma.textContent()).toMatch(/MB/);
    expect(await gemma.textContent()).toMatch(/simulated/);
    expect(await t.page.getByTestId('virtual-note').textContent()).toMatch(/simulated, not measured/);
    // A Pixel: charging can be suspended, and the page says what that does.
    expect(await t.page.getByTestId('suspend-charging').isDisabled()).toBe(false);
    expect(await t.page.getByTestId('suspend-help').textContent()).toMatch(/power\.battery_input\.suspended/);
  });

  it('checks the prompts before sending them', async () => {
    await t.page.getByTestId('prompts-input').fill('Which? | only one choice');
    await t.page.getByTestId('quick-start').click();
    await expect.poll(() => t.page.getByTestId('quick-form-errors').textContent()).toMatch(/Line 1: an answer letter needs the four choices/);
  });

  it('shows the lab’s full refusal when the fuel gauge is asked for on a charging phone', async () => {
    t.phone.setCharging('usb');
    try {
      // The phone publishes its new battery state on its own schedule: wait until the page (the lab) sees it.
      await expect.poll(() => t.page.getByTestId('charging-note').textContent(), { timeout: 30_000 }).toMatch(/charging \(USB\)/);
      await t.page.getByTestId('energy-method').selectOption('fuel-gauge');
      await t.page.getByTestId('prompts-input').fill('hi');
      await t.page.getByTestId('quick-start').click();
      const error = t.page.getByTestId('quick-error');
      await error.waitFor({ timeout: 30_000 });
      const text = (await error.textContent()) ?? '';
      expect(text).toMatch(/charging/);
      // The message says how to fix it.
      expect(text).toMatch(/Wi-Fi debugging/);
      expect(text).toMatch(/odpm/i);
      await t.shoot('quick-run-refused', 'quick-error');
    } finally {
      t.phone.setCharging(null);
    }
    await t.page.getByTestId('energy-method').selectOption('auto');
    await expect.poll(() => t.page.getByTestId('charging-note').textContent(), { timeout: 30_000 }).toMatch(/on battery/);
  });

  it(
    'runs gemma-270m on two prompts, following progress and prompt rows live until done',
    async () => {
      await t.page.locator('[data-testid="model-option"][data-model-id="gemma-270m"]').getByTestId('model-radio').check();
      await t.page.getByTestId('prompts-input').fill('What is 2+2?\nName a colour.');
      await t.page.getByTestId('max-tokens').fill('48');
      await t.page.getByTestId('quick-start').click();

      const progress = t.page.getByTestId('quick-progress');
      await expect.poll(() => progress.getAttribute('data-run-id'), { timeout: 30_000 }).toMatch(/^[A-Za-z0-9-]{8,64}$/);
      runId = (await progress.getAttribute('data-run-id'))!;
      expect(await t.page.getByTestId('quick-error').count()).toBe(0);
      await t.shoot('quick-run-running', 'quick-progress');

      await expect
        .poll(() => progress.getAttribute('data-finished'), { timeout: RUN_TIMEOUT_MS, interval: 500 })
        .toBe('true');
      expect(await progress.getAttribute('data-phase')).toBe('done');
      expect(await progress.getAttribute('data-done')).toBe('2');
      expect(await progress.getAttribute('data-total')).toBe('2');
      expect(await t.page.getByTestId('progress-bar').getAttribute('data-percent')).toBe('100');
      expect(await t.page.getByTestId('progress-counts').textContent()).toBe('2 of 2 prompts');

      const rows = t.page.getByTestId('quick-results').getByTestId('prompt-row');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
      expect(await rows.nth(0).getByTestId('cell-ttft').textContent()).toMatch(/^\d+$/);
      await t.shoot('quick-run-done', 'quick-results');
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it('opens the run detail: simulated, conditions, two rows of figures and a power chart with both prompts', async () => {
    await t.page.getByTestId('open-run').click();
    const detail = t.page.getByTestId('run-detail');
    await expect.poll(() => detail.getAttribute('data-run-id'), { timeout: 15_000 }).toBe(runId);
    expect(await detail.getAttribute('data-status')).toBe('done');
    expect(await t.page.getByTestId('simulated-badge').count()).toBe(1);
    expect(await t.page.getByTestId('simulated-note').textContent()).toMatch(/simulated/);
    expect(await t.page.getByTestId('run-models-list').textContent()).toBe('gemma-270m');
    const conditions = (await t.page.getByTestId('run-conditions').textContent()) ?? '';
    // Auto on a Pixel: ODPM.
    expect(conditions).toMatch(/ODPM power rails at \d+(\.\d)? Hz/);
    expect(conditions).toMatch(/google\/husky/);

    const rows = t.page.getByTestId('run-prompts').getByTestId('prompt-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    for (let i = 0; i < 2; i++) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-ok')).toBe('true');
      for (const cell of ['ttft', 'prefillTps', 'decodeTps', 'total', 'outputTokens', 'energy', 'netEnergy', 'avgPower', 'energyPerToken']) {
        expect(await row.getByTestId(`cell-${cell}`).textContent(), `prompt ${i + 1} ${cell}`).toMatch(/^-?\d+(\.\d+)?\*?$/);
      }
      expect(await row.getByTestId('prompt-resolution').textContent()).toMatch(/^energy resolution: \d+ (ODPM reads?|gauge updates?)$/);
      expect(((await row.getByTestId('prompt-response').textContent()) ?? '').length).toBeGreaterThan(0);
    }

    const chart = t.page.getByTestId('power-chart');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(2);
    expect(await chart.getAttribute('data-prompts')).toBe('2');
    await expect
      .poll(() => chart.locator('canvas').evaluate((c) => (c as unknown as { width: number; height: number }).width * (c as unknown as { height: number }).height), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // RSS says what it measures (RunModelSummary.rssMethod): on a virtual phone, the runner alone.
    const rss = t.page.getByTestId('run-model-row').first().getByTestId('model-rss');
    expect(await rss.textContent()).toMatch(/^\d+\.\d \(runner only\)$/);
    expect(await rss.getAttribute('title')).toMatch(/VmRSS of the runner process .* the simulated engine holds no weights/);
    await t.shoot('run-detail', 'run-summary');
    await t.shoot('run-detail-power', 'power-chart');
    await t.shoot('run-detail-models', 'run-models');
  });

  it('exports the per-prompt table as CSV from the page', async () => {
    const [download] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`aurora-lab-run-${runId.slice(0, 8)}-prompts.csv`);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^run_id,index,prompt_id,model_id,ok,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith(`${runId},0,`)).toBe(true);
  });

  it('lists the run on the Runs page, with the simulated flag, filters and sorting', async () => {
    await t.page.getByTestId('nav-runs').click();
    const row = t.page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(await row.getByTestId('run-simulated').textContent()).toBe('simulated');
    expect(await row.getByTestId('run-prompts').textContent()).toBe('2');
    expect(await row.getByTestId('run-models').textContent()).toMatch(/gemma-270m/);
    await expect.poll(() => row.getByTestId('run-energy').textContent(), { timeout: 15_000 }).toMatch(/^\d+\.\d{3}$/);

    await t.page.getByTestId('filter-simulated').selectOption('measured');
    await t.page.getByTestId('runs-none-match').waitFor();
    await t.page.getByTestId('filter-simulated').selectOption('simulated');
    await row.waitFor();
    await t.page.getByTestId('sort-energy').click();
    expect(await t.page.locator('th[aria-sort="descending"]').textContent()).toMatch(/Energy/);
    await t.shoot('runs-page');

    await row.getByTestId('run-link').click();
    await expect.poll(() => t.page.getByTestId('run-detail').getAttribute('data-run-id'), { timeout: 15_000 }).toBe(runId);
  });
});
