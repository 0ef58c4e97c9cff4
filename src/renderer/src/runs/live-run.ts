/**
 * One quick run followed live from `runs.progress` and `runs.result` events. The lab may emit the first events
 * before the start request has answered with the run id, so events are buffered until the id is known, then the
 * ones of that run are kept. Pure reducer functions (no DOM), unit-tested in test/unit/renderer/runs/live-run.test.ts.
 */
import type { PromptResult, RunProgress } from '../../../shared/runs';
import { mergeResults } from './prompt-table';

export interface LiveRun {
  runId: string | null;
  progress: RunProgress | null;
  results: PromptResult[];
  /** Events of this phone seen before the run id was known. */
  early: { progress: RunProgress[]; results: PromptResult[] };
}

/** Buffered events kept at most (a run's first events arrive within its first second). */
export const EARLY_LIMIT = 500;

export const EMPTY_LIVE: LiveRun = { runId: null, progress: null, results: [], early: { progress: [], results: [] } };

function newer(current: RunProgress | null, p: RunProgress): RunProgress {
  return current && current.at > p.at ? current : p;
}

export function liveOnProgress(s: LiveRun, p: RunProgress, serial: string): LiveRun {
  if (p.serial !== serial) return s;
  if (s.runId === null) {
    return { ...s, early: { ...s.early, progress: [...s.early.progress, p].slice(-EARLY_LIMIT) } };
  }
  if (p.runId !== s.runId) return s;
  return { ...s, progress: newer(s.progress, p) };
}

export function liveOnResult(s: LiveRun, r: PromptResult): LiveRun {
  if (s.runId === null) {
    return { ...s, early: { ...s.early, results: [...s.early.results, r].slice(-EARLY_LIMIT) } };
  }
  if (r.runId !== s.runId) return s;
  return { ...s, results: mergeResults(s.results, [r]) };
}

/** The run id is known: keep the buffered events of that run, drop the rest. */
export function liveAdopt(s: LiveRun, runId: string): LiveRun {
  let progress: RunProgress | null = s.runId === runId ? s.progress : null;
  for (const p of s.early.progress) if (p.runId === runId) progress = newer(progress, p);
  const results = mergeResults(
    s.runId === runId ? s.results : [],
    s.early.results.filter((r) => r.runId === runId),
  );
  return { runId, progress, results, early: { progress: [], results: [] } };
}

/** Results loaded with `runs.results` (a page opened mid-run) merged with the live ones. */
export function liveWithStored(s: LiveRun, stored: readonly PromptResult[]): LiveRun {
  if (s.runId === null) return s;
  return { ...s, results: mergeResults(stored.filter((r) => r.runId === s.runId), s.results) };
}
