/**
 * The renderer's one way to reach the lab: `window.lab` when running inside Electron (the preload exposes it),
 * else the HTTP + WebSocket API of `aurora-lab serve`, authenticated with the token from the page's URL.
 */
import type { LabClient } from '../../../shared/contract';
import { createHttpClient } from '../../../shared/http-client';

declare global {
  interface Window {
    lab?: LabClient;
  }
}

const TOKEN_KEY = 'aurora-lab-token';

function tokenFromPage(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar and history once it is stored.
    const url = new URL(window.location.href);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let client: LabClient | null = null;

export function getLab(): LabClient {
  if (client) return client;
  if (window.lab) {
    client = window.lab;
  } else {
    client = createHttpClient({
      baseUrl: window.location.origin,
      token: tokenFromPage(),
      webSocket: (url: string) => new WebSocket(url),
    });
  }
  return client;
}
