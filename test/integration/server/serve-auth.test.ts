import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHttpClient, LabApiError } from '../../../src/shared/http-client';
import { parseServeUrl, startCli, type LabProcess } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

let lab: LabProcess;
let server: ReturnType<typeof parseServeUrl>;
const home = tempDir();

beforeAll(async () => {
  lab = await startCli(['--home', home.path, 'serve', '--port', '0']);
  server = parseServeUrl(lab.firstLine);
});

afterAll(async () => {
  await lab?.stop();
  home.cleanup();
});

function wsStatus(url: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('aurora-lab serve access token', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses API calls without the token, or with a wrong one (401)', async () => {
    const none = await fetch(`${server.origin}/api/lab/info`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toMatch(/access token/);
    const wrong = await fetch(`${server.origin}/api/lab/info`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    // The last character changed to another one (a fixed 'x' would be the token itself when it ends in 'x').
    const last = server.token.slice(-1);
    const almost = await fetch(`${server.origin}/api/lab/info`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Bearer ${server.token.slice(0, -1)}${last === 'x' ? 'y' : 'x'}` },
    });
    expect(almost.status).toBe(401);
  });

  it('refuses pages and assets without the token (401)', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect((await fetch(`${server.origin}/index.html`)).status).toBe(401);
  });

  it('refuses the event socket without the token (401)', async () => {
    expect(await wsStatus(`ws://127.0.0.1:${new URL(server.origin).port}/api/events`)).toBe(401);
    expect(await wsStatus(`ws://127.0.0.1:${new URL(server.origin).port}/api/events?token=wrong`)).toBe(401);
    expect(await wsStatus(`ws://127.0.0.1:${new URL(server.origin).port}/api/events?token=${server.token}`)).toBe('open');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.origin}/api/lab/info`, {
        method: 'POST',
        headers: { host: 'evil.example:80', authorization: `Bearer ${server.token}` },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves the API and the built UI with the token, and sets the cookie the page assets need', async () => {
    const client = createHttpClient({ baseUrl: server.origin, token: server.token });
    const info = await client.lab.info({});
    expect(info.host).toBe('http');
    expect(info.labHome).toBe(home.path);
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);

    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    const html = await page.text();
    const asset = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, 'index.html references a script bundle').toBeTruthy();
    expect((await fetch(`${server.origin}/${asset}`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it('answers bad requests with the field named, and unknown methods with 404', async () => {
    const client = createHttpClient({ baseUrl: server.origin, token: server.token });
    const err = await client.devices.connect({ address: 'not an address' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabApiError);
    expect((err as LabApiError).status).toBe(400);
    expect((err as LabApiError).body.issues?.[0]?.path).toBe('address');
    const json = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const missing = await fetch(`${server.origin}/api/devices/format`, { method: 'POST', body: '{}', headers: json });
    expect(missing.status).toBe(404);
    const notJson = await fetch(`${server.origin}/api/devices/list`, { method: 'POST', body: '{nope', headers: json });
    expect(notJson.status).toBe(400);
  });
});
