/**
 * The Run and Compare pages' share buttons in real Chromium on `aurora-lab serve`: a small campaign on a virtual
 * phone and a comparison of it (through the API), then the pages' Charts PNG / Charts SVG / Report HTML buttons.
 * Each download is the lab's file (checked: PNG signature and size, SVG markup with the SIMULATED subtitle, the
 * report's HTML with its charts); several charts come as one zip (a browser drops some of several downloads at once). Screenshots: share-compare.png, share-run.png.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZip } from '../../src/main/runner/zip';
import { pngSize } from '../helpers/png';
import { tempDir } from '../helpers/temp-dir';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
let campaignId = '';
let runId = '';
let comparisonId = '';

beforeAll(async () => {
  t = await startLabPage({ connect: true, viewport: { width: 1440, height: 960 } });
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

/** Clicks `testId` and collects `n` downloads. */
async function downloads(testId: string, n: number): Promise<Array<{ name: string; body: Buffer }>> {
  const got: Download[] = [];
  const listener = (d: Download) => got.push(d);
  t.page.on('download', listener);
  try {
    await t.page.getByTestId(testId).click();
    await expect.poll(() => got.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(n);
    return await Promise.all(got.map(async (d) => ({ name: d.suggestedFilename(), body: readFileSync((await d.path())!) })));
  } finally {
    t.page.off('download', listener);
  }
}

/** Clicks `testId`, takes the one zip it saves (named `name`) and reads it with the lab's zip reader. */
async function zipped(testId: string, name: string): Promise<Array<{ name: string; body: Buffer }>> {
  const [zip] = await downloads(testId, 1);
  expect(zip!.name).toBe(name);
  const dir = tempDir('aurora-share-zip-');
  try {
    const file = join(dir.path, name);
    writeFileSync(file, zip!.body);
    const names = await extractZip(file, join(dir.path, 'out'));
    return names.map((n) => ({ name: n, body: readFileSync(join(dir.path, 'out', n)) }));
  } finally {
    dir.cleanup();
  }
}

describe('share buttons (charts and report as files) on the Run and Compare pages', () => {
  it('measures a small campaign and compares it through the API', async () => {
    await t.phoneReady();
    const started = await t.client.campaigns.start({ devices: [t.phone.address], models: ['gemma-270m', 'qwen-600m'], dataset: 'starter', n: 12, seed: 'e2e-share', warmup: 0, idleBaselineMs: 500 });
    campaignId = started.campaignId;
    runId = started.runIds[0]!;
    await expect.poll(async () => (await t.client.campaigns.get({ campaignId })).status, { timeout: 240_000, interval: 500 }).toBe('done');
    comparisonId = (await t.client.compare.run({ runIds: [campaignId], strategies: ['router', 'oracle', 'largest', 'smallest'], folds: 2, costMetric: 'size' })).id;
  }, 300_000);

  it('Compare: Charts PNG and SVG give the lab\'s chart files; Report HTML the campaign report', async () => {
    await t.page.getByTestId('nav-compare').click();
    await t.page.getByTestId('compare-recent-summary').click();
    await t.page.locator(`[data-testid="compare-recent-row"][data-id="${comparisonId}"] [data-testid="compare-recent-open"]`).click();
    await t.page.getByTestId('compare-result').waitFor();
    const pngs = await zipped('compare-share-charts-png', `${comparisonId.slice(0, 12)}-charts-png.zip`);
    expect(pngs.map((f) => f.name).sort()).toEqual(['latency-distribution', 'model-size-distribution', 'pareto-energy', 'pareto-latency', 'savings-breakdown', 'strategy-comparison'].map((s) => `${s}.png`));
    for (const f of pngs) {
      expect(pngSize(f.body).width, f.name).toBe(1920);
      expect(f.body.length, f.name).toBeGreaterThan(10_000);
    }
    const svgs = await zipped('compare-share-charts-svg', `${comparisonId.slice(0, 12)}-charts-svg.zip`);
    expect(svgs).toHaveLength(6);
    for (const f of svgs) {
      const text = f.body.toString('utf8');
      expect(text, f.name).toMatch(/^<svg /);
      expect(text, f.name).toContain('SIMULATED');
    }
    const [report] = await downloads('compare-share-report', 1);
    expect(report!.name).toBe(`aurora-lab-report-${campaignId.slice(0, 8)}.html`);
    const html = report!.body.toString('utf8');
    expect(html).toContain('<section id="comparison">');
    expect((html.match(/<figure id="chart-/g) ?? []).length).toBe(6);
    await t.shoot('share-compare', 'compare-share-charts-png');
  }, 180_000);

  it('Run: the run\'s charts and its campaign\'s report', async () => {
    await t.page.goto(`${t.url}#/runs/${runId}`);
    await t.page.getByTestId('run-detail').waitFor();
    const pngs = await zipped('run-share-charts-png', `run-${runId.slice(0, 8)}-charts-png.zip`);
    expect(pngs.map((f) => f.name).sort()).toEqual([`run-${runId.slice(0, 8)}-latency-distribution.png`, `run-${runId.slice(0, 8)}-power-timeline.png`]);
    for (const f of pngs) expect(pngSize(f.body), f.name).toEqual({ width: 1920, height: 1080 });
    const [report] = await downloads('run-share-report', 1);
    expect(report!.body.toString('utf8')).toContain(`Campaign ${campaignId}`);
    await t.shoot('share-run', 'run-share-report');
  }, 120_000);
});
