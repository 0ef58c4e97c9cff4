/**
 * A campaign followed live from `campaigns.progress`: overall counts and ETA, and per device its state, model,
 * counts, power, decode speed, temperature and battery. Pure, unit-tested in
 * test/unit/renderer/campaigns/campaign-progress.test.ts.
 */
import type { CampaignDeviceProgress, CampaignProgress, CampaignStatus } from '../../../shared/api/campaigns';
import { MISSING, formatInt, formatPercent, formatUnit, plural } from '../../../shared/format';
import { statusTone, type Tone } from '../ui/status';
import { etaText } from '../runs/run-view';
import { DEVICE_STATE_LABELS } from './campaign-status';

export interface DeviceProgressRow {
  serial: string;
  runId: string;
  state: string;
  tone: Tone;
  model: string;
  counts: string;
  percent: number;
  eta: string | null;
  power: string;
  tokens: string;
  temp: string;
  battery: string;
  message: string;
}

export interface CampaignProgressView {
  status: CampaignStatus;
  tone: Tone;
  percent: number;
  counts: string;
  eta: string | null;
  message: string;
  devices: DeviceProgressRow[];
  finished: boolean;
}

function pct(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.max(0, (100 * done) / total)) : 0;
}

export function deviceProgressRow(d: CampaignDeviceProgress, at: number, now: number): DeviceProgressRow {
  const active = d.state === 'measuring';
  return {
    serial: d.serial,
    runId: d.runId,
    state: DEVICE_STATE_LABELS[d.state] ?? d.state,
    tone: statusTone(d.state),
    model: d.modelId ?? MISSING,
    counts: `${formatInt(d.done)} / ${formatInt(d.total)}`,
    percent: pct(d.done, d.total),
    eta: active ? etaText(d.etaMs, at, now) : null,
    power: formatUnit(d.powerW, 2, 'W'),
    tokens: formatUnit(d.tokensPerSec, 1, 'tok/s'),
    temp: formatUnit(d.tempC, 1, '°C'),
    battery: d.batteryPct === null ? MISSING : formatPercent(d.batteryPct),
    message: d.message,
  };
}

export function campaignProgressView(p: CampaignProgress, now: number): CampaignProgressView {
  const finished = p.status !== 'running';
  return {
    status: p.status,
    tone: statusTone(p.status),
    percent: pct(p.done, p.total),
    counts: `${formatInt(p.done)} of ${plural(p.total, 'prompt result')}`,
    eta: finished ? null : etaText(p.etaMs, p.at, now),
    message: p.message,
    devices: p.devices.map((d) => deviceProgressRow(d, p.at, now)),
    finished,
  };
}

/** The newer of two progress snapshots of the same campaign. */
export function newerProgress(a: CampaignProgress | null, b: CampaignProgress): CampaignProgress {
  return a && a.campaignId === b.campaignId && a.at > b.at ? a : b;
}
