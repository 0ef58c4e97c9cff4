/**
 * Hash-based routes (`#/devices`, `#/devices/<serial>`): they work from file:// inside Electron and from
 * `aurora-lab serve` alike, and never reach the server. Pure parsing/formatting; the hook lives in hooks/.
 */

export type PageId = 'devices' | 'profile' | 'runs' | 'compare' | 'profiles' | 'settings';

export type Route =
  | { page: 'devices' }
  | { page: 'device'; serial: string }
  | { page: Exclude<PageId, 'devices'> }
  | { page: 'not-found'; path: string };

export interface NavItem {
  id: PageId;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'devices', label: 'Devices' },
  { id: 'profile', label: 'Profile' },
  { id: 'runs', label: 'Runs' },
  { id: 'compare', label: 'Compare' },
  { id: 'profiles', label: 'Profiles' },
  { id: 'settings', label: 'Settings' },
];

const SIMPLE_PAGES = new Set<string>(['profile', 'runs', 'compare', 'profiles', 'settings']);

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** `location.hash` to a route. Empty hash is the Devices page. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '') return { page: 'devices' };
  const [head = '', ...rest] = path.split('/');
  if (head === 'devices') {
    if (rest.length === 0) return { page: 'devices' };
    const serial = safeDecode(rest.join('/'));
    if (serial) return { page: 'device', serial };
    return { page: 'not-found', path };
  }
  if (rest.length === 0 && SIMPLE_PAGES.has(head)) return { page: head as Exclude<PageId, 'devices'> };
  return { page: 'not-found', path };
}

/** A route to an `href` (always starting with `#/`). */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'device':
      return `#/devices/${encodeURIComponent(route.serial)}`;
    case 'not-found':
      return `#/${route.path}`;
    default:
      return `#/${route.page}`;
  }
}

export function pageHref(id: PageId): string {
  return `#/${id}`;
}

export function deviceHref(serial: string): string {
  return hrefFor({ page: 'device', serial });
}

/** Which navigation entry is highlighted for a route. */
export function navIdFor(route: Route): PageId | null {
  if (route.page === 'device') return 'devices';
  if (route.page === 'not-found') return null;
  return route.page;
}
