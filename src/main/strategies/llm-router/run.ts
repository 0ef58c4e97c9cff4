/**
 * Runs an LLM router (Claude or Gemini asked "which is the smallest model that can handle this?") over the prompts
 * of a measured matrix and turns the replies into a Strategy.
 *
 * - Replies are cached by (provider, model, template version, prompt hash): a re-run makes no API calls.
 * - Bounded concurrency (default 4).
 * - 429, 5xx and transient connection errors are retried with exponential backoff and jitter
 *   (delay = d/2 + U(0, d/2), d = min(maxDelay, base * 2^(attempt-1))); a server-given retry-after replaces the
 *   computed delay; at most `maxAttempts` attempts per prompt.
 * - An invalid key (401/403), no network (ECONNREFUSED...), an unknown router model (404) or exhausted retries make
 *   the strategy UNAVAILABLE with the reason: the run stops, returns, and never throws, so other strategies go on.
 * - A reply naming no listed model is `unknown-model` for that prompt (pick unavailable), with the text kept.
 * - Tokens in/out are counted and priced from a configurable table: an ESTIMATE of API cost, not a phone
 *   measurement.
 * Keys come from the caller, are never stored or logged; messages are redacted.
 */
import { backoffDelayMs, sleep } from '../../../shared/kit/backoff';
import type { MatrixModel } from '../matrix';
import type { Strategy } from '../strategies';
import { NO_PICK } from '../strategies';
import type { LlmReplyCache } from './cache';
import type { LlmProvider, LlmClient, LlmError, ClientOptions } from './providers';
import { DEFAULT_MODELS, createLlmClient } from './providers';
import { parseModelReply } from './parse';
import type { PriceTable } from './prices';
import { DEFAULT_PRICES, estimateCostUsd } from './prices';
import { redact } from './redact';
import { TEMPLATE_TEXT, TEMPLATE_VERSION, renderPrompt, renderSystemPrompt, tiersFor } from './template';

export interface LlmRouterPrompt {
  id: string;
  text: string;
}

export type PromptStatus = 'ok' | 'unknown-model' | 'ambiguous' | 'error' | 'skipped';

export interface LlmPromptResult {
  promptId: string;
  status: PromptStatus;
  modelId: string | null;
  /** Raw reply text (kept for unknown/ambiguous replies and auditing). */
  reply: string | null;
  cached: boolean;
  attempts: number;
  error?: string;
}

export interface LlmRouterResult {
  strategy: Strategy;
  provider: LlmProvider;
  model: string;
  templateVersion: string;
  /** The template verbatim and the exact system prompt sent. */
  template: string;
  systemPrompt: string;
  tiers: ReturnType<typeof tiersFor>;
  unavailable: { reason: string; kind: LlmError['kind'] | 'no-key' | 'all-unknown' } | null;
  perPrompt: LlmPromptResult[];
  counts: Record<PromptStatus, number>;
  apiCalls: number;
  cacheHits: number;
  retries: number;
  tokens: { input: number; output: number };
  /** Estimated API cost of the calls made in THIS run (cached replies are free); null if the model has no price. */
  estimatedCostUsd: number | null;
  /** What the cached replies originally cost to obtain (estimate). */
  estimatedCostOfCachedUsd: number | null;
  costNote: string;
}

export interface RunLlmRouterOptions {
  provider: LlmProvider;
  apiKey: string;
  model?: string;
  baseUrl?: string;
  /** Strategy name (default `claude` / `gemini`). */
  name?: string;
  models: readonly MatrixModel[];
  prompts: readonly LlmRouterPrompt[];
  cache?: LlmReplyCache;
  concurrency?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Retry-after longer than this gives up instead of waiting (default 120 s). */
  maxRetryAfterMs?: number;
  prices?: PriceTable;
  timeoutMs?: number;
  maxOutputTokens?: number;
  geminiThinkingLevel?: ClientOptions['geminiThinkingLevel'];
  /** Injected for tests: sleep and random source of the backoff. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Lines are already redacted. */
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Injected client (tests, other providers); default: the official SDK client for `provider`. */
  client?: LlmClient;
}

const FATAL: ReadonlySet<LlmError['kind']> = new Set(['auth', 'network', 'not-found']);
const RETRYABLE: ReadonlySet<LlmError['kind']> = new Set(['rate-limit', 'server', 'transient-network']);

const defaultSleep = (ms: number) => sleep(ms);

