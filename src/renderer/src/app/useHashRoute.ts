import { useMemo, useSyncExternalStore } from 'react';
import { parseHash, type Route } from './routing';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/** The current route from `location.hash`, re-rendering on `hashchange`. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return useMemo(() => parseHash(hash), [hash]);
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}
