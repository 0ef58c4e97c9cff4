/**
 * A local fake of the Anthropic Messages API (POST /v1/messages, GET /v1/models/{id}) for tests through the
 * official SDK (`new Anthropic({ apiKey, baseURL: fake.url, maxRetries: 0 })`). Accepts the key as `x-api-key` or
 * `Authorization: Bearer` (SDK 1.x sends the latter), requires `anthropic-version`, and rejects sampling parameters
 * as API version 2026-10-21 does. Scripted behaviours: see FakeBehaviour.
 */
import type { IncomingMessage } from 'node:http';
import type { FakeBehaviour, FakeServer } from './fake-common';
import { startFake } from './fake-common';

const err = (status: number, type: string, message: string, headers?: Record<string, string>) => ({ status, body: { type: 'error', error: { type, message }, request_id: 'req_fake' }, headers });

function keyOf(req: IncomingMessage): string | undefined {
  const x = req.headers['x-api-key'];
  if (typeof x === 'string') return x;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

function userText(body: { messages?: Array<{ content: unknown }> }): string {
  const last = body.messages?.at(-1)?.content;
  if (typeof last === 'string') return last;
  if (Array.isArray(last)) return last.map((b: { text?: string }) => b.text ?? '').join('');
  return '';
}

export function startFakeAnthropic(behaviour: FakeBehaviour = {}): Promise<FakeServer> {
  return startFake(behaviour, (req, url, body, state) => {
    const b = state.behaviour;
    if (!req.headers['anthropic-version']) return err(400, 'invalid_request_error', 'anthropic-version header is required');
    const key = keyOf(req);
    if (!key) return err(401, 'authentication_error', 'x-api-key header is required');
    if (!(b.validKeys ?? ['test-key']).includes(key)) return err(401, 'authentication_error', 'invalid x-api-key');
    const modelGet = /^\/v1\/models\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && modelGet) {
      const id = decodeURIComponent(modelGet[1]!);
      if (b.knownModels && !b.knownModels.includes(id)) return err(404, 'not_found_error', `model: ${id}`);
      return { status: 200, body: { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' } };
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/messages') return err(404, 'not_found_error', `Not found: ${req.method} ${url.pathname}`);
    const msg = body as { model?: string; max_tokens?: number; messages?: Array<{ content: unknown }>; temperature?: unknown; top_p?: unknown; top_k?: unknown };
    if (!msg || typeof msg.model !== 'string' || typeof msg.max_tokens !== 'number' || !Array.isArray(msg.messages)) return err(400, 'invalid_request_error', 'model, max_tokens and messages are required');
    for (const p of ['temperature', 'top_p', 'top_k'] as const) if (msg[p] !== undefined) return err(400, 'invalid_request_error', `${p}: Extra inputs are not permitted`);
    if (b.knownModels && !b.knownModels.includes(msg.model)) return { ...err(404, 'not_found_error', `model: ${msg.model}`), generation: true };
    if (state.generations < (b.rateLimitFirst ?? 0)) return { ...err(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': String(b.retryAfterSeconds ?? 1) }), generation: true };
    if (state.generations < (b.serverErrorFirst ?? 0)) return { ...err(529, 'overloaded_error', 'Overloaded'), generation: true };
    const text = (b.reply ?? (() => 'gemma-270m'))(userText(msg));
    return {
      status: 200,
      generation: true,
      body: {
        id: `msg_fake_${state.generations}`,
        type: 'message',
        role: 'assistant',
        model: msg.model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 300, output_tokens: 5 },
      },
    };
  });
}
