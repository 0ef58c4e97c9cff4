/**
 * Who may talk to `aurora-lab serve`, decided from request headers alone (pure, unit-tested).
 *
 * - Host: only names the server is really reached by (DNS rebinding makes a foreign name resolve to us).
 * - Origin / Sec-Fetch-Site: a page on another port of 127.0.0.1 is *same-site* with the lab, so SameSite
 *   cookies do not stop it; only the lab's own origin may call the API or open the event socket.
 * - Content-Type: API bodies only as application/json, which browsers cannot send cross-origin without a
 *   preflight (and the preflight is refused).
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::';
}

/** `::1` -> `[::1]`: the form a Host header and a URL carry. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Host names (without port) the server answers to: the bound address, plus every loopback name when it is bound
 * to 127.0.0.1 / localhost / ::1 or to all addresses, plus the names given with `--allow-host`.
 */
export function allowedHostNames(boundHost: string, extra: readonly string[] = []): string[] {
  const names = new Set<string>();
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(boundHost.toLowerCase()) || isWildcard(boundHost)) {
    for (const n of LOOPBACK_NAMES) names.add(n);
  }
  if (!isWildcard(boundHost)) names.add(hostForUrl(boundHost).toLowerCase());
  for (const e of extra) names.add(hostForUrl(e.trim()).toLowerCase());
  return [...names];
}

/** A DNS name, an IPv4 address or a bracketed/bare IPv6 address, without a port. */
export function isHostName(value: string): boolean {
  const v = value.trim();
  if (/^\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\]?$/.test(v)) return true;
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(v);
}

/** Splits a Host header into name and port (80 when absent, as browsers omit the default port). */
export function parseHostHeader(value: string): { name: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? 80 : Number(m[2]) };
}

export function hostAllowed(hostHeader: string | undefined, names: readonly string[], port: number): boolean {
  if (!hostHeader) return false;
  const h = parseHostHeader(hostHeader);
  return h !== null && h.port === port && names.includes(h.name);
}

export type Refusal = { status: number; code: 'unauthorized' | 'bad-request'; message: string };

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Refuses a request sent by another origin. `kind` 'page' also lets through what the user opened themselves
 * (Sec-Fetch-Site: none: the printed URL, a bookmark). Clients that are not browsers send neither header and
 * pass: they must still carry the token.
 */
export function crossOriginRefusal(headers: IncomingHttpHeaders, kind: 'api' | 'socket' | 'page'): Refusal | null {
  const host = one(headers.host);
  const origin = one(headers.origin);
  if (origin !== undefined && (host === undefined || origin.toLowerCase() !== `http://${host.toLowerCase()}`)) {
    return { status: 403, code: 'unauthorized', message: `Requests from ${origin} are refused: only the lab's own page may call the lab.` };
  }
  const site = one(headers['sec-fetch-site'])?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && !(kind === 'page' && site === 'none')) {
    return { status: 403, code: 'unauthorized', message: `A ${site} request is refused: only the lab's own page may call the lab.` };
  }
  return null;
}

/** application/json, with or without parameters (charset). */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  return value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}
