import { describe, expect, it } from 'vitest';
import { parseModelReply } from '../../../src/main/strategies/llm-router/parse';
import { redact } from '../../../src/main/strategies/llm-router/redact';
import { classifyError, parseRetryAfter } from '../../../src/main/strategies/llm-router/providers';
import { estimateCostUsd } from '../../../src/main/strategies/llm-router/prices';
import { backoffDelayMs } from '../../../src/shared/kit/backoff';
import { renderPrompt, renderSystemPrompt, tiersFor } from '../../../src/main/strategies/llm-router/template';

const IDS = ['gemma-270m', 'lfm2-1.2b', 'lfm2-1.2b-tools', 'qwen-1.7b'];

describe('reply parsing', () => {
  it('exact, then case-insensitive whole-token match', () => {
    expect(parseModelReply('lfm2-1.2b', IDS)).toMatchObject({ kind: 'ok', modelIndex: 1, match: 'exact' });
    expect(parseModelReply(' `lfm2-1.2b-tools`.\n', IDS)).toMatchObject({ kind: 'ok', modelIndex: 2, match: 'exact' });
    expect(parseModelReply('Model: QWEN-1.7B', IDS)).toMatchObject({ kind: 'ok', modelId: 'qwen-1.7b', match: 'token' });
    // No substring matches: "lfm2-1.2b-tools" must not also count as "lfm2-1.2b".
    expect(parseModelReply('I pick lfm2-1.2b-tools.', IDS)).toMatchObject({ kind: 'ok', modelIndex: 2 });
    expect(parseModelReply('gpt-9000', IDS)).toEqual({ kind: 'unknown-model', text: 'gpt-9000' });
    expect(parseModelReply('gemma-270m or qwen-1.7b', IDS)).toMatchObject({ kind: 'ambiguous', candidates: ['gemma-270m', 'qwen-1.7b'] });
  });
});

describe('template', () => {
  it('renders the seed prompt with sizes, sorted smallest to largest, and by-size tiers for other model lists', () => {
    const models = [{ id: 'big', size_mb: 900 }, { id: 'tiny', size_mb: 100 }, { id: 'mid', size_mb: 400 }, { id: 'small', size_mb: 200 }];
    const t = tiersFor(models);
    expect(t).toEqual({ smallest: ['tiny'], medium: ['small'], large: ['mid'], largest: ['big'], source: 'by-size' });
    const sys = renderSystemPrompt(models);
    expect(sys.indexOf('- tiny (100MB)')).toBeLessThan(sys.indexOf('- big (900MB)'));
    expect(sys).toContain('- Use largest model (big) for: very complex tasks, coding, analysis');
    const a = renderPrompt(sys, 'What is 2+2?');
    expect(a.user).toBe('Select best model for: What is 2+2?');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(renderPrompt(sys, 'What is 2+3?').hash).not.toBe(a.hash);
  });
});

describe('errors, retry-after, redaction, prices', () => {
  it('redacts keys verbatim and by shape', () => {
    expect(redact('bad key sk-ant-api03-abcdefghijkl in x-api-key: foo123', [])).toBe('bad key [redacted] in x-api-key: [redacted]');
    expect(redact('GET /v1beta/models?key=AIzaSomething', [])).toBe('GET /v1beta/models?key=[redacted]');
    expect(redact('my key is hunter2-key', ['hunter2-key'])).toBe('my key is [redacted]');
  });

  it('classifies statuses and honours retry-after', () => {
    const h = (o: Record<string, string>) => ({ get: (k: string) => o[k] ?? null });
    expect(parseRetryAfter(h({ 'retry-after': '7' }))).toBe(7000);
    expect(parseRetryAfter(h({ 'retry-after-ms': '250', 'retry-after': '7' }))).toBe(250);
    expect(classifyError(Object.assign(new Error('x'), { status: 429, headers: h({ 'retry-after': '2' }) }), [])).toMatchObject({ kind: 'rate-limit', retryAfterMs: 2000 });
    expect(classifyError(Object.assign(new Error('{"error":{"details":[{"retryDelay":"4s"}]}}'), { status: 429 }), [])).toMatchObject({ retryAfterMs: 4000 });
    expect(classifyError(Object.assign(new Error('x'), { status: 401 }), []).kind).toBe('auth');
    expect(classifyError(Object.assign(new Error('API key not valid. API_KEY_INVALID'), { status: 400 }), []).kind).toBe('auth');
    expect(classifyError(Object.assign(new Error('x'), { status: 529 }), []).kind).toBe('server');
    expect(classifyError(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), []).kind).toBe('network');
    expect(classifyError(new Error('key sk-ant-api03-zzzzzzzzzzzz leaked'), []).message).not.toContain('zzzz');
  });

  it('backoff grows exponentially, capped, with jitter in [d/2, d]', () => {
    expect(backoffDelayMs(1, 1000, 30000, () => 0)).toBe(500);
    expect(backoffDelayMs(3, 1000, 30000, () => 1)).toBe(4000);
    expect(backoffDelayMs(10, 1000, 30000, () => 1)).toBe(30000);
  });

  it('estimates API cost from tokens (USD per million tokens)', () => {
    // 1,000,000 input at $5 + 100,000 output at $25/M = 5 + 2.5
    expect(estimateCostUsd('claude-opus-5-5', 1_000_000, 100_000)).toBeCloseTo(7.5, 12);
    expect(estimateCostUsd('unknown-model', 1, 1)).toBeNull();
  });
});
