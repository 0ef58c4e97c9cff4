/**
 * Hash-based routes (`#/devices`, `#/devices/<serial>`, `#/devices/<serial>/quick`, `#/runs`, `#/runs/<id>`,
 * `#/campaigns/<id>`, `#/campaigns/<a>/compare/<b>`, `#/profiles/<id>`): they work from file:// inside Electron and from `aurora-lab serve` alike, and never reach the server. Pure
 * parsing/formatting; the hook lives in hooks/.
 */

export type PageId = 'devices' | 'profile' | 'runs' | 'compare' | 'profiles' | 'settings';

export type Route =
  | { page: 'devices' }
  | { page: 'device'; serial: string }
  /** Quick profile of one phone. */
  | { page: 'quick'; serial: string }
  | { page: 'run'; runId: string }
  /** A profiling campaign (the Runs pages call it a run over a prompt set). */
  | { page: 'campaign'; campaignId: string }
  /** Two campaigns side by side. */
  | { page: 'campaign-compare'; a: string; b: string }
  /** One stored router profile: inspector, heatmap, costs, route a prompt, export. */
  | { page: 'profile-detail'; profileId: string }
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

/** The shape of a run id (the contract's runIdSchema); anything else under `#/runs/` is not a page. */
const RUN_ID = /^[A-Za-z0-9-]{8,64}$/;

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
    // Serials never contain '/', so a trailing `/quick` is the Quick profile sub-page.
    if (rest.length === 2 && rest[1] === 'quick') {
      const serial = safeDecode(rest[0]!);
      if (serial) return { page: 'quick', serial };
      return { page: 'not-found', path };
    }
    const serial = safeDecode(rest.join('/'));
    if (serial) return { page: 'device', serial };
    return { page: 'not-found', path };
  }
  if (head === 'campaigns' && (rest.length === 1 || (rest.length === 3 && rest[1] === 'compare'))) {
    const ids = [rest[0]!, ...(rest.length === 3 ? [rest[2]!] : [])].map(safeDecode);
    if (ids.every((id) => id !== null && RUN_ID.test(id))) {
      return ids.length === 1 ? { page: 'campaign', campaignId: ids[0]! } : { page: 'campaign-compare', a: ids[0]!, b: ids[1]! };
    }
    return { page: 'not-found', path };
  }
  if (head === 'profiles' && rest.length === 1) {
    const profileId = safeDecode(rest[0]!);
    if (profileId && RUN_ID.test(profileId)) return { page: 'profile-detail', profileId };
    return { page: 'not-found', path };
  }
  if (head === 'runs' && rest.length === 1) {
    const runId = safeDecode(rest[0]!);
    if (runId && RUN_ID.test(runId)) return { page: 'run', runId };
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
    case 'quick':
      return `#/devices/${encodeURIComponent(route.serial)}/quick`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'campaign':
      return `#/campaigns/${encodeURIComponent(route.campaignId)}`;
    case 'campaign-compare':
      return `#/campaigns/${encodeURIComponent(route.a)}/compare/${encodeURIComponent(route.b)}`;
    case 'profile-detail':
      return `#/profiles/${encodeURIComponent(route.profileId)}`;
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

export function quickProfileHref(serial: string): string {
  return hrefFor({ page: 'quick', serial });
}

export function runHref(runId: string): string {
  return hrefFor({ page: 'run', runId });
}

export function campaignRouteHref(campaignId: string): string {
  return hrefFor({ page: 'campaign', campaignId });
}

export function campaignCompareHref(a: string, b: string): string {
  return hrefFor({ page: 'campaign-compare', a, b });
}

export function profileHref(profileId: string): string {
  return hrefFor({ page: 'profile-detail', profileId });
}

/** Which navigation entry is highlighted for a route. */
export function navIdFor(route: Route): PageId | null {
  if (route.page === 'device' || route.page === 'quick') return 'devices';
  if (route.page === 'run' || route.page === 'campaign' || route.page === 'campaign-compare') return 'runs';
  if (route.page === 'profile-detail') return 'profiles';
  if (route.page === 'not-found') return null;
  return route.page;
}
