/**
 * A campaign's progress: per device state, done/total, live readings and an ETA from each device's recent pace;
 * sent as `campaigns.progress` on every state change and at most every `progressThrottleMs` otherwise.
 */
import type { CampaignDeviceState, CampaignProgress } from '../../shared/api/campaigns';
import { mean } from '../../shared/kit/stats';
import type { LabEventSink } from '../api/events';
import type { ActiveCampaign, DeviceRun } from './state';

const FINISHED: readonly CampaignDeviceState[] = ['done', 'partial', 'failed', 'cancelled'];

export function progressOf(ac: ActiveCampaign): CampaignProgress {
  for (const d of ac.devices) {
    const avg = mean(d.intervals);
    d.progress.etaMs = FINISHED.includes(d.progress.state) ? 0 : avg === null ? null : Math.round(avg * Math.max(0, d.progress.total - d.progress.done));
  }
  const etas = ac.devices.map((d) => d.progress.etaMs);
  const eta = ac.status !== 'running' ? 0 : etas.some((e) => e === null) && ac.done < ac.total ? null : Math.max(0, ...etas.map((e) => e ?? 0));
  return { campaignId: ac.id, status: ac.status, done: ac.done, total: ac.total, etaMs: eta, devices: ac.devices.map((d) => ({ ...d.progress })), message: ac.message, at: Date.now() };
}

/** Sends the progress now (`force`) or within the throttle gap. */
export function emitProgress(events: LabEventSink, ac: ActiveCampaign, force = false): void {
  const gap = ac.internals.progressThrottleMs ?? 250;
  const now = Date.now();
  if (!force && now - ac.lastEmit < gap) {
    ac.emitTimer ??= setTimeout(() => {
      ac.emitTimer = null;
      emitProgress(events, ac, true);
    }, gap - (now - ac.lastEmit));
    return;
  }
  if (ac.emitTimer) {
    clearTimeout(ac.emitTimer);
    ac.emitTimer = null;
  }
  ac.lastEmit = now;
  events.emit('campaigns.progress', progressOf(ac));
}

/** A device's new state (sent at once when it changed); live readings clear outside measuring. */
export function setDeviceState(events: LabEventSink, ac: ActiveCampaign, d: DeviceRun, state: CampaignDeviceState, message: string): void {
  const changed = d.progress.state !== state;
  d.progress.state = state;
  d.progress.message = message;
  if (state !== 'measuring') {
    d.progress.powerW = null;
    d.progress.tokensPerSec = null;
  }
  emitProgress(events, ac, changed);
}

/** A result was stored on device `d`: counts and the pace behind the ETA. */
export function noteStored(events: LabEventSink, ac: ActiveCampaign, d: DeviceRun, modelId: string): void {
  d.progress.done++;
  ac.done++;
  const now = Date.now();
  if (d.lastStoredAt !== null) {
    d.intervals.push(now - d.lastStoredAt);
    if (d.intervals.length > 50) d.intervals.shift();
  }
  d.lastStoredAt = now;
  d.progress.message = `${modelId}: ${d.progress.done}/${d.progress.total}`;
  emitProgress(events, ac);
}
