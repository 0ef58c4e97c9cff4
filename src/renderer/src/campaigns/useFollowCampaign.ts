/**
 * The campaign the New campaign page follows: the one it started, or on opening one this lab is already running.
 * Progress comes from events; while it runs the stored state is read every few seconds as well, so a lost event
 * never leaves the page spinning.
 */
import { useState } from 'react';
import type { CampaignProgress } from '../../../shared/api/campaigns';
import { useLabQuery } from '../lab/useLabQuery';
import { campaignProgressView, type CampaignProgressView } from './campaign-progress';
import { useCampaignProgress } from './hooks';

const POLL_MS = 5000;

export interface FollowedCampaign {
  campaignId: string | null;
  follow: (campaignId: string) => void;
  progress: CampaignProgress | null;
  view: CampaignProgressView | null;
  running: boolean;
  /** It was already running when the page opened. */
  resumed: boolean;
}

export function useFollowCampaign(now: number): FollowedCampaign {
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [resumed, setResumed] = useState(false);
  const { progress, note } = useCampaignProgress();

  useLabQuery(
    async (lab) => {
      const [running] = await lab.campaigns.list({ status: 'running', limit: 1 });
      return running ? lab.campaigns.get({ campaignId: running.id }) : null;
    },
    [],
    {
      onData: (info) => {
        if (!info || info.ownedElsewhere) return;
        setCampaignId((cur) => cur ?? info.id);
        setResumed(true);
        if (info.progress) note(info.progress);
      },
    },
  );

  const shown = campaignId ? (progress[campaignId] ?? null) : null;
  const view = shown ? campaignProgressView(shown, now) : null;
  const running = campaignId !== null && (view === null || !view.finished);

  useLabQuery((lab) => lab.campaigns.get({ campaignId: campaignId ?? '' }), [campaignId], {
    enabled: running,
    pollMs: POLL_MS,
    onData: (info) => {
      if (info.id !== campaignId) return;
      if (info.progress) return note(info.progress);
      // No progress kept (the lab that ran it stopped): the stored state is newer than any event seen before.
      if (info.status !== 'running') {
        note({ campaignId: info.id, status: info.status, done: info.done, total: info.total, etaMs: null, devices: [], message: info.error ?? '', at: Date.now() });
      }
    },
  });

  return {
    campaignId,
    follow: (id) => {
      setCampaignId(id);
      setResumed(false);
    },
    progress: shown,
    view,
    running,
    resumed,
  };
}
