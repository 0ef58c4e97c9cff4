/**
 * The shared report in real Chromium, opened from a file with the network cut: nothing is requested but the file
 * itself, every chart is drawn (inline SVG with painted paths of non-zero size), the SIMULATED banner and the
 * badges are visible, hostile strings are text, no script exists. Screenshot: test-results/screenshots/report.png.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_FONT, SIMULATED_BANNER, writeReport } from '../../src/main/report';
import type { ParetoChart } from '../../src/shared/api/compare';
import { buildParetoOption } from '../../src/shared/charts/pareto';
import { launchChromium, screenshot } from '../helpers/browser';
import { tempDir } from '../helpers/temp-dir';
import { HOSTILE_DEVICE, HOSTILE_PROMPT, reportData } from '../unit/report/fixtures';


const pareto: ParetoChart = {
  cost: 'energy',
  unit: 'J',
  models: [
    { model: 'gemma-270m', cost: 0.4, accuracy: 0.3 },
    { model: 'qwen-600m', cost: 0.8, accuracy: 0.45 },
  ],
  oracle: { cost: 0.5, accuracy: 0.7 },
  curves: [{ name: 'router', evaluatedOnTraining: false, points: [{ preference: 0, cost: 0.4, accuracy: 0.3 }, { preference: 1, cost: 0.8, accuracy: 0.45 }], hull: [] }],
  strategies: [],
};

/** The DOM the page functions below touch (the node typecheck has no DOM lib; the casts vanish at run time). */
interface PageDocument {
  fonts: { check(font: string): boolean } & Iterable<{ family: string; status: string }>;
  addEventListener(type: 'securitypolicyviolation', cb: (e: { violatedDirective: string }) => void, o?: { once: boolean }): void;
  createElement(tag: 'img'): { src: string };
  body: { append(el: unknown): void };
  querySelector(s: string): { remove(): void } | null;
}

const dir = tempDir('aurora-report-e2e-');
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const aborted: string[] = [];
const consoleErrors: string[] = [];
let fileUrl = '';

beforeAll(async () => {
  const data = reportData();
  const charts = [...data.charts, { id: 'pareto', title: 'Accuracy vs energy', option: buildParetoOption(pareto, { simulated: true, group: HOSTILE_DEVICE }), simulated: true }];
  const file = writeReport(join(dir.path, 'report.html'), { ...data, charts });
  fileUrl = pathToFileURL(file.path).href;
  browser = await launchChromium();
  context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  context.on('request', (r) => requests.push(r.url()));
  // Every request but the report file itself is refused, and counted.
  await context.route('**/*', async (route) => {
    if (route.request().url() === fileUrl) return route.continue();
    aborted.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  dir.cleanup();
});

describe('the report in Chromium, offline', () => {
  it('requests nothing but its own file, and breaks no content-security rule', async () => {
    expect(requests).toContain(fileUrl);
    expect(requests.filter((u) => u !== fileUrl)).toEqual([]);
    expect(aborted).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.title()).toBe('Aurora Lab benchmark');
    // The inlined chart font loaded from its data: URI (no request, allowed by font-src data:).
    await expect.poll(() => page.evaluate((f) => {
          const doc = (globalThis as unknown as { document: PageDocument }).document;
          return doc.fonts.check(`12px "${f}"`) && [...doc.fonts].some((x) => x.family.includes(f) && x.status === 'loaded');
        }, REPORT_CHART_FONT)).toBe(true);
  });

  it('draws every chart: an inline SVG of real size with painted paths', async () => {
    const charts = await page.locator('figure.chart').evaluateAll((figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const painted = svg ? [...svg.querySelectorAll('path')].filter((p) => (p.getAttribute('d') ?? '').length > 4 && p.getBBox().width + p.getBBox().height > 0).length : 0;
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, painted, texts: svg?.querySelectorAll('text').length ?? 0 };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-sizes', 'chart-savings', 'chart-comparison', 'chart-latency', 'chart-pareto']);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(500);
      expect(c.height, c.id).toBeGreaterThan(250);
      expect(c.painted, c.id).toBeGreaterThan(10);
      expect(c.texts, c.id).toBeGreaterThan(5);
    }
  });

  it('shows the SIMULATED banner and a visible badge on every simulated figure', async () => {
    const banner = page.locator('#simulated-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toBe(SIMULATED_BANNER);
    const badges = page.locator('span.sim');
    // 1 device + 3 model results + 5 comparison rows + 5 chart captions.
    expect(await badges.count()).toBe(14);
    for (const b of await badges.all()) expect(await b.isVisible()).toBe(true);
    // Each chart's own subtitle says it too (it travels with the PNG).
    expect(await page.locator('figure.chart svg text', { hasText: 'SIMULATED' }).count()).toBe(5);
  });

  it('shows hostile strings as text', async () => {
    expect(await page.locator('td.prompt').first().textContent()).toBe(HOSTILE_PROMPT);
    expect(await page.locator('#conditions td').first().textContent()).toBe(HOSTILE_DEVICE);
    expect(await page.locator('img').count()).toBe(0);
  });

  it('(control) this context does catch a request, and the report\'s CSP refuses one before the network', async () => {
    const other = await context.newPage();
    try {
      await other.setContent('<img src="https://example.invalid/pixel.png">');
      await expect.poll(() => aborted.includes('https://example.invalid/pixel.png'), { timeout: 10_000 }).toBe(true);
    } finally {
      await other.close();
    }
    const refused = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const doc = (globalThis as unknown as { document: PageDocument }).document;
          doc.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const img = doc.createElement('img');
          img.src = 'https://example.invalid/from-report.png';
          doc.body.append(img);
        }),
    );
    expect(refused).toBe('img-src');
    expect(aborted).not.toContain('https://example.invalid/from-report.png');
    await page.evaluate(() => (globalThis as unknown as { document: PageDocument }).document.querySelector('img')?.remove());
  });

  it('saves a screenshot', async () => {
    const file = await screenshot(page, 'report');
    expect(file.endsWith('report.png')).toBe(true);
  });
});
