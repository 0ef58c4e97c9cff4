/**
 * Runs as the pages read them, on `useLabQuery`: one run, its prompt results (stored, then live), its power
 * timeline, a list, the model catalogue, the runs a comparison or a router profile can be made from, and the energy
 * of quick runs for the list. A run that ends while shown is read again.
 */
import { useMemo, useState } from 'react';
import { changesOnly } from '../lab/event-pacing';
import type { PromptResult, RunSummary } from '../../../shared/runs';
import { patchOn, refreshOn, useLabQuery, type RefreshSpec } from '../lab/useLabQuery';
import { loadRunEnergies, runsNeedingEnergy } from './run-energy';
import { runChoiceGroups } from './run-choices';
import { mergeResults } from './prompt-table';
import { isTerminalPhase } from './run-view';

/** Power timeline points asked for: enough for a long run's shape, small enough to draw at once. */
export const TIMELINE_POINTS = 4000;

function whenEnded(runId: string): RefreshSpec {
  return refreshOn('runs.progress', { when: (p) => p.runId === runId && isTerminalPhase(p.phase) });
}

export function useRun(runId: string) {
  return useLabQuery((lab) => lab.runs.get({ runId }), [runId], { refreshOn: whenEnded(runId) });
}

/** Stored results, with each one stored live since merged in (a reload never drops a live row). */
export function useRunResults(runId: string) {
  return useLabQuery<PromptResult[]>((lab) => lab.runs.results({ runId }), [runId], {
    merge: (live, stored) => mergeResults(live ?? [], stored),
    patchOn: patchOn<PromptResult[], 'runs.result'>('runs.result', (rows, r) => (r.runId === runId ? mergeResults(rows ?? [], [r]) : rows)),
    refreshOn: whenEnded(runId),
  });
}

export function usePowerTimeline(runId: string) {
  return useLabQuery((lab) => lab.runs.powerTimeline({ runId, maxPoints: TIMELINE_POINTS }), [runId], { refreshOn: whenEnded(runId) });
}

export function useModels() {
  return useLabQuery((lab) => lab.runs.models({}), []);
}

/** Finished campaigns with their runs, and quick runs, for the Compare and Build pickers. */
export function useRunChoices() {
  return useLabQuery(async (lab) => {
    const [campaigns, runs] = await Promise.all([lab.campaigns.list({ limit: 200 }), lab.runs.list({ limit: 500 })]);
    return runChoiceGroups(campaigns, runs);
  }, []);
}

/** Energy of finished quick runs, kept for the session (they never change). */
const energyCache = new Map<string, number | null>();

export function useRunEnergies(runs: readonly RunSummary[] | undefined): ReadonlyMap<string, number | null> {
  const todo = useMemo(() => (runs ? runsNeedingEnergy(runs, energyCache) : []), [runs]);
  const q = useLabQuery((lab) => loadRunEnergies(todo, (runId) => lab.runs.get({ runId }), energyCache), [todo], {
    enabled: todo.length > 0,
    keepPreviousData: true,
  });
  return q.data ?? energyCache;
}

/** How many of each kind the Runs list asks for. */
export const LIST_LIMIT = 500;

/**
 * Quick runs and campaigns for the Runs list, read again (at most once a second) when one starts or ends anywhere;
 * progress within a run does not change its row enough to reload for.
 */
export function useRunsAndCampaigns() {
  const [runsChanged] = useState(() => changesOnly<string, string>());
  const [campaignsChanged] = useState(() => changesOnly<string, string>());
  const onStartOrEnd = (changed: (id: string, state: string) => boolean): RefreshSpec[] => [
    refreshOn('runs.progress', { when: (p) => changed(p.runId, isTerminalPhase(p.phase) ? 'ended' : 'running'), throttleMs: 1000 }),
    refreshOn('campaigns.progress', { when: (p) => changed(p.campaignId, p.status), throttleMs: 1000 }),
  ];
  const runs = useLabQuery((lab) => lab.runs.list({ limit: LIST_LIMIT }), [], { keepPreviousData: true, refreshOn: onStartOrEnd(runsChanged) });
  const campaigns = useLabQuery((lab) => lab.campaigns.list({ limit: LIST_LIMIT }), [], {
    keepPreviousData: true,
    refreshOn: onStartOrEnd(campaignsChanged),
  });
  return { runs, campaigns, refetch: () => (runs.refetch(), campaigns.refetch()) };
}
