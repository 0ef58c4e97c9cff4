/**
 * End to end, in real Chromium: a page on another port of 127.0.0.1 (any local dev server) is same-site with
 * `aurora-lab serve`, so a SameSite=Strict cookie alone does not stop it. After the victim opened the tokenised
 * URL in the same browser, the attacker's page tries every cross-site way in: text/plain form POSTs to
 * settings.set and settings.testKey, `fetch` with no-cors, a JSON `fetch` (needs a preflight) and a WebSocket to
 * /api/events. None may change anything, reach the LLM provider or read an event; the lab's own page still works.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpLabClient } from '../../src/shared/http-client';
import { launchChromium, screenshot } from '../helpers/browser';
import { parseServeUrl, startCli, type LabProcess } from '../helpers/lab-process';
import { tempDir } from '../helpers/temp-dir';

const home = tempDir();
let lab: LabProcess;
let served: ReturnType<typeof parseServeUrl>;
let client: HttpLabClient;
let browser: Browser;
let context: BrowserContext;
let victim: Page;
let attacker: Server;
let attackerOrigin: string;
/** Everything that reached the stand-in for the LLM provider: testKey sends the key there. */
const providerHits: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
let provider: Server;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** The attacker's page: it knows the lab's port (a port scan finds it), never the token. */
function attackerPage(labPort: number): string {
  const lab = `http://127.0.0.1:${labPort}`;
  return `<!doctype html><html><body>
<iframe name="sink1"></iframe><iframe name="sink2"></iframe>
<form id="setForm" method="POST" enctype="text/plain" action="${lab}/api/settings/set" target="sink1">
  <input name='{"patch":{"pollIntervalMs":9999,"adbPath":"' value='/tmp/evil"}}'>
</form>
<form id="keyForm" method="POST" enctype="text/plain" action="${lab}/api/settings/testKey" target="sink2">
  <input name='{"provider":"anthropic","model":"' value='form"}'>
</form>
<script>
window.report = { forms: 0, fetches: [], ws: { state: 'connecting', messages: [] } };
function loaded(name) {
  return new Promise((resolve) => document.querySelector('iframe[name=' + name + ']').addEventListener('load', resolve, { once: true }));
}
window.attackForms = async () => {
  const done = Promise.all([loaded('sink1'), loaded('sink2')]);
  document.getElementById('setForm').submit();
  document.getElementById('keyForm').submit();
  await done;
  window.report.forms = 2;
};
window.attackFetches = async () => {
  const tries = [
    ['set no-cors', '/api/settings/set', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ patch: { pollIntervalMs: 7777 } }) }],
    ['testKey no-cors', '/api/settings/testKey', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ provider: 'anthropic', model: 'nocors' }) }],
    ['set json cors', '/api/settings/set', { mode: 'cors', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patch: { pollIntervalMs: 8888 } }) }],
    ['info json cors', '/api/lab/info', { mode: 'cors', headers: { 'content-type': 'application/json' }, body: '{}' }],
  ];
  for (const [name, path, init] of tries) {
    try {
      const res = await fetch('${lab}' + path, { method: 'POST', credentials: 'include', ...init });
      let text = null;
      try { text = await res.text(); } catch { text = null; }
      window.report.fetches.push({ name, type: res.type, status: res.status, text });
    } catch (err) {
      window.report.fetches.push({ name, error: String(err) });
    }
  }
};
window.attackSocket = () => {
  const ws = new WebSocket('ws://127.0.0.1:${labPort}/api/events');
  ws.onopen = () => { window.report.ws.state = 'open'; };
  ws.onmessage = (ev) => { window.report.ws.messages.push(String(ev.data)); };
  ws.onclose = () => { window.report.ws.state = window.report.ws.state === 'open' ? 'closed after open' : 'refused'; };
};
</script></body></html>`;
}

interface Report {
  forms: number;
  fetches: Array<{ name: string; type?: string; status?: number; text?: string | null; error?: string }>;
  ws: { state: string; messages: string[] };
}

