/**
 * What a campaign's status and a campaign device's state mean, in words, and when a campaign can be resumed.
 * Pure, unit-tested in test/unit/renderer/campaigns/campaign-progress.test.ts. Colours: ui/status.ts.
 */
import type { CampaignDeviceState, CampaignStatus } from '../../../shared/api/campaigns';

export function campaignStatusHelp(s: CampaignStatus): string {
  switch (s) {
    case 'running':
      return 'Measuring now.';
    case 'done':
      return 'Every planned prompt ran on every device and was stored.';
    case 'partial':
      return 'Some prompts failed or were not run; resume runs only the missing ones.';
    case 'failed':
      return 'Stopped with an error; what was stored stays, and resume continues from there.';
    case 'cancelled':
      return 'Cancelled by the user; resume continues where it stopped.';
    case 'interrupted':
      return 'The lab process running it stopped (closed or killed); resume continues exactly where it stopped.';
  }
}

/** Resume is offered for campaigns that stopped before finishing, when no other lab process is running them. */
export function canResume(s: CampaignStatus, ownedElsewhere: boolean): boolean {
  return !ownedElsewhere && (s === 'interrupted' || s === 'cancelled' || s === 'partial' || s === 'failed');
}

export const DEVICE_STATE_LABELS: Record<CampaignDeviceState, string> = {
  pending: 'waiting to start',
  measuring: 'measuring',
  'waiting-device': 'paused: device offline',
  'battery-low': 'paused: battery low',
  done: 'done',
  partial: 'partial',
  failed: 'failed',
  cancelled: 'cancelled',
};
