/**
 * serve's guards over real HTTP and WebSocket, with a real Lab (temporary home, real SQLite): the lab's own origin
 * only, JSON bodies only, the page cookie never opens the API or the socket, a Host allow-list on any bind, and
 * a 413 with a message for oversized bodies.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Lab } from '../../../src/main/lab/lab';
import { serveLab, type LabServer } from '../../../src/main/server/serve';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir();
let lab: Lab;
let server: LabServer;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(origin: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: opts.method ?? 'POST', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

function api(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

beforeAll(async () => {
  lab = new Lab({ host: 'http', home: home.path });
  server = await serveLab({ handlers: lab.handlers, events: lab.events, port: 0, maxBodyBytes: 1024 * 1024 });
});

afterAll(async () => {
  await server?.close();
  await lab?.close();
  home.cleanup();
});

describe('serve refuses other origins', () => {
  it("answers the lab's own origin, and clients that send no Origin (CLI, scripts)", async () => {
    expect((await send(server.origin, '/api/lab/info', { headers: api(server.token), body: '{}' })).status).toBe(200);
    const own = await send(server.origin, '/api/lab/info', { headers: api(server.token, { origin: server.origin, 'sec-fetch-site': 'same-origin' }), body: '{}' });
    expect(own.status).toBe(200);
  });

  it('refuses an API call from another origin, even with the token (403)', async () => {
    const port = Number(new URL(server.origin).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, 'http://localhost:3000', 'null', `https://127.0.0.1:${port}`]) {
      const r = await send(server.origin, '/api/lab/info', { headers: api(server.token, { origin }), body: '{}' });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).message).toMatch(/only the lab's own page/);
    }
    for (const site of ['same-site', 'cross-site', 'none']) {
      const r = await send(server.origin, '/api/lab/info', { headers: api(server.token, { 'sec-fetch-site': site }), body: '{}' });
      expect(r.status, site).toBe(403);
    }
  });

  it('refuses the CORS preflight and never grants cross-origin access', async () => {
    const r = await send(server.origin, '/api/settings/set', {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes API bodies only as application/json (415 otherwise)', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = { authorization: `Bearer ${server.token}` };
      if (ct) headers['content-type'] = ct;
      const r = await send(server.origin, '/api/settings/set', { headers, body: '{"patch":{"pollIntervalMs":9999}}' });
      expect(r.status, ct || 'no content-type').toBe(415);
      expect(JSON.parse(r.body).message).toMatch(/application\/json/);
    }
    expect((await lab.handlers.settings.get({})).settings.pollIntervalMs).not.toBe(9999);
    const ok = await send(server.origin, '/api/settings/get', { headers: api(server.token, { 'content-type': 'application/json; charset=utf-8' }), body: '{}' });
    expect(ok.status).toBe(200);
  });
});

describe('the page cookie', () => {
  let cookie: string;
  beforeAll(async () => {
    const page = await send(server.origin, `/?token=${server.token}`, { method: 'GET' });
    cookie = String(page.headers['set-cookie']?.[0] ?? '');
  });

  it('is named for the port, __Host-/Secure/HttpOnly/SameSite=Strict on loopback, and does not hold the token', () => {
    const port = new URL(server.origin).port;
    expect(cookie.startsWith(`__Host-aurora-lab-${port}=`)).toBe(true);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toContain(server.token);
  });

  it('opens pages, but never the API or the event socket', async () => {
    const pair = cookie.split(';')[0]!;
    expect((await send(server.origin, '/', { method: 'GET', headers: { cookie: pair } })).status).not.toBe(401);
    const apiCall = await send(server.origin, '/api/lab/info', { headers: { cookie: pair, 'content-type': 'application/json' }, body: '{}' });
    expect(apiCall.status).toBe(401);
    const wsUrl = server.origin.replace(/^http/, 'ws');
    expect(await wsStatus(`${wsUrl}/api/events`, { cookie: pair })).toBe(401);
  });
});

describe('the event socket', () => {
  it('opens with the token from its own origin, and refuses any other origin (403)', async () => {
    const wsUrl = `${server.origin.replace(/^http/, 'ws')}/api/events?token=${server.token}`;
    expect(await wsStatus(wsUrl, { origin: server.origin })).toBe('open');
    expect(await wsStatus(wsUrl, { origin: `http://127.0.0.1:${Number(new URL(server.origin).port) + 1}` })).toBe(403);
    expect(await wsStatus(wsUrl, { origin: server.origin, 'sec-fetch-site': 'same-site' })).toBe(403);
  });
});

describe('request bodies over the limit', () => {
  it('get a 413 naming the limit, not a connection reset (declared length)', async () => {
    const r = await send(server.origin, '/api/lab/info', { headers: api(server.token), body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).message).toMatch(/above the 1048576-byte limit/);
  });

  it('get a 413 too when the body is chunked without a length', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const r = await send(server.origin, '/api/lab/info', { headers: api(server.token), chunks: Array.from({ length: 12 }, () => chunk) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).message).toMatch(/3145728 bytes/);
  });
});

describe('a declared length past the hard cap', () => {
  it('is answered with 413 at once, before the client sends the body', async () => {
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${server.origin}/api/lab/info`, { method: 'POST', headers: api(server.token, { 'content-length': String(100_000_000) }) }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024, 0x20));
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).message).toMatch(/100000000 bytes/);
  });
});

describe('Host allow-list on a non-default bind (--host 127.0.0.2)', () => {
  let other: LabServer;
  beforeAll(async () => {
    other = await serveLab({ handlers: lab.handlers, events: lab.events, host: '127.0.0.2', port: 0, allowHosts: ['lab.example'] });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('answers the bound address and the --allow-host names, and refuses any other Host (403)', async () => {
    const port = other.port;
    const status = async (host: string) => (await send(other.origin, '/api/lab/info', { headers: api(other.token, { host }), body: '{}' })).status;
    expect(other.origin).toBe(`http://127.0.0.2:${port}`);
    expect(await status(`127.0.0.2:${port}`)).toBe(200);
    expect(await status(`lab.example:${port}`)).toBe(200);
    expect(await status(`evil.example:${port}`)).toBe(403);
    expect(await status(`127.0.0.2:${port + 1}`)).toBe(403);
    expect(await status('127.0.0.2')).toBe(403);
  });
});
