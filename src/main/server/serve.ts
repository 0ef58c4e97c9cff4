/**
 * `aurora-lab serve`: the lab API over HTTP + WebSocket on loopback, plus the built renderer, so the same UI
 * runs in a browser. The API and the event socket need the random access token (Authorization header, or the
 * query for the socket) and the lab's own origin; pages and assets also open with the per-port page cookie set
 * when the tokenised URL is first opened (see page-cookie.ts for why that cookie can never drive the API).
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
import { serveCsp, buildCsp } from './csp';
import { pageCookie, readCookie, type PageCookie } from './page-cookie';
import { readLimitedBody, tooLargeMessage } from './request-body';
import { allowedHostNames, crossOriginRefusal, hostAllowed, hostForUrl, isJsonContentType, type Refusal } from './request-guard';
import { serveStatic } from './static-files';

export interface LabEventSource {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): unknown;
  off<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): unknown;
}

export interface ServeOptions {
  handlers: LabHandlers;
  events: LabEventSource;
  host?: string;
  /** More Host names the server answers to (`--allow-host`), e.g. the machine's name on the network. */
  allowHosts?: readonly string[];
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

/** Fits the 50 MB profile limit of profiles.import and compare with room for the JSON string's escaping. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

function same(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function refuse(res: ServerResponse, r: Refusal): void {
  sendJson(res, r.status, { code: r.code, message: r.message });
}

const BAD_TOKEN: Refusal = { status: 401, code: 'unauthorized', message: 'Missing or wrong access token: open the URL that `aurora-lab serve` printed.' };
const BAD_HOST: Refusal = {
  status: 403,
  code: 'unauthorized',
  message: 'Unexpected Host header: this lab answers only to the address it listens on (add names with `aurora-lab serve --allow-host NAME`).',
};

export async function serveLab(opts: ServeOptions): Promise<LabServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const webRoot = opts.webRoot && existsSync(opts.webRoot) ? opts.webRoot : null;
  const hostNames = allowedHostNames(host, opts.allowHosts ?? []);
  let port = 0;
  // Set once listening (the name carries the port); its value is not the token.
  let cookie: PageCookie | null = null;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, toErrorBody(err));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    if (!hostAllowed(req.headers.host, hostNames, port)) {
      res.setHeader('content-security-policy', buildCsp());
      return refuse(res, BAD_HOST);
    }
    res.setHeader('content-security-policy', serveCsp(req.headers.host!));
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const api = /^\/api\/([A-Za-z]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const crossOrigin = crossOriginRefusal(req.headers, api || url.pathname.startsWith('/api/') ? 'api' : 'page');
    if (crossOrigin) return refuse(res, crossOrigin);
    if (api) return handleApi(req, res, api[1]!, api[2]!);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { code: 'bad-request', message: 'Only GET for pages' });
    }
    const fromQuery = url.searchParams.get('token') ?? undefined;
    const pageOk = same(fromQuery ?? bearerOf(req), token) || same(readCookie(req.headers.cookie, cookie!.name), cookie!.value);
    if (!pageOk) return refuse(res, BAD_TOKEN);
    if (fromQuery !== undefined) res.setHeader('set-cookie', cookie!.header);
    if (!webRoot) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The lab UI is not built. Run `npm run build:web`, then restart `aurora-lab serve`. The API is available under /api.');
      return;
    }
    if (!serveStatic(webRoot, url.pathname, res)) sendJson(res, 404, { code: 'not-found', message: `No such page: ${url.pathname}` });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, domain: string, method: string): Promise<void> {
    // Only the token itself opens the API: never the page cookie, which every local server receives.
    if (!same(bearerOf(req), token)) return refuse(res, BAD_TOKEN);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { code: 'bad-request', message: 'API calls are POST requests with a JSON body (Content-Type: application/json); cross-origin preflights are refused.' });
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendJson(res, 415, { code: 'bad-request', message: `API calls take a JSON body: send Content-Type: application/json (got ${req.headers['content-type'] ? JSON.stringify(req.headers['content-type']) : 'none'}).` });
    }
    const body = await readLimitedBody(req, maxBody);
    if (!body.ok) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, { code: 'bad-request', message: tooLargeMessage(body) });
      if (body.truncated) res.once('finish', () => req.socket.destroySoon());
      return;
    }
    let input: unknown;
    try {
      input = body.text ? JSON.parse(body.text) : {};
    } catch {
      return sendJson(res, 400, { code: 'bad-request', message: 'The request body is not valid JSON' });
    }
    try {
      sendJson(res, 200, await dispatch(opts.handlers, domain, method, input, { caller: 'http' }));
    } catch (err) {
      const errBody = toErrorBody(err);
      sendJson(res, httpStatusOf(errBody.code), errBody);
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const refuseUpgrade = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req.headers.host, hostNames, port)) return refuseUpgrade(403, 'Forbidden');
    // A browser sends Origin with every WebSocket handshake: a page elsewhere cannot listen in.
    if (crossOriginRefusal(req.headers, 'socket')) return refuseUpgrade(403, 'Forbidden');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!same(url.searchParams.get('token') ?? bearerOf(req), token)) return refuseUpgrade(401, 'Unauthorized');
    if (url.pathname !== '/api/events') return refuseUpgrade(404, 'Not Found');
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
  cookie = pageCookie(port, host, randomBytes(24).toString('base64url'));
  const origin = `http://${hostForUrl(host)}:${port}`;

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
