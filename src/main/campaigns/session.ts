/**
 * One session of a campaign (its start, or a resume) in this lab process: every device's part in parallel
 * (device-run.ts), then the campaign's status, its error naming the devices that failed, and the session stored.
 */
import type { CampaignStatus } from '../../shared/api/campaigns';
import type { RunStatus } from '../../shared/runs';
import { errorMessage } from '../devices/errors';
import { runDevice } from './device-run';
import { emitProgress } from './progress';
import type { SessionGuard } from './fence';
import type { CampaignRepository } from './repository';
import type { ActiveCampaign, CampaignDeps, CampaignInternals, CampaignOutcome, CampaignRequest, DeviceRun } from './state';

export interface SessionPlan {
  id: string;
  req: CampaignRequest;
  items: ActiveCampaign['items'];
  seed: string;
  reps: number;
  total: number;
  /** Results stored before this session. */
  done: number;
  internals: CampaignInternals;
  /** The session's fencing token (ownership.ts). */
  token: string;
}

/** The campaign's state at the start of a session, its devices from its runs. */
export function activeCampaign(deps: CampaignDeps, plan: SessionPlan): ActiveCampaign {
  const runs = deps.runs.campaignRuns(plan.id);
  const devices: DeviceRun[] = runs.map((r) => ({
    serial: r.serial,
    runId: r.id,
    method: r.energyMethod,
    intervals: [],
    lastStoredAt: null,
    progress: {
      serial: r.serial,
      runId: r.id,
      state: 'pending',
      phase: null,
      modelId: null,
      done: deps.runs.countResults(r.id),
      total: plan.total / Math.max(1, runs.length),
      etaMs: null,
      message: 'Waiting to start',
      powerW: null,
      tokensPerSec: null,
      tempC: null,
      batteryPct: null,
    },
  }));
  const { id, req, items, seed, reps, total, done, internals, token } = plan;
  return { id, token, noteFault: () => false, controller: new AbortController(), req, items, seed, reps, total, done, devices, status: 'running', message: 'Starting', lastEmit: 0, emitTimer: null, internals, onDeviceMs: 0 };
}

function campaignStatus(ac: ActiveCampaign, statuses: RunStatus[], stored: number): CampaignStatus {
  if (ac.controller.signal.aborted) return 'cancelled';
  if (statuses.every((s) => s === 'done')) return 'done';
  return statuses.every((s) => s === 'failed') && stored === 0 ? 'failed' : 'partial';
}

/**
 * Runs the session to its end (never rejects). A halted session (ownership lost, disk full: fence.ts) ends
 * 'interrupted' with the cause as its message; it writes nothing more, except, on a full disk, the campaign's
 * status if that still fits.
 */
export async function runSession(deps: CampaignDeps, campaigns: CampaignRepository, ac: ActiveCampaign, guard: SessionGuard): Promise<CampaignOutcome> {
  let error: string | null = null;
  try {
    const outcomes = await Promise.all(
      ac.devices.map((d) =>
        runDevice(deps, ac, d).catch((err: unknown) => {
          guard.note(err);
          d.progress.state = 'failed';
          d.progress.message = errorMessage(err);
          return { status: 'failed' as const, error: errorMessage(err) };
        }),
      ),
    );
    if (!guard.halted) {
      outcomes.forEach((o, i) => deps.runs.setStatus(ac.devices[i]!.runId, o.status, o.error));
      const stored = ac.devices.reduce((n, d) => n + deps.runs.countResults(d.runId), 0);
      ac.status = campaignStatus(ac, outcomes.map((o) => o.status), stored);
      // Each error with the serial of the device it happened on.
      const errors = outcomes.flatMap((o, i) => (o.error ? [`${ac.devices[i]!.serial}: ${o.error}`] : []));
      error = ac.status === 'cancelled' ? 'Cancelled by the user.' : errors.length ? errors.join('; ') : null;
    }
  } catch (err) {
    if (!guard.note(err)) {
      ac.status = 'failed';
      error = errorMessage(err);
    }
  }
  if (!guard.halted) {
    try {
      guard.write(() => campaigns.finish(ac.id, ac.status, error));
    } catch {
      /* the database is closing, or the session just halted (below) */
    }
  }
  const halt = guard.halted;
  if (halt) {
    ac.status = 'interrupted';
    error = halt.message;
    // Lost: the new owner's row is not ours to touch. Full: the status may still fit (an update of an existing row).
    if (halt.kind === 'disk-full') {
      try {
        campaigns.fenced(ac.id, ac.token, () => campaigns.interrupt(ac.id, halt.message));
      } catch {
        /* it stays 'running' under this dead process: the next start or resume marks it interrupted */
      }
    }
  }
  ac.message = error ?? 'Done';
  emitProgress(deps.events, ac, true);
  return { campaignId: ac.id, status: ac.status, error, done: ac.done, total: ac.total, onDeviceMs: ac.onDeviceMs };
}