beforeAll(async () => {
  provider = createServer((req, res) => {
    providerHits.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}');
  });
  const providerPort = await listen(provider);
  lab = await startCli(['--home', home.path, 'serve', '--port', '0'], {
    ANTHROPIC_API_KEY: 'sk-ant-test-csrf-0123456789',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${providerPort}`,
  });
  served = parseServeUrl(lab.firstLine);
  client = createHttpClient({ baseUrl: served.origin, token: served.token });

  const labPort = Number(new URL(served.origin).port);
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackerPage(labPort));
  });
  attackerOrigin = `http://127.0.0.1:${await listen(attacker)}`;

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  victim = await context.newPage();
  await victim.goto(served.url);
  await victim.getByTestId('adb-status').waitFor();
});

afterAll(async () => {
  await browser?.close();
  client?.close();
  await lab?.stop();
  await new Promise((r) => attacker?.close(r));
  await new Promise((r) => provider?.close(r));
  home.cleanup();
});

describe('aurora-lab serve against a page on another port of 127.0.0.1 (Chromium)', () => {
  it('the victim holds the lab cookie, so the attacker page is same-site and would send it', async () => {
    const cookies = await context.cookies(served.origin);
    expect(cookies.length).toBeGreaterThan(0);
  });

  it('text/plain form POSTs to settings.set and settings.testKey change nothing and never reach the provider', async () => {
    const page = await context.newPage();
    await page.goto(attackerOrigin);
    await page.evaluate(() => (globalThis as unknown as { attackForms: () => Promise<void> }).attackForms());
    const s = (await client.settings.get({})).settings;
    expect(s.pollIntervalMs).not.toBe(9999);
    expect(s.adbPath).toBeNull();
    expect(providerHits).toEqual([]);
    await page.close();
  });

  it('fetch with no-cors or with a JSON body (preflight) changes nothing, reads nothing, reaches no provider', async () => {
    const page = await context.newPage();
    await page.goto(attackerOrigin);
    await page.evaluate(() => (globalThis as unknown as { attackFetches: () => Promise<void> }).attackFetches());
    const report = await page.evaluate(() => (globalThis as unknown as { report: Report }).report);
    expect(report.fetches).toHaveLength(4);
    for (const f of report.fetches) {
      // An opaque answer or a network error: the attacker reads no byte of it.
      if (f.error === undefined) {
        expect(f.type, f.name).toBe('opaque');
        expect(f.text, f.name).toBe('');
      }
    }
    expect(report.fetches.filter((f) => f.name.endsWith('cors') && !f.name.includes('no-cors')).every((f) => f.error !== undefined)).toBe(true);
    const s = (await client.settings.get({})).settings;
    expect([7777, 8888]).not.toContain(s.pollIntervalMs);
    expect(providerHits).toEqual([]);
    await page.close();
  });

  it('a WebSocket to /api/events is refused and hears no event', async () => {
    const page = await context.newPage();
    await page.goto(attackerOrigin);
    await page.evaluate(() => (globalThis as unknown as { attackSocket: () => void }).attackSocket());
    await page.waitForFunction(() => (globalThis as unknown as { report: Report }).report.ws.state !== 'connecting');
    const state = await page.evaluate(() => (globalThis as unknown as { report: Report }).report.ws.state);
    if (state === 'open') {
      // Today's bug: make an event happen and show what the attacker reads.
      await client.settings.set({ patch: { llmConcurrency: 3 } });
      await page.waitForFunction(() => (globalThis as unknown as { report: Report }).report.ws.messages.length > 0);
    }
    const report = await page.evaluate(() => (globalThis as unknown as { report: Report }).report);
    expect(report.ws.messages).toEqual([]);
    expect(report.ws.state).toBe('refused');
    await page.close();
  });

  it("the lab's own page still saves settings over the API and hears the change on its event socket", async () => {
    const frames: string[] = [];
    victim.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await victim.reload();
    await victim.getByTestId('adb-status').waitFor();
    await victim.goto(`${served.origin}/#/settings`);
    await victim.getByTestId('settings-form').waitFor();
    await victim.getByTestId('setting-pollIntervalMs').fill('3000');
    await victim.getByTestId('settings-save').click();
    await expect.poll(() => victim.getByTestId('settings-save-result').getAttribute('class')).toMatch(/action-ok/);
    expect((await client.settings.get({})).settings.pollIntervalMs).toBe(3000);
    await expect.poll(() => frames.some((f) => f.includes('"settings.changed"'))).toBe(true);
    await screenshot(victim, 'serve-own-page-after-attacks');
  });
});
