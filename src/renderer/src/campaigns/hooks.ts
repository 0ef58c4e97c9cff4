/**
 * Campaigns as the pages read them, on `useLabQuery`: one campaign and its figures (read again when it ends, and
 * every few seconds while it runs), a list, the prompt sets, two campaigns side by side, and live progress.
 */
import { useState } from 'react';
import type { CampaignProgress } from '../../../shared/api/campaigns';
import { useLabEvent } from '../lab/useLabEvent';
import { refreshOn, useLabQuery, type RefreshSpec } from '../lab/useLabQuery';
import { newerProgress } from './campaign-progress';

/** Figures are read again at most this often while a campaign runs. */
const RUNNING_REFRESH_MS = 5000;

function whileRunning(campaignId: string): RefreshSpec[] {
  return [
    refreshOn('campaigns.progress', { when: (p) => p.campaignId === campaignId && p.status !== 'running' }),
    refreshOn('campaigns.progress', { when: (p) => p.campaignId === campaignId && p.status === 'running', throttleMs: RUNNING_REFRESH_MS }),
  ];
}

export function useCampaign(campaignId: string) {
  return useLabQuery((lab) => lab.campaigns.get({ campaignId }), [campaignId], { refreshOn: whileRunning(campaignId) });
}

/** Accuracy, distributions, heatmap, timelines and conditions (timelines downsampled to 2000 points). */
export function useCampaignDetail(campaignId: string) {
  return useLabQuery((lab) => lab.campaigns.detail({ campaignId, maxPoints: 2000 }), [campaignId], { refreshOn: whileRunning(campaignId) });
}

export function useCampaignList(limit = 200) {
  return useLabQuery((lab) => lab.campaigns.list({ limit }), [limit]);
}

export function useCampaignComparison(a: string, b: string) {
  return useLabQuery((lab) => lab.campaigns.compare({ a, b }), [a, b]);
}

/** The models and the prompt sets a campaign can be started with (one answer, one error). */
export function useCampaignChoices() {
  return useLabQuery(async (lab) => {
    const [models, datasets] = await Promise.all([lab.runs.models({}), lab.datasets.list({})]);
    return { models, datasets };
  }, []);
}

/** The newest progress of every campaign seen (events of all campaigns of this lab arrive here). */
export function useCampaignProgress(): {
  progress: Readonly<Record<string, CampaignProgress>>;
  note: (p: CampaignProgress) => void;
} {
  const [progress, setProgress] = useState<Readonly<Record<string, CampaignProgress>>>({});
  const note = (p: CampaignProgress) => setProgress((m) => ({ ...m, [p.campaignId]: newerProgress(m[p.campaignId] ?? null, p) }));
  useLabEvent('campaigns.progress', note);
  return { progress, note };
}

/** One campaign's newest progress, from events and from the progress its stored state carries. */
export function useOneCampaignProgress(campaignId: string, stored: CampaignProgress | null | undefined): CampaignProgress | null {
  const [live, setLive] = useState<CampaignProgress | null>(null);
  useLabEvent('campaigns.progress', (p) => {
    if (p.campaignId === campaignId) setLive((cur) => newerProgress(cur, p));
  });
  if (!stored) return live;
  return live ? newerProgress(stored, live) : stored;
}
