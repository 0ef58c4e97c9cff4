/**
 * The lab page's Content-Security-Policy, built in one place for both ways it is served: the Electron window
 * (app://lab, where the page talks over IPC and needs no socket) and `aurora-lab serve` (where it opens exactly
 * one WebSocket, to its own origin's /api/events). Nothing else is ever connected to.
 */

export interface CspOptions {
  /** Extra connect-src sources beyond 'self', each an exact scheme://host:port (no wildcards). */
  connect?: readonly string[];
}

const EXACT_SOURCE = /^(wss?|https?):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export function buildCsp(opts: CspOptions = {}): string {
  for (const c of opts.connect ?? []) {
    if (!EXACT_SOURCE.test(c)) throw new Error(`CSP connect-src source ${JSON.stringify(c)} is not an exact scheme://host:port`);
  }
  const connect = ["'self'", ...(opts.connect ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The serve page's policy: its own origin and the event socket on that same host:port. */
export function serveCsp(hostHeader: string): string {
  return buildCsp({ connect: [`ws://${hostHeader}`] });
}
