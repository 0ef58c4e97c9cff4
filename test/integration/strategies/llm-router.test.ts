import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/store/database';
import { MemoryLlmReplyCache } from '../../../src/main/strategies/llm-router/cache';
import { LlmReplyRepository } from '../../../src/main/strategies/repository';
import type { LlmProvider } from '../../../src/main/strategies/llm-router/providers';
import { runLlmRouter, testKey } from '../../../src/main/strategies/llm-router/run';
import { TEMPLATE_TEXT, TEMPLATE_VERSION } from '../../../src/main/strategies/llm-router/template';
import { evaluateAll } from '../../../src/main/strategies/evals/evaluation';
import { createMatrix, setCell } from '../../../src/main/strategies/matrix';
import { alwaysLargest } from '../../../src/main/strategies/strategies';
import type { FakeBehaviour, FakeServer } from './fake-common';
import { startFakeAnthropic } from './fake-anthropic';
import { startFakeGemini } from './fake-gemini';

// The seed's 12 models (docs/routing.md, shared/fixtures/seed-profiles).
const MODELS = [
  ['gemma-270m', 172], ['lfm2-350m', 233], ['smollm-360m', 227], ['qwen-600m', 394], ['lfm2-vl-450m', 420], ['lfm2-700m', 467],
  ['gemma-1b', 642], ['lfm2-1.2b', 722], ['lfm2-1.2b-tools', 722], ['qwen-1.7b', 1161], ['smollm-1.7b', 1161], ['lfm2-vl-1.6b', 1440],
].map(([id, size]) => ({ id: id as string, size_mb: size as number }));

const PROMPTS = Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, text: i % 2 ? `hard question ${i}: prove it` : `easy question ${i}` }));
const route = (user: string) => (user.includes('hard') ? 'lfm2-vl-1.6b' : 'gemma-270m');
const KEY = 'sk-ant-test-SECRET-0123456789';
const GKEY = 'AIzaSyFAKE-gemini-SECRET-0123456789';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(provider: LlmProvider, behaviour: FakeBehaviour): Promise<FakeServer> {
  const f = provider === 'anthropic' ? await startFakeAnthropic(behaviour) : await startFakeGemini(behaviour);
  cleanups.push(() => f.close());
  return f;
}

const noSleep = async () => {};

