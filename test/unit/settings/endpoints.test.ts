import { describe, expect, it } from 'vitest';
import { checkBaseUrl, isLoopbackHost, resolveEndpoint } from '../../../src/main/settings/endpoints';

describe('LLM API endpoints', () => {
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '[::1]', '::1', 'api.localhost']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['128.0.0.1', '10.0.0.1', '0.0.0.0', '::', 'example.com', '127.0.0.1.nip.io', 'localhost.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('accepts https anywhere and http only to loopback, normalised', () => {
    expect(checkBaseUrl('https://proxy.example.com/v1/', '--anthropic-base-url')).toEqual({ ok: true, url: 'https://proxy.example.com/v1' });
    expect(checkBaseUrl('http://127.0.0.1:8080/', 'X')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
    expect(checkBaseUrl('http://[::1]:9/', 'X')).toEqual({ ok: true, url: 'http://[::1]:9' });
    const refused = checkBaseUrl('http://capture.example.com:8080', 'AURORA_ANTHROPIC_BASE_URL');
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^AURORA_ANTHROPIC_BASE_URL=http:\/\/capture\.example\.com:8080 is refused: an API base URL must be https:\/\/, or http:\/\/ to a loopback host/) });
    expect(checkBaseUrl('http://10.1.2.3', 'X').ok).toBe(false);
    expect(checkBaseUrl('ftp://127.0.0.1', 'X').ok).toBe(false);
    expect(checkBaseUrl('not a url', 'X')).toMatchObject({ ok: false, error: expect.stringMatching(/not a URL/) });
    expect(checkBaseUrl('https://user:pw@proxy.example.com', 'X')).toMatchObject({ ok: false, error: expect.stringMatching(/user name or password/) });
  });

  it('takes the flag, else the environment, else the provider default', () => {
    expect(resolveEndpoint('anthropic', {}, {})).toEqual({ baseUrl: 'https://api.anthropic.com', source: 'default', from: null, error: null });
    expect(resolveEndpoint('gemini', {}, { AURORA_GEMINI_BASE_URL: 'http://localhost:5000' })).toEqual({ baseUrl: 'http://localhost:5000', source: 'env', from: 'AURORA_GEMINI_BASE_URL', error: null });
    expect(resolveEndpoint('anthropic', { anthropic: 'http://127.0.0.1:1' }, { AURORA_ANTHROPIC_BASE_URL: 'https://a.example' })).toMatchObject({ baseUrl: 'http://127.0.0.1:1', source: 'flag' });
    expect(resolveEndpoint('anthropic', {}, { ANTHROPIC_BASE_URL: 'http://evil.example' })).toMatchObject({ baseUrl: null, source: 'env', from: 'ANTHROPIC_BASE_URL', error: expect.stringMatching(/refused/) });
  });
});
