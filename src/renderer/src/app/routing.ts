/**
 * Hash-based routes: they work from file:// inside Electron and from `aurora-lab serve` alike, and never reach the
 * server. The words follow the lab's: a campaign (devices × models × prompts × repetitions) is started at
 * `#/campaigns/new` and read at `#/campaigns/<id>`; a run (one device's part of a campaign, or a quick run) at
 * `#/runs/<id>`; a quick run of one phone at `#/devices/<serial>/quick-run`; router profiles (what build-profile
 * makes) at `#/router-profiles`. The addresses of earlier versions (`#/profile`, `#/profiles…`, `…/quick`) still
 * open the same pages and are replaced by the new ones. Pure parsing/formatting; the hook is useHashRoute.
 */

export type PageId = 'devices' | 'new-campaign' | 'runs' | 'compare' | 'router-profiles' | 'settings';

export type Route =
  | { page: 'devices' }
  | { page: 'device'; serial: string }
  /** A quick run: one model, a few prompts, on one phone. */
  | { page: 'quick-run'; serial: string }
  | { page: 'runs' }
  | { page: 'run'; runId: string }
  /** Start a campaign (the Profile button). */
  | { page: 'new-campaign' }
  | { page: 'campaign'; campaignId: string }
  /** Two campaigns side by side. */
  | { page: 'campaign-compare'; a: string; b: string }
  | { page: 'compare' }
  | { page: 'router-profiles' }
  /** One stored router profile: inspector, heatmap, costs, route a prompt, export. */
  | { page: 'router-profile'; profileId: string }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

export interface NavItem {
  id: PageId;
  label: string;
  title: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'devices', label: 'Devices', title: 'Phones attached to this lab' },
  // "Profile" is the product's verb for measuring: the page it opens starts a campaign.
  { id: 'new-campaign', label: 'Profile', title: 'Start a campaign: devices × models × prompts × repetitions' },
  { id: 'runs', label: 'Runs', title: 'Campaigns and quick runs, with every measured prompt' },
  { id: 'compare', label: 'Compare', title: 'Routing strategies scored on measured runs' },
  { id: 'router-profiles', label: 'Router profiles', title: 'Cluster error-rate profiles the router uses, built from runs' },
  { id: 'settings', label: 'Settings', title: 'Lab settings and API keys' },
];

/** The shape of a run, campaign or profile id (the contract's id schema); anything else is not a page. */
const ID = /^[A-Za-z0-9-]{8,64}$/;

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function idOf(segment: string | undefined): string | null {
  const id = segment === undefined ? null : safeDecode(segment);
  return id !== null && ID.test(id) ? id : null;
}

function cleanPath(hash: string): string {
  return hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

function parsePath(path: string): Route {
  if (path === '') return { page: 'devices' };
  const [head = '', ...rest] = path.split('/');
  const notFound: Route = { page: 'not-found', path };
  switch (head) {
    case 'devices': {
      if (rest.length === 0) return { page: 'devices' };
      // Serials never contain '/', so a trailing segment is a sub-page.
      if (rest.length === 2 && (rest[1] === 'quick-run' || rest[1] === 'quick')) {
        const serial = safeDecode(rest[0]!);
        return serial ? { page: 'quick-run', serial } : notFound;
      }
      const serial = safeDecode(rest.join('/'));
      return serial ? { page: 'device', serial } : notFound;
    }
    case 'runs': {
      if (rest.length === 0) return { page: 'runs' };
      const runId = rest.length === 1 ? idOf(rest[0]) : null;
      return runId ? { page: 'run', runId } : notFound;
    }
    case 'campaigns': {
      if (rest.length === 1 && rest[0] === 'new') return { page: 'new-campaign' };
      if (rest.length === 1) {
        const campaignId = idOf(rest[0]);
        return campaignId ? { page: 'campaign', campaignId } : notFound;
      }
      if (rest.length === 3 && rest[1] === 'compare') {
        const a = idOf(rest[0]);
        const b = idOf(rest[2]);
        return a && b ? { page: 'campaign-compare', a, b } : notFound;
      }
      return notFound;
    }
    case 'router-profiles':
    case 'profiles': {
      if (rest.length === 0) return { page: 'router-profiles' };
      const profileId = rest.length === 1 ? idOf(rest[0]) : null;
      return profileId ? { page: 'router-profile', profileId } : notFound;
    }
    case 'profile':
      return rest.length === 0 ? { page: 'new-campaign' } : notFound;
    case 'compare':
    case 'settings':
      return rest.length === 0 ? { page: head } : notFound;
    default:
      return notFound;
  }
}

/** `location.hash` to a route. Empty hash is the Devices page; earlier versions' addresses open the same pages. */
export function parseHash(hash: string): Route {
  return parsePath(cleanPath(hash));
}

/** The current address of a page opened by an earlier version's address (`#/profile` → `#/campaigns/new`), else null. */
export function legacyRedirect(hash: string): string | null {
  const path = cleanPath(hash);
  const [head, ...rest] = path.split('/');
  const legacy = head === 'profile' || head === 'profiles' || (head === 'devices' && rest.length === 2 && rest[1] === 'quick');
  if (!legacy) return null;
  const route = parsePath(path);
  return route.page === 'not-found' ? null : hrefFor(route);
}

/** A route to an `href` (always starting with `#/`). */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'device':
      return `#/devices/${encodeURIComponent(route.serial)}`;
    case 'quick-run':
      return `#/devices/${encodeURIComponent(route.serial)}/quick-run`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'new-campaign':
      return '#/campaigns/new';
    case 'campaign':
      return `#/campaigns/${encodeURIComponent(route.campaignId)}`;
    case 'campaign-compare':
      return `#/campaigns/${encodeURIComponent(route.a)}/compare/${encodeURIComponent(route.b)}`;
    case 'router-profile':
      return `#/router-profiles/${encodeURIComponent(route.profileId)}`;
    case 'not-found':
      return `#/${route.path}`;
    default:
      return `#/${route.page}`;
  }
}

export function pageHref(id: PageId): string {
  return hrefFor({ page: id });
}

export function deviceHref(serial: string): string {
  return hrefFor({ page: 'device', serial });
}

export function quickRunHref(serial: string): string {
  return hrefFor({ page: 'quick-run', serial });
}

export function runHref(runId: string): string {
  return hrefFor({ page: 'run', runId });
}

export function campaignHref(campaignId: string): string {
  return hrefFor({ page: 'campaign', campaignId });
}

export function campaignCompareHref(a: string, b: string): string {
  return hrefFor({ page: 'campaign-compare', a, b });
}

export function routerProfileHref(profileId: string): string {
  return hrefFor({ page: 'router-profile', profileId });
}

/** Which navigation entry is highlighted for a route. */
export function navIdFor(route: Route): PageId | null {
  switch (route.page) {
    case 'device':
    case 'quick-run':
      return 'devices';
    case 'run':
    case 'campaign':
    case 'campaign-compare':
      return 'runs';
    case 'router-profile':
      return 'router-profiles';
    case 'not-found':
      return null;
    default:
      return route.page;
  }
}
