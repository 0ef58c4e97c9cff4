/** One device's part of a campaign: model by model (model-run.ts), then the run's status. */
import type { RunStatus } from '../../shared/runs';
import { setDeviceState } from './progress';
import { runModel } from './model-run';
import type { ActiveCampaign, CampaignDeps, DeviceRun } from './state';

export interface DeviceRunResult {
  status: RunStatus;
  error: string | null;
}

export async function runDevice(deps: CampaignDeps, ac: ActiveCampaign, d: DeviceRun): Promise<DeviceRunResult> {
  const errors: string[] = [];
  let anyFailed = false;
  for (const m of deps.runs.runModels(d.runId)) {
    if (ac.controller.signal.aborted) break;
    const r = await runModel(deps, ac, d, m);
    if (r.error) errors.push(`${m.modelId}: ${r.error}`);
    if (r.error || r.status === 'failed' || r.status === 'partial') anyFailed = true;
    if (r.cancelled) break;
  }
  if (ac.controller.signal.aborted) {
    setDeviceState(deps.events, ac, d, 'cancelled', 'Cancelled');
    return { status: 'cancelled', error: 'Cancelled by the user.' };
  }
  const status = anyFailed ? (deps.runs.countResults(d.runId) > 0 ? 'partial' : 'failed') : 'done';
  setDeviceState(deps.events, ac, d, status, errors.join('; ') || 'Done');
  d.progress.modelId = null;
  return { status, error: errors.length ? errors.join('; ') : null };
}
