/**
 * Start a campaign (the Profile button): devices × models × a sampled prompt set × repetitions, each device's part a
 * run of its own; then follow it live, or follow the one this lab is already running.
 */
import { useState } from 'react';
import type { ShownError } from '../lab/errors';
import { describeError } from '../lab/errors';
import { getLab } from '../lab/client';
import { useLabAction } from '../lab/useLabAction';
import { useDevices } from '../devices/hooks';
import { useNow } from '../ui/useNow';
import type { CampaignStartRequest } from './campaign-form';
import { CampaignForm } from './CampaignForm';
import { CampaignProgressPanel } from './CampaignProgressPanel';
import { useCampaignChoices } from './hooks';
import { useFollowCampaign } from './useFollowCampaign';
import './campaigns.css';

export function NewCampaignPage() {
  const now = useNow();
  const { devices, error: devicesError } = useDevices();
  const choices = useCampaignChoices();
  const followed = useFollowCampaign(now);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const cancel = useLabAction<'cancel'>();

  async function start(request: CampaignStartRequest) {
    setStartError(null);
    cancel.setMessage(null);
    setStarting(true);
    try {
      const res = await getLab().campaigns.start(request);
      followed.follow(res.campaignId);
    } catch (err) {
      setStartError(describeError(err));
    } finally {
      setStarting(false);
    }
  }

  const campaignId = followed.campaignId;
  const onCancel = () => {
    if (!campaignId) return;
    void cancel.run(
      'cancel',
      async (lab) => {
        const res = await lab.campaigns.cancel({ campaignId });
        return res.cancelled
          ? { kind: 'ok', text: 'Cancel requested: every device stops after the prompt in flight. The campaign can be resumed later.' }
          : { kind: 'error', text: 'This lab is not running it any more.' };
      },
      'Cancel failed',
    );
  };

  return (
    <div className="page" data-testid="new-campaign-page">
      <div className="page-header">
        <h1 data-testid="page-heading">New campaign</h1>
        <span className="muted">models × phones over a prompt set, scored, with latency and energy per prompt</span>
      </div>
      <CampaignForm
        devices={devices}
        devicesError={devicesError}
        choices={choices}
        busy={starting || followed.running}
        starting={starting}
        running={followed.running}
        startError={startError}
        onStart={(r) => void start(r)}
      />
      {campaignId ? <CampaignProgressPanel followed={{ ...followed, campaignId }} onCancel={onCancel} cancelMessage={cancel.message} /> : null}
    </div>
  );
}
