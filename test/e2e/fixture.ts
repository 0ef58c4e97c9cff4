/**
 * The e2e start-up, once for every page test: a fresh lab home, a virtual phone the real adb server connects to,
 * the real `aurora-lab serve` on it, an HTTP client of the same API, and Debian's Chromium on the served page.
 * `close` takes it all down (and disconnects the phone from the adb server).
 */
import type { Browser, Page } from 'playwright-core';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';
import { createHttpClient, type HttpLabClient } from '../../src/shared/http-client';
import { adb } from '../helpers/adb-cli';
import { launchChromium } from '../helpers/browser';
import { parseServeUrl, startCli, type LabProcess } from '../helpers/lab-process';
import { tempDir } from '../helpers/temp-dir';

export interface E2eLab {
  home: string;
  phone: VirtualPhone;
  lab: LabProcess;
  /** The page's URL, with the access token. */
  url: string;
  client: HttpLabClient;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface E2eOptions {
  viewport: { width: number; height: number };
  /** Connect the phone through the API first (default true; the devices page connects it through its form). */
  connectPhone?: boolean;
}

export async function startE2eLab(opts: E2eOptions): Promise<E2eLab> {
  const home = tempDir();
  const phone = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: `${home.path}/phone` });
  const lab = await startCli(['--home', home.path, 'serve', '--port', '0']);
  const serve = parseServeUrl(lab.firstLine);
  const client = createHttpClient({ baseUrl: serve.origin, token: serve.token });
  if (opts.connectPhone !== false) await client.devices.connect({ address: phone.address });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: opts.viewport, acceptDownloads: true });
  await page.goto(serve.url);
  return {
    home: home.path,
    phone,
    lab,
    url: serve.url,
    client,
    browser,
    page,
    async close() {
      client.close();
      await browser.close();
      await lab.stop();
      await adb(['disconnect', phone.address]);
      await phone.close();
      home.cleanup();
    },
  };
}
