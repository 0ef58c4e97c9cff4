/**
 * The two LLM-router providers behind one small interface, through the OFFICIAL SDKs:
 * - Claude: `@anthropic-ai/sdk` `messages.create` (SDK retries off: retries are ours, see run.ts). The SDK's API
 *   version (2026-10-21) rejects temperature/top_p/top_k, which the SDK no longer exposes: Claude runs at its
 *   default sampling, unlike the seed's temperature 0.
 * - Gemini: `@google/genai` `models.generateContent` with temperature 0 (SDK retries off).
 * Base URLs are configurable (tests point them at local fake servers). Errors are classified, never thrown raw,
 * and every message is redacted of the key.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { GoogleGenAI, ThinkingLevel } from '@google/genai';
import { redact } from './redact';

export type LlmProvider = 'anthropic' | 'gemini';

/** Current ids (checked against the SDKs' model lists): Claude Opus 4.1 was retired and removed from SDK 1.x. */
export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  anthropic: 'claude-opus-5-5',
  gemini: 'gemini-3.1-pro-preview',
};

export interface LlmCallResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

export type LlmErrorKind = 'auth' | 'rate-limit' | 'server' | 'network' | 'transient-network' | 'not-found' | 'bad-request' | 'other';

export interface LlmError {
  kind: LlmErrorKind;
  status?: number;
  /** Delay the server asked for (retry-after / retry-after-ms / RetryInfo), in ms. */
  retryAfterMs?: number;
  /** Redacted, human-readable. */
  message: string;
}

export type LlmCallOutcome = { ok: true; result: LlmCallResult } | { ok: false; error: LlmError };

export interface LlmClient {
  provider: LlmProvider;
  model: string;
  /** One request; never throws (errors come back classified). */
  call(system: string, user: string, signal?: AbortSignal): Promise<LlmCallOutcome>;
  /** Cheap check that the key works and the model exists (Settings' "test key"). */
  check(signal?: AbortSignal): Promise<{ ok: true } | { ok: false; error: LlmError }>;
}

export interface ClientOptions {
  apiKey: string;
  model?: string;
  /** Override of the API's base URL (Anthropic: https://api.anthropic.com; Gemini: https://generativelanguage.googleapis.com). */
  baseUrl?: string;
  timeoutMs?: number;
  /** Claude: max_tokens (seed: 50). Gemini: maxOutputTokens, which includes thinking tokens (default 1024). */
  maxOutputTokens?: number;
  /** Gemini thinking level (default LOW; Gemini 3 Pro cannot turn thinking off). */
  geminiThinkingLevel?: 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH' | null;
}

const NETWORK_FATAL = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const NETWORK_TRANSIENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      const inner = errors.map(errorCode).find((c) => c !== undefined);
      if (inner) return inner;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Parses retry-after (seconds or HTTP date) / retry-after-ms. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindForStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  if (status === 408) return 'transient-network';
  if (status >= 400) return 'bad-request';
  return 'other';
}

/** Classifies an SDK error (either SDK) into a redacted LlmError. */
export function classifyError(err: unknown, secrets: string[], headers?: { get(name: string): string | null }): LlmError {
  const raw = err instanceof Error ? err.message : String(err);
  const status = typeof (err as { status?: unknown })?.status === 'number' ? ((err as { status: number }).status) : undefined;
  if (status !== undefined) {
    const h = headers ?? ((err as { headers?: unknown }).headers as { get(name: string): string | null } | undefined);
    let retryAfterMs = typeof h?.get === 'function' ? parseRetryAfter(h) : undefined;
    // Gemini puts the delay in the body: "retryDelay": "12s" (google.rpc.RetryInfo).
    const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(raw);
    if (retryAfterMs === undefined && m) retryAfterMs = Number(m[1]) * 1000;
    const apiMessage = (err as { apiMessage?: unknown }).apiMessage;
    const text = typeof apiMessage === 'string' && apiMessage ? apiMessage : raw;
    // Gemini answers an invalid key with 400 INVALID_ARGUMENT / reason API_KEY_INVALID, not 401.
    const kind = status === 400 && /API_KEY_INVALID|API key not valid/i.test(raw) ? 'auth' : kindForStatus(status);
    return { kind, status, retryAfterMs, message: redact(`HTTP ${status}: ${text}`, secrets) };
  }
  const code = errorCode(err);
  if (code && NETWORK_FATAL.has(code)) return { kind: 'network', message: redact(`no network: ${code} (${raw})`, secrets) };
  if ((code && NETWORK_TRANSIENT.has(code)) || /timed? ?out/i.test(raw)) return { kind: 'transient-network', message: redact(`connection problem: ${code ?? ''} ${raw}`.trim(), secrets) };
  if (/fetch failed|connection error/i.test(raw)) return { kind: 'network', message: redact(`no network: ${raw}`, secrets) };
  return { kind: 'other', message: redact(raw, secrets) };
}

