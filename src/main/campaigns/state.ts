/**
 * What a running campaign is made of, shared by its steps (start.ts, session.ts, device-run.ts, model-run.ts,
 * waits.ts, progress.ts): one ActiveCampaign per campaign this lab process runs, one DeviceRun per device.
 */
import type { z } from 'zod';
import type { CampaignDeviceProgress, CampaignStatus, campaignStartSchema } from '../../shared/api/campaigns';
import type { EnergyMethod, PromptResult } from '../../shared/runs';
import type { LabEventSink } from '../api/events';
import type { PromptItem } from '../datasets/types';
import type { DevicesService } from '../devices/service';
import type { MeasureInternals } from '../runs/measure/measure-model';
import type { RunRepository } from '../runs/repository';

export type CampaignRequest = z.output<typeof campaignStartSchema>;

/** Test and bench hooks (not part of the API). */
export interface CampaignInternals extends MeasureInternals {
  /** Heartbeat period (default 2 s) and how old a heartbeat may be before its campaign counts as orphaned (30 s). */
  heartbeatMs?: number;
  staleMs?: number;
  /** How long a device's part waits for a lost phone before giving up (default 30 min). */
  deviceWaitMs?: number;
  /** Minimum gap between progress events (default 250 ms). */
  progressThrottleMs?: number;
  /** Called after every stored result (tests: to unplug a phone mid-run). */
  onStored?: (serial: string, doneOnDevice: number, result: PromptResult) => void;
  /** Battery polling while paused under the floor (default 2 s). */
  batteryPollMs?: number;
}

/** What the campaign steps use of the rest of the lab. */
export interface CampaignDeps {
  runs: RunRepository;
  devices: DevicesService;
  events: LabEventSink;
  home: string;
}

/** One device's part of a running campaign: its run, its meter, and its progress. */
export interface DeviceRun {
  serial: string;
  runId: string;
  method: EnergyMethod | null;
  progress: CampaignDeviceProgress;
  /** Host ms between stored results (recent), for the ETA. */
  intervals: number[];
  lastStoredAt: number | null;
}

export interface ActiveCampaign {
  id: string;
  /** The session's fencing token: every write checks it is still the campaign's (fence.ts). */
  token: string;
  /** Halts the session if `err` is a full disk or a lost campaign (fence.ts); true when halted. */
  noteFault: (err: unknown) => boolean;
  controller: AbortController;
  req: CampaignRequest;
  items: PromptItem[];
  seed: string;
  reps: number;
  total: number;
  done: number;
  devices: DeviceRun[];
  status: CampaignStatus;
  message: string;
  lastEmit: number;
  emitTimer: NodeJS.Timeout | null;
  internals: CampaignInternals;
  /** Sum of on-device time (engine total_ms) of the results stored in this session, ms. */
  onDeviceMs: number;
}

export interface CampaignOutcome {
  campaignId: string;
  status: CampaignStatus;
  error: string | null;
  done: number;
  total: number;
  onDeviceMs: number;
}

/** The battery floor of a request: pause under `min` %, go on again at `resume` % (default min + 10). */
export function batteryFloor(req: CampaignRequest): { min: number; resume: number } {
  const min = req.batteryFloor?.minPct ?? 15;
  return { min, resume: Math.max(min, req.batteryFloor?.resumePct ?? Math.min(100, min + 10)) };
}
