/**
 * Serves the built renderer over app://lab (see app-protocol.ts for the mapping and why not file://).
 * registerAppScheme() must run before the app is ready; serveAppProtocol() after.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { buildCsp } from '../server/csp';
import { APP_SCHEME, resolveAppUrl } from './policy/app-protocol';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveAppProtocol(rendererRoot: string): void {
  const csp = buildCsp();
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const hit = resolveAppUrl(rendererRoot, request.url);
    if (!hit) return new Response('Not found', { status: 404 });
    const body = await readFile(hit.file).catch(() => null);
    if (!body) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(body), {
      headers: { 'content-type': hit.contentType, 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
    });
  });
}
