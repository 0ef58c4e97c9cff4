/**
 * Where the LLM routers send API keys. A base URL is never a setting the renderer or the HTTP API can change (a
 * page or a token holder could otherwise redirect the keys to a server of theirs): it comes from a CLI flag
 * (`--anthropic-base-url`, `--gemini-base-url`), else the environment, else the provider's public endpoint. Only
 * https is accepted, except plain http to a loopback host (local proxies, the tests' fake servers).
 */
import { isIP } from 'node:net';
import type { LlmEndpoint, LlmProviderId } from '../../shared/api/settings';

export const DEFAULT_BASE_URLS: Record<LlmProviderId, string> = {
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** Environment variables read for a base URL, first set wins. */
export const BASE_URL_ENV: Record<LlmProviderId, string[]> = {
  anthropic: ['AURORA_ANTHROPIC_BASE_URL', 'ANTHROPIC_BASE_URL'],
  gemini: ['AURORA_GEMINI_BASE_URL', 'GEMINI_BASE_URL', 'GOOGLE_GEMINI_BASE_URL'],
};

export const BASE_URL_FLAGS: Record<LlmProviderId, string> = { anthropic: '--anthropic-base-url', gemini: '--gemini-base-url' };

/** True for 127.0.0.0/8, ::1 and localhost (what a local proxy or fake server listens on). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * The normalised base URL (no trailing slash), or why it is refused. `from` names where it came from, for the
 * message (a flag or an environment variable).
 */
export function checkBaseUrl(value: string, from: string): { ok: true; url: string } | { ok: false; error: string } {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return { ok: false, error: `${from} is not a URL (got ${JSON.stringify(value.slice(0, 200))}): give e.g. https://proxy.example.com.` };
  }
  const rule = 'an API base URL must be https://, or http:// to a loopback host (127.0.0.0/8, ::1, localhost)';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    return { ok: false, error: `${from}=${u.origin} is refused: ${rule}, so API keys never travel in clear or to another machine unencrypted.` };
  }
  if (u.username || u.password) return { ok: false, error: `${from} must not carry a user name or password.` };
  if (u.search || u.hash) return { ok: false, error: `${from} must not carry a query or fragment.` };
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

/** The endpoint in effect for a provider: flag, else environment, else the default. */
export function resolveEndpoint(provider: LlmProviderId, flags: Partial<Record<LlmProviderId, string>>, env: NodeJS.ProcessEnv): LlmEndpoint {
  const flag = flags[provider];
  if (flag !== undefined) return endpointFrom(flag, BASE_URL_FLAGS[provider], 'flag');
  for (const v of BASE_URL_ENV[provider]) {
    const value = env[v]?.trim();
    if (value) return endpointFrom(value, v, 'env');
  }
  return { baseUrl: DEFAULT_BASE_URLS[provider], source: 'default', from: null, error: null };
}

function endpointFrom(value: string, from: string, source: 'flag' | 'env'): LlmEndpoint {
  const r = checkBaseUrl(value, from);
  return r.ok ? { baseUrl: r.url, source, from, error: null } : { baseUrl: null, source, from, error: r.error };
}
