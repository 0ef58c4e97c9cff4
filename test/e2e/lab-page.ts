/**
 * What every e2e test starts from, in one place: a virtual phone (Pixel persona) that the real adb server connects
 * to, the real `aurora-lab serve` on a fresh lab home, an HTTP client of the same API, and real Chromium on the
 * served page. `stop()` undoes it in reverse. The phone is connected through the API unless the test connects it
 * through the page.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';
import { createHttpClient, type HttpLabClient } from '../../src/shared/http-client';
import { adb } from '../helpers/adb-cli';
import { launchChromium, screenshot } from '../helpers/browser';
import { parseServeUrl, startCli, type LabProcess } from '../helpers/lab-process';
import { tempDir } from '../helpers/temp-dir';

export interface LabPage {
  phone: VirtualPhone;
  lab: LabProcess;
  client: HttpLabClient;
  browser: Browser;
  page: Page;
  /** The page's address, with its access token. */
  url: string;
  /** The lab home `aurora-lab serve` runs on (over HTTP, data sets must be in its datasets/ folder). */
  home: string;
  /** Full-page screenshot under test-results/screenshots/, after scrolling `testId` into view (the content scrolls). */
  shoot: (name: string, testId?: string) => Promise<void>;
  /** Until the lab lists the phone online with its facts probed. */
  phoneReady: () => Promise<void>;
  stop: () => Promise<void>;
}

/** A lab page with no phone at all (a newcomer's first start): the test starts one from the page. */
export type BareLabPage = Omit<LabPage, 'phone' | 'phoneReady'>;

interface LabPageOptions {
  connect: boolean;
  viewport?: { width: number; height: number };
  /** Writes into the fresh lab home before `serve` starts (e.g. a stored synthetic run). */
  prepareHome?: (home: string) => void;
  /** Extra environment for `aurora-lab serve` (e.g. AURORA_LAB_TEST_HOLD_PHASE). */
  env?: NodeJS.ProcessEnv;
}

export function startLabPage(opts: LabPageOptions): Promise<LabPage>;
export function startLabPage(opts: LabPageOptions & { connect: false; phone: false }): Promise<BareLabPage>;
export async function startLabPage(opts: LabPageOptions & { phone?: false }): Promise<LabPage | BareLabPage> {
  // Undone in reverse, also when a later step of the start fails.
  const undo: Array<() => Promise<unknown> | void> = [];
  const stop = async () => {
    for (const step of undo.reverse()) await step();
  };
  try {
    const home = tempDir();
    undo.push(() => home.cleanup());
    const phone = opts.phone === false ? null : await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: `${home.path}/phone` });
    if (phone) undo.push(() => phone.close(), () => adb(['disconnect', phone.address]));
    opts.prepareHome?.(home.path);
    const lab = await startCli(['--home', home.path, 'serve', '--port', '0'], opts.env);
    undo.push(() => lab.stop());
    const serve = parseServeUrl(lab.firstLine);
    const client = createHttpClient({ baseUrl: serve.origin, token: serve.token });
    undo.push(() => client.close());
    if (opts.connect && phone) await client.devices.connect({ address: phone.address });
    const browser = await launchChromium();
    undo.push(() => browser.close());
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1360, height: 900 }, acceptDownloads: true });
    await page.goto(serve.url);
    const shoot = async (name: string, testId?: string) => {
      if (testId) await page.getByTestId(testId).first().scrollIntoViewIfNeeded();
      await screenshot(page, name);
    };
    if (!phone) return { home: home.path, lab, client, browser, page, url: serve.url, shoot, stop };
    return {
      phone,
      lab,
      client,
      browser,
      page,
      url: serve.url,
      home: home.path,
      shoot,
      async phoneReady() {
        await expect
          .poll(
            async () => {
              const d = await client.devices.get({ serial: phone.address }).catch(() => null);
              return d?.state === 'device' && d.facts !== null;
            },
            { timeout: 30_000, interval: 250 },
          )
          .toBe(true);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Drawn pixels of the first canvas inside an element (0 before ECharts drew). */
export async function canvasArea(page: Page, testId: string): Promise<number> {
  const canvas = page.getByTestId(testId).first().locator('canvas').first();
  if ((await canvas.count()) === 0) return 0;
  return canvas.evaluate((c) => {
    const el = c as unknown as { width: number; height: number };
    return el.width * el.height;
  });
}
