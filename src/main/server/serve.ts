/**
 * `aurora-lab serve`: the lab API over HTTP + WebSocket on loopback, plus the built renderer, so the same UI
 * runs in a browser. Every request and socket must carry the random access token (header, query or the cookie
 * set when the tokenised URL is first opened); anything else gets 401.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { LAB_EVENT_NAMES, type LabEventName, type LabEvents, type LabHandlers } from '../../shared/contract';
import { dispatch } from '../api/dispatch';
import { httpStatusOf, toErrorBody } from '../api/error-map';
import { LabError } from '../api/lab-error';
import { serveStatic } from './static-files';

export interface LabEventSource {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): unknown;
  off<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): unknown;
}

export interface ServeOptions {
  handlers: LabHandlers;
  events: LabEventSource;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/web); when missing, the API still works and / explains how to build it. */
  webRoot?: string;
  token?: string;
  /** Largest request body accepted. */
  maxBodyBytes?: number;
}

export interface LabServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const COOKIE = 'aurora_lab_token';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: ; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === COOKIE);
  return cookie?.[1];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new LabError('bad-request', `Request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Loopback servers only answer to loopback Host names: a DNS-rebinding page cannot reach the API. */
function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  if (!loopback.includes(boundHost) && boundHost !== '::1') return true;
  return loopback.some((h) => host === `${h}:${port}`);
}

export async function serveLab(opts: ServeOptions): Promise<LabServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const webRoot = opts.webRoot && existsSync(opts.webRoot) ? opts.webRoot : null;
  let port = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, toErrorBody(err));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', CSP);
    if (!hostAllowed(req, host, port)) {
      sendJson(res, 403, { code: 'unauthorized', message: 'Unexpected Host header' });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!sameToken(tokenOf(req, url), token)) {
      sendJson(res, 401, { code: 'unauthorized', message: 'Missing or wrong access token: open the URL that `aurora-lab serve` printed.' });
      return;
    }
    if (url.searchParams.has('token')) {
      res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const api = /^\/api\/([A-Za-z]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (api) {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        sendJson(res, 405, { code: 'bad-request', message: 'API calls are POST requests with a JSON body' });
        return;
      }
      let input: unknown;
      try {
        const text = await readBody(req, maxBody);
        input = text ? JSON.parse(text) : {};
      } catch (err) {
        const body = err instanceof LabError ? toErrorBody(err) : { code: 'bad-request' as const, message: 'The request body is not valid JSON' };
        sendJson(res, 400, body);
        return;
      }
      try {
        sendJson(res, 200, await dispatch(opts.handlers, api[1]!, api[2]!, input));
      } catch (err) {
        const body = toErrorBody(err);
        sendJson(res, httpStatusOf(body.code), body);
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { code: 'bad-request', message: 'Only GET for pages' });
      return;
    }
    if (!webRoot) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The lab UI is not built. Run `npm run build:web`, then restart `aurora-lab serve`. The API is available under /api.');
      return;
    }
    if (!serveStatic(webRoot, url.pathname, res)) sendJson(res, 404, { code: 'not-found', message: `No such page: ${url.pathname}` });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req, host, port)) return refuse(403, 'Forbidden');
    if (!sameToken(tokenOf(req, url), token)) return refuse(401, 'Unauthorized');
    if (url.pathname !== '/api/events') return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  const forwarders = LAB_EVENT_NAMES.map((event) => {
    const listener = (payload: unknown) => {
      const msg = JSON.stringify({ event, payload });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
    };
    opts.events.on(event, listener as (p: LabEvents[typeof event]) => void);
    return { event, listener };
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new LabError('unavailable', `Port ${opts.port} on ${host} is already in use. Pick another with --port, or --port 0 for any free port.`)
          : err,
      );
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${hostForUrl}:${port}`;

  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    port,
    async close() {
      for (const { event, listener } of forwarders) opts.events.off(event, listener as (p: LabEvents[typeof event]) => void);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