export function createAnthropicClient(opts: ClientOptions): LlmClient {
  const model = opts.model ?? DEFAULT_MODELS.anthropic;
  const secrets = [opts.apiKey];
  // The SDKs are loaded on the first call: most lab processes (every CLI command but compare) never route with an LLM.
  let sdk: Promise<Anthropic> | null = null;
  const anthropic = () =>
    (sdk ??= import('@anthropic-ai/sdk').then(
      ({ default: Sdk }) => new Sdk({ apiKey: opts.apiKey, baseURL: opts.baseUrl ?? 'https://api.anthropic.com', maxRetries: 0, timeout: opts.timeoutMs ?? 60_000, logLevel: 'off' }),
    ));
  return {
    provider: 'anthropic',
    model,
    async call(system, user, signal) {
      try {
        const msg = await (await anthropic()).messages.create(
          { model, max_tokens: opts.maxOutputTokens ?? 50, system, messages: [{ role: 'user', content: user }] },
          { signal },
        );
        const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        return { ok: true, result: { text, inputTokens: msg.usage.input_tokens, outputTokens: msg.usage.output_tokens } };
      } catch (err) {
        return { ok: false, error: classifyError(err, secrets) };
      }
    },
    async check(signal) {
      try {
        await (await anthropic()).models.retrieve(model, undefined, { signal });
        return { ok: true };
      } catch (err) {
        return { ok: false, error: classifyError(err, secrets) };
      }
    },
  };
}

export function createGeminiClient(opts: ClientOptions): LlmClient {
  const model = opts.model ?? DEFAULT_MODELS.gemini;
  const secrets = [opts.apiKey];
  let sdk: Promise<{ ai: GoogleGenAI; thinking: typeof ThinkingLevel }> | null = null;
  const gemini = () =>
    (sdk ??= import('@google/genai').then(({ GoogleGenAI: Sdk, ThinkingLevel }) => ({
      ai: new Sdk({ vertexai: false, apiKey: opts.apiKey, httpOptions: { baseUrl: opts.baseUrl, timeout: opts.timeoutMs ?? 60_000, retryOptions: { attempts: 1 } } }),
      thinking: ThinkingLevel,
    })));
  // Per-request fetch wrapper: the Gemini SDK's ApiError carries no headers, so retry-after is captured here.
  const capturing = () => {
    const seen: { headers?: Headers } = {};
    const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(input, init);
      seen.headers = res.headers;
      return res;
    };
    return { seen, fetchFn };
  };
  const level = opts.geminiThinkingLevel === undefined ? 'LOW' : opts.geminiThinkingLevel;
  return {
    provider: 'gemini',
    model,
    async call(system, user, signal) {
      const { seen, fetchFn } = capturing();
      try {
        const { ai, thinking } = await gemini();
        const res = await ai.models.generateContent({
          model,
          contents: user,
          config: {
            systemInstruction: system,
            temperature: 0,
            maxOutputTokens: opts.maxOutputTokens ?? 1024,
            ...(level ? { thinkingConfig: { thinkingLevel: thinking[level] } } : {}),
            abortSignal: signal,
            httpOptions: { baseUrl: opts.baseUrl, timeout: opts.timeoutMs ?? 60_000, retryOptions: { attempts: 1 }, fetch: fetchFn },
          },
        });
        const u = res.usageMetadata;
        return {
          ok: true,
          result: { text: res.text ?? '', inputTokens: u?.promptTokenCount ?? 0, outputTokens: (u?.candidatesTokenCount ?? 0) + (u?.thoughtsTokenCount ?? 0) },
        };
      } catch (err) {
        return { ok: false, error: classifyError(err, secrets, seen.headers) };
      }
    },
    async check(signal) {
      const { seen, fetchFn } = capturing();
      try {
        const { ai } = await gemini();
        await ai.models.get({ model, config: { abortSignal: signal, httpOptions: { baseUrl: opts.baseUrl, retryOptions: { attempts: 1 }, fetch: fetchFn } } });
        return { ok: true };
      } catch (err) {
        return { ok: false, error: classifyError(err, secrets, seen.headers) };
      }
    },
  };
}

export function createLlmClient(provider: LlmProvider, opts: ClientOptions): LlmClient {
  return provider === 'anthropic' ? createAnthropicClient(opts) : createGeminiClient(opts);
}
