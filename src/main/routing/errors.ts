/** Errors from routing: a stable code and, for profile problems, the field path that is wrong. */
import type { z } from 'zod';

export type RoutingErrorCode =
  | 'profile-too-large'
  | 'profile-json'
  | 'profile-invalid'
  | 'profile-checksum'
  | 'matrix-invalid'
  | 'no-candidates'
  | 'dimension-mismatch'
  | 'cost-unavailable';

export interface FieldIssue {
  /** e.g. `models[3].error_rates[7]` (empty for the document itself). */
  path: string;
  message: string;
}

export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}

/** Path segments as `a.b[3]["odd key"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** A short, unambiguous rendering of a bad value for messages. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v;
}

export function invalid(code: RoutingErrorCode, what: string, issues: FieldIssue[]): RoutingError {
  const shown = issues.slice(0, 8).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 8 ? `; and ${issues.length - 8} more` : '';
  return new RoutingError(code, `${what}: ${shown.join('; ')}${more}`, issues);
}

/** Turns zod issues into field-path issues with readable messages. */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((iss) => {
    const path = formatPath([...prefix, ...iss.path]);
    let message = iss.message;
    if (iss.code === 'invalid_type') message = `expected ${iss.expected}, got ${showValue((iss as { input?: unknown }).input)}`;
    else if (iss.code === 'unrecognized_keys') message = `unknown field(s) ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    else if (iss.code === 'invalid_value') message = `expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${showValue((iss as { input?: unknown }).input)}`;
    return { path, message };
  });
}
