/**
 * End to end: every page with wide figures at 1280 and 1024 px in real Chromium, served by the real `aurora-lab
 * serve`, on measurements from a real virtual phone the real adb server connects to (a campaign, a quick run with
 * long free-text replies, a router profile and a comparison, all made through the API). At each width, each page:
 * nothing cut (layout-check.ts: no sideways page scroll, wide tables say they scroll, clipped text has its tooltip,
 * the strategy list shows every strategy, the columns the issue named are in view), a screenshot under
 * test-results/screenshots/width-<px>-<page>.png. Then the Compare page's JSON export.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, layoutProblems } from './layout-check';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
const ids = { campaign: '', campaignRun: '', quickRun: '', profile: '', comparison: '' };

const MEASURE_TIMEOUT_MS = 300_000;
const MODELS = ['gemma-270m', 'lfm2-350m', 'qwen-600m'];

beforeAll(async () => {
  t = await startLabPage({ connect: true, viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

/** The pages to check, with the columns that must be in view without scrolling sideways. */
function pages(): Array<{ name: string; hash: string; ready: string; mustSee: Array<[string, string]>; shotAt?: string; open?: () => Promise<void> }> {
  return [
    { name: 'devices', hash: '#/devices', ready: 'devices-table', mustSee: [['devices-table', 'Last seen']] },
    { name: 'runs', hash: '#/runs', ready: 'runs-table', mustSee: [['runs-table', 'Prompt set']] },
    { name: 'quick-run', hash: `#/runs/${ids.quickRun}`, ready: 'prompt-table', mustSee: [['prompt-table', 'Response']], shotAt: 'prompt-tools' },
    { name: 'campaign-run', hash: `#/runs/${ids.campaignRun}`, ready: 'prompt-table', mustSee: [['prompt-table', 'Response']], shotAt: 'prompt-tools' },
    { name: 'campaign', hash: `#/campaigns/${ids.campaign}`, ready: 'figures-table', mustSee: [['figures-table', 'Accuracy']] },
    { name: 'router-profile', hash: `#/router-profiles/${ids.profile}`, ready: 'cost-table', mustSee: [['cost-table', 'Decode']] },
    {
      name: 'compare',
      hash: '#/compare',
      ready: 'compare-strategies',
      mustSee: [['compare-table', 'Share per model']],
      open: async () => {
        await t.page.getByTestId('compare-recent-summary').click();
        await t.page.locator(`[data-testid="compare-recent-row"][data-id="${ids.comparison}"]`).getByTestId('compare-recent-open').click();
        await t.page.locator(`[data-testid="compare-result"][data-comparison-id="${ids.comparison}"]`).waitFor({ timeout: 15_000 });
      },
    },
  ];
}

describe('Pages at 1280 and 1024 px (Chromium, aurora-lab serve, virtual phone)', () => {
  it(
    'measures a campaign and a quick run, builds a router profile and compares, through the API',
    async () => {
      await t.phoneReady();
      const started = await t.client.campaigns.start({ devices: [t.phone.address], models: MODELS, dataset: 'starter', n: 16, seed: 'e2e-widths', warmup: 0, idleBaselineMs: 500 });
      ids.campaign = started.campaignId;
      ids.campaignRun = started.runIds[0]!;
      await expect.poll(async () => (await t.client.campaigns.get({ campaignId: ids.campaign })).status, { timeout: MEASURE_TIMEOUT_MS, interval: 500 }).toBe('done');
      // Free-text prompts: long replies for the Response column.
      const quick = await t.client.runs.quickRun({
        serial: t.phone.address,
        model: 'qwen-600m',
        maxTokens: 48,
        idleBaselineMs: 500,
        prompts: [
          { text: 'Describe, in a long paragraph with many details, how a phone measures the energy a language model uses.' },
          { text: 'Explain photosynthesis to a ten year old in plain words, in about fifty words.' },
          { text: 'List five reasons why small on-device models are useful for privacy and latency.' },
        ],
      });
      ids.quickRun = quick.runId;
      await expect.poll(async () => (await t.client.runs.get({ runId: ids.quickRun })).status, { timeout: MEASURE_TIMEOUT_MS, interval: 500 }).not.toBe('running');
      ids.profile = (await t.client.profiles.build({ runIds: [ids.campaignRun], k: 2, name: 'e2e widths' })).profileId;
      const cmp = await t.client.compare.run({
        runIds: [ids.campaignRun],
        strategies: ['router', 'oracle', 'largest', 'smallest', 'random'],
        folds: 2,
        k: 2,
        preferences: [0.2, 0.5, 0.8],
        costMetric: 'energy',
      });
      ids.comparison = cmp.id;
    },
    MEASURE_TIMEOUT_MS * 2,
  );

  for (const width of [1280, 1024]) {
    it(
      `cuts nothing off at ${width} px: wide tables say they scroll, clipped text has its tooltip, every strategy shows`,
      async () => {
        await t.page.setViewportSize({ width, height: 1100 });
        for (const p of pages()) {
          await goTo(t.page, p.hash);
          await t.page.getByTestId(p.ready).first().waitFor({ timeout: 20_000 });
          if (p.open) await p.open();
          // Charts and tables settle (ResizeObserver, ECharts) before the layout is read.
          await expect.poll(() => layoutProblems(t.page, p.mustSee), { timeout: 10_000, interval: 300 }).toEqual([]);
          // The content scrolls: the screenshot shows the table the page is checked for.
          await t.shoot(`width-${width}-${p.name}`, p.shotAt ?? p.mustSee[0]?.[0] ?? p.ready);
        }
      },
      120_000,
    );
  }

  it('says in the Compare page what QNC, deferral area, APGR and CPT are, and why a QNC is missing', async () => {
    const notes = await t.page.getByTestId('compare-footnotes').first().textContent();
    expect(notes).toMatch(/Deferral area \(UniRoute\)/);
    expect(notes).toMatch(/QNC, quality-neutral cost \(UniRoute\)/);
    for (const row of await t.page.locator('[data-testid="compare-row"][data-strategy="router"]').all()) {
      const qnc = (await row.getByTestId('row-qnc').textContent()) ?? '';
      // A multiple of the best single model's cost, or a dash explained under the table.
      if (qnc === '—') {
        expect(await t.page.getByTestId('qnc-reason').count()).toBeGreaterThan(0);
        // The lab's own reason (ComparisonRow.qncReason), in its words.
        expect(await t.page.getByTestId('qnc-reason').first().textContent()).toMatch(/No cost preference reaches the best single model’s accuracy|None of the router’s preferences|No single model has a measured|cost of 0/);
      } else expect(qnc).toMatch(/^\d+\.\d\d×$/);
    }
    const pairs = await t.page.getByTestId('compare-pairs').count();
    if (pairs) expect(await t.page.getByTestId('compare-pairs').textContent()).toMatch(/APGR \(RouteLLM\)/);
  });

  it('exports the comparison as JSON as well as CSV', async () => {
    const [download] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('compare-export-json').click()]);
    expect(download.suggestedFilename()).toMatch(/^aurora-lab-compare-\d{8}-\d{6}-[0-9a-f]{8}\.json$/);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { id: string; simulated: string; groups: Array<{ rows: unknown[] }> };
    expect(doc.id).toBe(ids.comparison);
    expect(doc.simulated).toBe('all');
    expect(doc.groups[0]!.rows.length).toBeGreaterThanOrEqual(5);
  });
});
