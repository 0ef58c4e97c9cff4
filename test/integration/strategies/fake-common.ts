/** Shared plumbing of the fake LLM API servers: a node:http server on 127.0.0.1, an OS-assigned port, JSON I/O. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBehaviour {
  /** Keys the server accepts (default ['test-key']). */
  validKeys?: string[];
  /** Router model ids the server knows; others get 404 (default: any). */
  knownModels?: string[];
  /** Reply text for a user message (default 'gemma-270m'). */
  reply?: (userText: string) => string;
  /** Answer the first N generation requests with 429 (and retry-after), then succeed. */
  rateLimitFirst?: number;
  retryAfterSeconds?: number;
  /** Answer the first N generation requests with 503. */
  serverErrorFirst?: number;
}

export interface FakeServer {
  url: string;
  /** Every HTTP request received. */
  readonly requests: number;
  /** Generation requests received (messages / generateContent). */
  readonly generations: number;
  /** Headers of the last request (to check what the SDK sent). */
  readonly lastHeaders: IncomingMessage['headers'];
  /** Bodies of the generation requests, in order. */
  readonly bodies: unknown[];
  behaviour: FakeBehaviour;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, url: URL, body: unknown, state: { generations: number; behaviour: FakeBehaviour }) => { status: number; body: unknown; headers?: Record<string, string>; generation?: boolean };

export async function startFake(behaviour: FakeBehaviour, handle: Handler): Promise<FakeServer> {
  const state = { requests: 0, generations: 0, lastHeaders: {} as IncomingMessage['headers'], bodies: [] as unknown[], behaviour };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      state.lastHeaders = req.headers;
      let body: unknown = undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const out = handle(req, url, body, { generations: state.generations, behaviour: state.behaviour });
      if (out.generation) {
        state.generations++;
        state.bodies.push(body);
      }
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get generations() {
      return state.generations;
    },
    get lastHeaders() {
      return state.lastHeaders;
    },
    get bodies() {
      return state.bodies;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: FakeBehaviour) {
      state.behaviour = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
