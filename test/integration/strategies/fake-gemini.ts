/**
 * A local fake of the Gemini API (POST /v1beta/models/{model}:generateContent, GET /v1beta/models/{model}) for
 * tests through the official SDK (`new GoogleGenAI({ apiKey, httpOptions: { baseUrl: fake.url } })`). The key is
 * read from `x-goog-api-key` or `?key=`. Like the real API, an invalid key is HTTP 400 INVALID_ARGUMENT with
 * reason API_KEY_INVALID, a missing key 403 PERMISSION_DENIED, and 429 RESOURCE_EXHAUSTED carries a RetryInfo.
 */
import type { FakeBehaviour, FakeServer } from './fake-common';
import { startFake } from './fake-common';

const err = (code: number, status: string, message: string, details: unknown[] = [], headers?: Record<string, string>) => ({ status: code, body: { error: { code, message, status, details } }, headers });

export function startFakeGemini(behaviour: FakeBehaviour = {}): Promise<FakeServer> {
  return startFake(behaviour, (req, url, body, state) => {
    const b = state.behaviour;
    const header = req.headers['x-goog-api-key'];
    const key = typeof header === 'string' ? header : (url.searchParams.get('key') ?? undefined);
    if (!key) return err(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers. Please use API Key or other form of API consumer identity to call this API.');
    if (!(b.validKeys ?? ['test-key']).includes(key)) {
      return err(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]);
    }
    const get = /^\/v1beta\/models\/([^/:]+)$/.exec(url.pathname);
    if (req.method === 'GET' && get) {
      const id = decodeURIComponent(get[1]!);
      if (b.knownModels && !b.knownModels.includes(id)) return err(404, 'NOT_FOUND', `models/${id} is not found for API version v1beta`);
      return { status: 200, body: { name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent'] } };
    }
    const gen = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(url.pathname);
    if (req.method !== 'POST' || !gen) return err(404, 'NOT_FOUND', `Not found: ${req.method} ${url.pathname}`);
    const model = decodeURIComponent(gen[1]!);
    if (b.knownModels && !b.knownModels.includes(model)) return { ...err(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta`), generation: true };
    if (state.generations < (b.rateLimitFirst ?? 0)) {
      const s = b.retryAfterSeconds ?? 1;
      return { ...err(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${s}s` }], { 'retry-after': String(s) }), generation: true };
    }
    if (state.generations < (b.serverErrorFirst ?? 0)) return { ...err(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), generation: true };
    const req2 = body as { contents?: Array<{ parts?: Array<{ text?: string }> }> };
    const userText = (req2?.contents?.at(-1)?.parts ?? []).map((p) => p.text ?? '').join('');
    const text = (b.reply ?? (() => 'gemma-270m'))(userText);
    return {
      status: 200,
      generation: true,
      body: {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 280, candidatesTokenCount: 4, totalTokenCount: 284 },
        modelVersion: model,
      },
    };
  });
}
