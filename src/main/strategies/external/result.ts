/**
 * What an external strategy (a router program, a picks file) gives back: the same Strategy objects every other
 * strategy produces (one per preference, picks as model indexes, NO_PICK where it gave none), so wiring it into the
 * comparison is one registry entry. What went wrong is kept per prompt and summed up:
 * - nothing answered: the strategy is `unavailable` with the reason;
 * - part answered: `meta.incomplete` = { answered, failed, reasons }, and what was answered is scored as usual.
 */
import type { RouterSweep, Strategy } from '../strategies';
import { NO_PICK } from '../strategies';

export type ExternalPromptStatus = 'ok' | 'timeout' | 'crashed' | 'invalid-reply' | 'wrong-id' | 'unknown-model' | 'not-sent' | 'missing';

export const EXTERNAL_STATUSES: readonly ExternalPromptStatus[] = ['ok', 'timeout', 'crashed', 'invalid-reply', 'wrong-id', 'unknown-model', 'not-sent', 'missing'];

export interface ExternalPromptResult {
  promptId: string;
  /** null for a picks file without preferences. */
  preference: number | null;
  status: ExternalPromptStatus;
  model: string | null;
  error?: string;
}

export interface Incomplete {
  answered: number;
  failed: number;
  counts: Partial<Record<ExternalPromptStatus, number>>;
  /** Distinct reasons, most frequent first (at most 10), with how many prompts each. */
  reasons: Array<{ reason: string; prompts: number }>;
}

export interface ExternalStrategyResult {
  source: 'router-cmd' | 'picks-file';
  name: string;
  /** One per preference in ascending order (`name@0.50`), or one named `name` (picks file without preferences). */
  strategies: Strategy[];
  /** The strategies as a preference sweep (for quality-cost curves) when there are two or more preferences. */
  sweep: RouterSweep | null;
  complete: boolean;
  counts: Record<ExternalPromptStatus, number>;
  /** Over every strategy; null when complete. */
  incomplete: Incomplete | null;
  /** Set when no prompt got a pick: the reason (every strategy carries it too). */
  unavailable: { reason: string } | null;
  perPrompt: ExternalPromptResult[];
  notes: string[];
}

export function emptyCounts(): Record<ExternalPromptStatus, number> {
  return Object.fromEntries(EXTERNAL_STATUSES.map((s) => [s, 0])) as Record<ExternalPromptStatus, number>;
}

export function summarize(results: readonly ExternalPromptResult[]): { counts: Record<ExternalPromptStatus, number>; incomplete: Incomplete | null } {
  const counts = emptyCounts();
  const reasons = new Map<string, number>();
  for (const r of results) {
    counts[r.status]++;
    if (r.status !== 'ok') {
      const why = `${r.status}: ${r.error ?? r.status}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
  const failed = results.length - counts.ok;
  if (failed === 0) return { counts, incomplete: null };
  const nonZero: Partial<Record<ExternalPromptStatus, number>> = {};
  for (const s of EXTERNAL_STATUSES) if (s !== 'ok' && counts[s] > 0) nonZero[s] = counts[s];
  return {
    counts,
    incomplete: {
      answered: counts.ok,
      failed,
      counts: nonZero,
      reasons: [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([reason, prompts]) => ({ reason, prompts })),
    },
  };
}

/** "12 of 100 prompts without a pick (timeout 7, crashed 5)". */
export function incompleteText(inc: Incomplete, total: number): string {
  const parts = Object.entries(inc.counts).map(([k, v]) => `${k} ${v}`);
  return `${inc.failed} of ${total} prompts without a pick (${parts.join(', ')})`;
}

export interface BuildInput {
  source: ExternalStrategyResult['source'];
  name: string;
  nPrompts: number;
  /** Ascending; [null] for a picks file without preferences. */
  preferences: ReadonlyArray<number | null>;
  /** Per preference (same order): model index per prompt, NO_PICK where none. */
  picks: Int32Array[];
  perPrompt: ExternalPromptResult[];
  /** Why nothing could be answered, when that is known better than from the per-prompt reasons (spawn failure). */
  fatal?: string | null;
  meta?: Record<string, unknown>;
  notes?: string[];
}

export function buildResult(input: BuildInput): ExternalStrategyResult {
  const { counts, incomplete } = summarize(input.perPrompt);
  const answeredAny = counts.ok > 0;
  // The first failure is the root cause (a hang's first timeout, not the not-sent prompts after it).
  const first = input.perPrompt.find((r) => r.status !== 'ok');
  const why = first ? ` (${first.status}: ${first.error ?? first.status}${incomplete ? `; ${Object.entries(incomplete.counts).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''})` : '';
  const unavailable = input.fatal ? { reason: input.fatal } : !answeredAny && input.nPrompts > 0 ? { reason: `${input.name}: no prompt got a pick${why}` } : null;
  const strategies: Strategy[] = input.preferences.map((pref, k) => {
    const own = input.perPrompt.filter((r) => r.preference === pref);
    const mine = summarize(own);
    const name = pref === null ? input.name : `${input.name}@${pref.toFixed(2)}`;
    const picks = unavailable ? new Int32Array(input.nPrompts).fill(NO_PICK) : (input.picks[k] as Int32Array);
    const meta: Record<string, unknown> = { ...input.meta, source: input.source, preference: pref };
    if (mine.incomplete) meta.incomplete = mine.incomplete;
    const s: Strategy = { name, kind: 'picks', picks, meta };
    if (unavailable) s.unavailable = unavailable;
    return s;
  });
  const prefs = input.preferences.filter((p): p is number => p !== null);
  const sweep: RouterSweep | null =
    prefs.length >= 2 && prefs.length === input.preferences.length ? { name: input.name, preferences: Float64Array.from(prefs), strategies } : null;
  return {
    source: input.source,
    name: input.name,
    strategies,
    sweep,
    complete: incomplete === null,
    counts,
    incomplete,
    unavailable,
    perPrompt: input.perPrompt,
    notes: input.notes ?? [],
  };
}