function reasonFor(provider: LlmProvider, e: LlmError): string {
  const who = provider === 'anthropic' ? 'Claude' : 'Gemini';
  switch (e.kind) {
    case 'auth':
      return `${who}: the API key was rejected (${e.message})`;
    case 'network':
      return `${who}: cannot reach the API (${e.message})`;
    case 'not-found':
      return `${who}: unknown router model id (${e.message})`;
    default:
      return `${who}: ${e.message}`;
  }
}

export async function runLlmRouter(opts: RunLlmRouterOptions): Promise<LlmRouterResult> {
  const secrets = [opts.apiKey];
  const log = (line: string) => opts.log?.(redact(line, secrets));
  const provider = opts.provider;
  const model = opts.client?.model ?? opts.model ?? DEFAULT_MODELS[provider];
  const name = opts.name ?? (provider === 'anthropic' ? 'claude' : 'gemini');
  const modelIds = opts.models.map((m) => m.id);
  const tiers = tiersFor(opts.models);
  const systemPrompt = renderSystemPrompt(opts.models, tiers);
  const n = opts.prompts.length;
  const picks = new Int32Array(n).fill(NO_PICK);
  const perPrompt: LlmPromptResult[] = opts.prompts.map((p) => ({ promptId: p.id, status: 'skipped', modelId: null, reply: null, cached: false, attempts: 0 }));
  const prices = opts.prices ?? DEFAULT_PRICES;
  let apiCalls = 0;
  let cacheHits = 0;
  let retries = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  let cachedIn = 0;
  let cachedOut = 0;
  let fatal: LlmRouterResult['unavailable'] = null;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const baseDelay = opts.baseDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 120_000;

  const finish = (): LlmRouterResult => {
    const counts: Record<PromptStatus, number> = { ok: 0, 'unknown-model': 0, ambiguous: 0, error: 0, skipped: 0 };
    for (const r of perPrompt) counts[r.status]++;
    if (!fatal && n > 0 && counts.ok === 0 && counts['unknown-model'] + counts.ambiguous === n) {
      fatal = { kind: 'all-unknown', reason: `${name}: no reply named a listed model (e.g. "${redact(perPrompt[0]?.reply ?? '', secrets).slice(0, 80)}")` };
    }
    const unavailable = fatal;
    if (unavailable) picks.fill(NO_PICK);
    const strategy: Strategy = {
      name,
      kind: 'llm-router',
      picks,
      unavailable: unavailable ? { reason: unavailable.reason } : undefined,
      meta: { provider, model, templateVersion: TEMPLATE_VERSION, unknownModel: counts['unknown-model'], ambiguous: counts.ambiguous, errors: counts.error },
    };
    return {
      strategy,
      provider,
      model,
      templateVersion: TEMPLATE_VERSION,
      template: TEMPLATE_TEXT,
      systemPrompt,
      tiers,
      unavailable,
      perPrompt,
      counts,
      apiCalls,
      cacheHits,
      retries,
      tokens: { input: tokensIn, output: tokensOut },
      estimatedCostUsd: estimateCostUsd(model, tokensIn, tokensOut, prices),
      estimatedCostOfCachedUsd: estimateCostUsd(model, cachedIn, cachedOut, prices),
      costNote: 'Estimated cloud API cost from token counts and a configurable price table; not a measurement of any phone.',
    };
  };

  if (!opts.apiKey && !opts.client) {
    fatal = { kind: 'no-key', reason: `${name}: no API key configured` };
    return finish();
  }
  let client: LlmClient;
  try {
    client =
      opts.client ??
      createLlmClient(provider, { apiKey: opts.apiKey, model, baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs, maxOutputTokens: opts.maxOutputTokens, geminiThinkingLevel: opts.geminiThinkingLevel });
  } catch (err) {
    fatal = { kind: 'other', reason: redact(`${name}: cannot create the client: ${err instanceof Error ? err.message : String(err)}`, secrets) };
    return finish();
  }
  try {
    await opts.cache?.putTemplate?.(TEMPLATE_VERSION, TEMPLATE_TEXT);
  } catch (err) {
    log(`${name}: could not store the template: ${err instanceof Error ? err.message : String(err)}`);
  }

  const record = (i: number, text: string, cached: boolean, attempts: number) => {
    const parsed = parseModelReply(text, modelIds);
    const r = perPrompt[i] as LlmPromptResult;
    r.cached = cached;
    r.attempts = attempts;
    r.reply = text;
    if (parsed.kind === 'ok') {
      r.status = 'ok';
      r.modelId = parsed.modelId;
      picks[i] = parsed.modelIndex;
    } else {
      r.status = parsed.kind;
      picks[i] = NO_PICK;
    }
  };

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!fatal && !opts.signal?.aborted) {
      const i = next++;
      if (i >= n) return;
      const prompt = opts.prompts[i] as LlmRouterPrompt;
      const rendered = renderPrompt(systemPrompt, prompt.text);
      const key = { provider, model, templateVersion: TEMPLATE_VERSION, promptHash: rendered.hash };
      let hit;
      try {
        hit = await opts.cache?.get(key);
      } catch (err) {
        log(`${name}: cache read failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (hit) {
        cacheHits++;
        cachedIn += hit.inputTokens;
        cachedOut += hit.outputTokens;
        record(i, hit.text, true, 0);
      } else {
        let attempt = 0;
        for (;;) {
          if (fatal || opts.signal?.aborted) break;
          attempt++;
          apiCalls++;
          const out = await client.call(rendered.system, rendered.user, opts.signal);
          if (out.ok) {
            tokensIn += out.result.inputTokens;
            tokensOut += out.result.outputTokens;
            try {
              await opts.cache?.put(key, { text: out.result.text, inputTokens: out.result.inputTokens, outputTokens: out.result.outputTokens, createdAt: Date.now() });
            } catch (err) {
              log(`${name}: cache write failed: ${err instanceof Error ? err.message : String(err)}`);
            }
            record(i, out.result.text, false, attempt);
            break;
          }
          const e = out.error;
          if (FATAL.has(e.kind)) {
            fatal ??= { kind: e.kind, reason: reasonFor(provider, e) };
            (perPrompt[i] as LlmPromptResult).status = 'error';
            (perPrompt[i] as LlmPromptResult).error = e.message;
            log(`${name}: ${fatal.reason}; stopping this router`);
            break;
          }
          if (RETRYABLE.has(e.kind) && attempt < maxAttempts) {
            if (e.retryAfterMs !== undefined && e.retryAfterMs > maxRetryAfter) {
              fatal ??= { kind: e.kind, reason: `${reasonFor(provider, e)}; the server asked to wait ${Math.round(e.retryAfterMs / 1000)} s` };
              break;
            }
            const delay = e.retryAfterMs ?? backoffDelayMs(attempt, baseDelay, maxDelay, random);
            retries++;
            log(`${name}: prompt ${prompt.id} attempt ${attempt} failed (${e.message}); retrying in ${Math.round(delay)} ms`);
            await sleep(delay);
            continue;
          }
          if (RETRYABLE.has(e.kind)) {
            fatal ??= { kind: e.kind, reason: `${reasonFor(provider, e)}; gave up after ${attempt} attempts` };
            (perPrompt[i] as LlmPromptResult).status = 'error';
            (perPrompt[i] as LlmPromptResult).error = e.message;
            break;
          }
          // A per-prompt failure (e.g. 400 for this prompt): this prompt is unavailable, the others go on.
          const r = perPrompt[i] as LlmPromptResult;
          r.status = 'error';
          r.error = e.message;
          r.attempts = attempt;
          break;
        }
      }
      done++;
      opts.onProgress?.(done, n);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, n)) }, () => worker());
  await Promise.all(workers);
  return finish();
}

export interface TestKeyResult {
  ok: boolean;
  provider: LlmProvider;
  model: string;
  latencyMs: number;
  /** Why it failed (redacted), when !ok. */
  reason?: string;
  kind?: LlmError['kind'] | 'no-key';
}

/** For the Settings page's "test key": checks the key and that the router model exists (no tokens spent). */
export async function testKey(provider: LlmProvider, key: string, model: string = DEFAULT_MODELS[provider], opts: { baseUrl?: string; timeoutMs?: number } = {}): Promise<TestKeyResult> {
  const t0 = performance.now();
  if (!key) return { ok: false, provider, model, latencyMs: 0, kind: 'no-key', reason: 'No API key given' };
  try {
    const client = createLlmClient(provider, { apiKey: key, model, baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs ?? 15_000 });
    const r = await client.check();
    const latencyMs = performance.now() - t0;
    if (r.ok) return { ok: true, provider, model, latencyMs };
    return { ok: false, provider, model, latencyMs, kind: r.error.kind, reason: reasonFor(provider, r.error) };
  } catch (err) {
    return { ok: false, provider, model, latencyMs: performance.now() - t0, kind: 'other', reason: redact(err instanceof Error ? err.message : String(err), [key]) };
  }
}