for (const provider of ['anthropic', 'gemini'] as const) {
  const key = provider === 'anthropic' ? KEY : GKEY;
  describe(`${provider} router through the official SDK against a fake server`, () => {
    it('normal replies become picks; tokens and an estimated cost are counted', async () => {
      const f = await fake(provider, { validKeys: [key], reply: route });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, sleep: noSleep });
      expect(r.unavailable).toBeNull();
      expect(Array.from(r.strategy.picks)).toEqual(PROMPTS.map((_, i) => (i % 2 ? 11 : 0)));
      expect(r.apiCalls).toBe(8);
      expect(f.generations).toBe(8);
      expect(r.tokens.input).toBeGreaterThan(0);
      expect(r.estimatedCostUsd).toBeGreaterThan(0);
      expect(r.costNote).toMatch(/not a measurement/);
      expect(r.templateVersion).toBe(TEMPLATE_VERSION);
      expect(r.tiers.source).toBe('seed');
      expect(r.systemPrompt).toContain('You are a routing expert. Given a user prompt, select the SMALLEST model that can handle it well.');
      expect(r.systemPrompt).toContain('- lfm2-vl-1.6b (1440MB)');
      expect(r.systemPrompt).toContain('Respond with ONLY the model_id');
      const sent = JSON.stringify(f.bodies[0]);
      expect(sent).toContain('Select best model for: easy question 0');
      if (provider === 'gemini') expect(sent).toContain('"temperature":0');
      else expect(sent).not.toContain('temperature');
    });

    it('429 then success: retried after the server-given retry-after', async () => {
      const f = await fake(provider, { validKeys: [key], reply: route, rateLimitFirst: 2, retryAfterSeconds: 3 });
      const waits: number[] = [];
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS.slice(0, 2), concurrency: 1, sleep: async (ms) => void waits.push(ms) });
      expect(r.unavailable).toBeNull();
      expect(r.counts.ok).toBe(2);
      expect(r.retries).toBe(2);
      expect(waits).toEqual([3000, 3000]);
      expect(f.generations).toBe(4);
    });

    it('5xx then success: exponential backoff with jitter', async () => {
      const f = await fake(provider, { validKeys: [key], reply: route, serverErrorFirst: 2 });
      const waits: number[] = [];
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS.slice(0, 1), baseDelayMs: 100, random: () => 1, sleep: async (ms) => void waits.push(ms) });
      expect(r.counts.ok).toBe(1);
      // d = 100 * 2^(attempt-1); delay = d/2 + random * d/2 = d when random = 1
      expect(waits).toEqual([100, 200]);
    });

    it('gives up after maxAttempts and marks the strategy unavailable', async () => {
      const f = await fake(provider, { validKeys: [key], reply: route, rateLimitFirst: 100 });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, concurrency: 1, maxAttempts: 3, sleep: noSleep });
      expect(r.unavailable?.kind).toBe('rate-limit');
      expect(r.unavailable?.reason).toMatch(/gave up after 3 attempts/);
      expect(f.generations).toBe(3);
    });

    it('invalid key: unavailable with the reason, key redacted, other strategies unaffected', async () => {
      const f = await fake(provider, { validKeys: ['the-right-key'], reply: route });
      const logs: string[] = [];
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, sleep: noSleep, log: (l) => logs.push(l) });
      expect(r.unavailable?.kind).toBe('auth');
      expect(r.unavailable?.reason).toMatch(/API key was rejected/);
      expect(Array.from(r.strategy.picks).every((p) => p === -1)).toBe(true);
      expect(f.generations).toBeLessThanOrEqual(4); // stops after the in-flight calls
      const everything = JSON.stringify(r) + logs.join('\n');
      expect(everything).not.toContain(key);
      expect(everything).not.toContain('SECRET');
      // The table still scores everything else.
      const m = createMatrix({ device: 'd', prompts: PROMPTS.map((p) => ({ ...p, subject: 'x' })), models: MODELS });
      for (let p = 0; p < PROMPTS.length; p++) for (let k = 0; k < MODELS.length; k++) setCell(m, p, k, { correct: k > 5 ? 1 : 0, latency_ms: 100 + k });
      const table = evaluateAll(m, [alwaysLargest(m), r.strategy]);
      expect(table.rows[0]!.accuracy).toBe(1);
      expect(table.rows[1]!.unavailable).toMatch(/rejected/);
      expect(table.rows[1]!.accuracy).toBeNull();
      expect(table.notes.join('\n')).toMatch(/unavailable/);
    });

    it('a reply naming an unknown model is unknown-model for that prompt, with the text', async () => {
      const f = await fake(provider, { validKeys: [key], reply: (u) => (u.includes('question 3') ? 'gpt-9000' : route(u)) });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, sleep: noSleep });
      expect(r.unavailable).toBeNull();
      expect(r.counts['unknown-model']).toBe(1);
      const q3 = r.perPrompt.find((p) => p.promptId === 'q3')!;
      expect(q3).toMatchObject({ status: 'unknown-model', reply: 'gpt-9000', modelId: null });
      expect(r.strategy.picks[3]).toBe(-1);
      expect(r.strategy.meta?.unknownModel).toBe(1);
    });

    it('every reply unknown: the strategy is unavailable', async () => {
      const f = await fake(provider, { validKeys: [key], reply: () => 'I would use GPT-4' });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS.slice(0, 3), sleep: noSleep });
      expect(r.unavailable?.kind).toBe('all-unknown');
    });

    it('an unknown ROUTER model id (404) makes the strategy unavailable', async () => {
      const f = await fake(provider, { validKeys: [key], knownModels: ['some-other-model'] });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, sleep: noSleep });
      expect(r.unavailable?.kind).toBe('not-found');
    });

    it('no network (ECONNREFUSED): unavailable, no throw', async () => {
      const port = await new Promise<number>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const p = (s.address() as AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const r = await runLlmRouter({ provider, apiKey: key, baseUrl: `http://127.0.0.1:${port}`, models: MODELS, prompts: PROMPTS, sleep: noSleep });
      expect(r.unavailable?.kind).toBe('network');
      expect(r.unavailable?.reason).toMatch(/cannot reach/);
    });

    it('cache hit on re-run: the second run makes zero calls (SQLite cache, real migrations)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aurora-llm-cache-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const db = openDatabase(join(dir, 'lab.sqlite'));
      cleanups.push(() => {
        db.close();
      });
      const cache = new LlmReplyRepository(db);
      const f = await fake(provider, { validKeys: [key], reply: route });
      const first = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, cache, sleep: noSleep });
      expect(first.apiCalls).toBe(8);
      const before = f.requests;
      const second = await runLlmRouter({ provider, apiKey: key, baseUrl: f.url, models: MODELS, prompts: PROMPTS, cache, sleep: noSleep });
      expect(f.requests - before).toBe(0);
      expect(second.apiCalls).toBe(0);
      expect(second.cacheHits).toBe(8);
      expect(second.estimatedCostUsd).toBe(0);
      expect(Array.from(second.strategy.picks)).toEqual(Array.from(first.strategy.picks));
      expect(cache.template(TEMPLATE_VERSION)).toBe(TEMPLATE_TEXT);
      // No key is stored in the database.
      const dump = JSON.stringify(db.prepare('SELECT * FROM llm_reply_cache').all());
      expect(dump).not.toContain(key);
      // A different router model is a different cache entry.
      const other = await runLlmRouter({ provider, apiKey: key, model: 'another-model', baseUrl: f.url, models: MODELS, prompts: PROMPTS.slice(0, 1), cache, sleep: noSleep });
      expect(other.apiCalls).toBe(1);
    });

    it('testKey: ok, invalid key, unknown model', async () => {
      const f = await fake(provider, { validKeys: [key], knownModels: ['router-model'] });
      expect(await testKey(provider, key, 'router-model', { baseUrl: f.url })).toMatchObject({ ok: true });
      const bad = await testKey(provider, 'wrong-key-123456', 'router-model', { baseUrl: f.url });
      expect(bad).toMatchObject({ ok: false, kind: 'auth' });
      expect(bad.reason).not.toContain('wrong-key-123456');
      expect(await testKey(provider, key, 'nope', { baseUrl: f.url })).toMatchObject({ ok: false, kind: 'not-found' });
      expect(f.generations).toBe(0);
    });
  });
}

describe('both routers side by side', () => {
  it('one provider failing does not block the other (run concurrently)', async () => {
    const a = await fake('anthropic', { validKeys: ['nope'], reply: route });
    const g = await fake('gemini', { validKeys: [GKEY], reply: route });
    const cache = new MemoryLlmReplyCache();
    const [claude, gemini] = await Promise.all([
      runLlmRouter({ provider: 'anthropic', apiKey: KEY, baseUrl: a.url, models: MODELS, prompts: PROMPTS, cache, sleep: noSleep }),
      runLlmRouter({ provider: 'gemini', apiKey: GKEY, baseUrl: g.url, models: MODELS, prompts: PROMPTS, cache, sleep: noSleep }),
    ]);
    expect(claude.unavailable?.kind).toBe('auth');
    expect(gemini.unavailable).toBeNull();
    expect(gemini.counts.ok).toBe(8);
    expect(a.lastHeaders['anthropic-version']).toBeTruthy();
    expect(g.lastHeaders['x-goog-api-key']).toBe(GKEY);
  });
});
