import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { legacyRedirect, parseHash, type Route } from './routing';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/**
 * The current route from `location.hash`, re-rendering on `hashchange`. An earlier version's address is replaced
 * by the current one (no new history entry), so bookmarks keep working and the address bar names the page.
 */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  useEffect(() => {
    const to = legacyRedirect(hash);
    if (to) window.location.replace(to);
  }, [hash]);
  return useMemo(() => parseHash(hash), [hash]);
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}
