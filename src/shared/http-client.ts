/**
 * A LabClient that talks to `aurora-lab serve` over HTTP + WebSocket. Used by the renderer when it runs in a
 * browser, and by tests and scripts in Node (pass `fetch` and a WebSocket constructor there).
 */
import { apiFromCall, type LabClient, type LabErrorBody, type LabEventName, type LabEvents } from './contract';

export class LabApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: LabErrorBody,
  ) {
    super(body.message);
    this.name = 'LabApiError';
  }
}

/** The part of a WebSocket (DOM or the `ws` package) the client uses; methods keep it assignable from both. */
interface MinimalWebSocket {
  onmessage: ((this: never, ev: never) => unknown) | null;
  onclose: ((this: never, ev: never) => unknown) | null;
  onerror: ((this: never, ev: never) => unknown) | null;
  close(): void;
}
export type WebSocketFactory = (url: string) => MinimalWebSocket;

export interface HttpClientOptions {
  /** e.g. http://127.0.0.1:5173 */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Needed for events; without it `on` never fires. */
  webSocket?: WebSocketFactory;
  /** Delay before re-opening a dropped event socket. */
  reconnectMs?: number;
}

export interface HttpLabClient extends LabClient {
  close(): void;
}

export function createHttpClient(opts: HttpClientOptions): HttpLabClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/$/, '');
  const listeners = new Map<LabEventName, Set<(payload: never) => void>>();
  let socket: MinimalWebSocket | null = null;
  let closed = false;

  async function call(domain: string, method: string, input: unknown): Promise<unknown> {
    const res = await doFetch(`${base}/api/${domain}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
      body: JSON.stringify(input ?? {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new LabApiError(res.status, { code: 'failed', message: `The lab answered with non-JSON (${res.status})` });
    }
    if (!res.ok) {
      const err = body as Partial<LabErrorBody> | undefined;
      throw new LabApiError(res.status, {
        code: err?.code ?? 'failed',
        message: err?.message ?? `HTTP ${res.status}`,
        ...(err?.issues ? { issues: err.issues } : {}),
      });
    }
    return body;
  }

  function openSocket(): void {
    if (!opts.webSocket || socket || closed) return;
    const wsUrl = `${base.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(opts.token)}`;
    const ws = opts.webSocket(wsUrl);
    socket = ws;
    ws.onmessage = (ev: { data: unknown }) => {
      let msg: { event?: LabEventName; payload?: unknown };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (!msg.event) return;
      for (const l of listeners.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      socket = null;
      if (!closed) setTimeout(openSocket, opts.reconnectMs ?? 1000);
    };
  }

  const api = apiFromCall(call);

  return Object.assign(api, {
    on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      openSocket();
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    close() {
      closed = true;
      socket?.close();
      socket = null;
    },
  });
}
