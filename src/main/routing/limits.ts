/**
 * Shape limits for router profiles, checked on the JSON text before it is parsed. JSON.parse and the schema
 * would otherwise build whatever the file describes: a profile nested 100,000 deep overflows the stack (and the
 * error names nothing), one with a million clusters takes gigabytes and seconds before any check runs. One pass
 * over the text counts nesting and array lengths, allocates nothing per element, and stops at the first limit
 * crossed, naming the field.
 */
import { formatPath, RoutingError } from './errors';

export interface ProfileLimits {
  /** Nesting of arrays and objects (a built profile is 6 deep; free-form provenance needs a few more). */
  maxDepth: number;
  /** Clusters (k): centroids, per-cluster arrays of every model. The lab builds at most 64. */
  maxClusters: number;
  /** Candidate models. */
  maxModels: number;
  /** Embedding dimensions: one centroid's length, the IDF table. */
  maxDim: number;
  /** Elements of any other array, members of any object. */
  maxElements: number;
}

export const PROFILE_LIMITS: Readonly<ProfileLimits> = {
  maxDepth: 32,
  maxClusters: 4096,
  maxModels: 256,
  maxDim: 16_384,
  maxElements: 1_000_000,
};

type LimitName = Exclude<keyof ProfileLimits, 'maxDepth'>;

/** Where the specific limits apply; `*` is any key or index. Both formats: v2 and seed v1.0. */
const RULES: ReadonlyArray<{ path: readonly string[]; limit: LimitName; what: string }> = [
  { path: ['clusters', 'centroids'], limit: 'maxClusters', what: 'clusters' },
  { path: ['clusters', 'info'], limit: 'maxClusters', what: 'clusters' },
  { path: ['clusters', 'centroids', '*'], limit: 'maxDim', what: 'embedding dimensions' },
  { path: ['embedder', 'idf'], limit: 'maxDim', what: 'embedding dimensions' },
  { path: ['models'], limit: 'maxModels', what: 'models' },
  ...['error_rates', 'errors', 'n', 'raw_error_rates', 'ci95'].map((f) => ({ path: ['models', '*', f], limit: 'maxClusters' as const, what: 'clusters' })),
  { path: ['cluster_centers', 'cluster_centers'], limit: 'maxClusters', what: 'clusters' },
  { path: ['cluster_centers', 'cluster_centers', '*'], limit: 'maxDim', what: 'embedding dimensions' },
  { path: ['llm_profiles'], limit: 'maxModels', what: 'models' },
  { path: ['llm_profiles', '*'], limit: 'maxClusters', what: 'clusters' },
];

interface Frame {
  isArray: boolean;
  count: number;
  limit: number;
  what: string | null;
  /** Object: the member being read; array: unused. */
  key: string;
  /** Array: a value may start here; object: a key may start here. */
  expect: boolean;
}

function ruleFor(path: readonly (string | number)[], limits: ProfileLimits): { limit: number; what: string | null } {
  for (const r of RULES) {
    if (r.path.length === path.length && r.path.every((seg, i) => seg === '*' || seg === path[i])) return { limit: limits[r.limit], what: r.what };
  }
  return { limit: limits.maxElements, what: null };
}

function shortPath(path: readonly (string | number)[]): string {
  if (path.length <= 12) return formatPath(path) || '(document)';
  return `${formatPath(path.slice(0, 10))}... (${path.length} levels)`;
}

/** Index of the quote that closes the string whose opening quote is at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let j = q - 1; j > open && text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

function keyText(raw: string): string {
  const body = raw.length > 202 ? `${raw.slice(0, 200)}"` : raw;
  try {
    return JSON.parse(body) as string;
  } catch {
    return body.slice(1, -1);
  }
}

/**
 * Throws RoutingError('profile-too-large') naming the field where `text` nests deeper or holds more elements
 * than the limits allow. Malformed JSON is left for the parser to report: the scan then simply stops.
 */
export function checkProfileShape(text: string, what: string, limits: ProfileLimits = PROFILE_LIMITS): void {
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  const fail = (message: string, issuePath: readonly (string | number)[]): never => {
    const where = shortPath(issuePath);
    throw new RoutingError('profile-too-large', `${what}: ${where}: ${message}`, [{ path: formatPath(issuePath.slice(0, 12)), message }]);
  };
  /** A value starts in the innermost frame: count it; returns false when the text is not JSON we can follow. */
  const valueStarts = (): boolean => {
    const top = stack.at(-1);
    if (!top) return true;
    if (top.isArray) {
      if (!top.expect) return false;
      top.expect = false;
      top.count++;
      if (top.count > top.limit) {
        fail(`more than ${top.limit} ${top.what ?? 'elements'} (the limit for a router profile)${top.what ? '' : '; is this the right file?'}`, path);
      }
    }
    return true;
  };
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const top = stack.at(-1);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return;
      if (top && !top.isArray && top.expect) {
        top.expect = false;
        top.key = keyText(text.slice(i, end + 1));
        top.count++;
        if (top.count > top.limit) fail(`more than ${top.limit} ${top.what ?? 'members'} (the limit for a router profile)`, path);
      } else if (!valueStarts()) return;
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (!valueStarts()) return;
      if (top) path.push(top.isArray ? top.count - 1 : top.key);
      if (stack.length + 1 > limits.maxDepth) {
        fail(`nested deeper than ${limits.maxDepth} levels (a router profile is at most ${limits.maxDepth} deep; is this the right file?)`, path);
      }
      const rule = ruleFor(path, limits);
      stack.push({ isArray: c === 0x5b, count: 0, limit: rule.limit, what: rule.what, key: '', expect: true });
    } else if (c === 0x7d || c === 0x5d) {
      if (!top || top.isArray !== (c === 0x5d)) return;
      stack.pop();
      if (stack.length > 0) path.pop();
    } else if (c === 0x2c) {
      if (!top) return;
      top.expect = true;
    } else if (c === 0x3a) {
      // The value after a key: objects count members at the key.
    } else {
      // A scalar (number, true/false/null, NaN/Infinity): count it, then skip to its end.
      if (!valueStarts()) return;
      while (i + 1 < len) {
        const n = text.charCodeAt(i + 1);
        if (n === 0x2c || n === 0x5d || n === 0x7d || n === 0x20 || n === 0x0a || n === 0x0d || n === 0x09 || n === 0x3a) break;
        i++;
      }
    }
  }
}
