/**
 * One model on one device of a campaign: the model's (prompt, rep) cells not stored yet, measured (runs/measure)
 * session after session until they are all stored or the model fails. A lost phone, a pause under the battery
 * floor, or a phone gone during deploy/load is waited for and measuring goes on where it stopped.
 */
import { sleep } from '../../shared/kit/backoff';
import type { RunModelStatus } from '../../shared/runs';
import { measureModel, type MeasureJob } from '../runs/measure/measure-model';
import { cellKey, type RunModelRow } from '../runs/repository';
import { modelJobs } from './plan';
import { emitProgress, noteStored, setDeviceState } from './progress';
import { batteryFloor, type ActiveCampaign, type CampaignDeps, type DeviceRun } from './state';
import { batteryPct, waitBattery, waitOnline } from './waits';

export interface ModelRunResult {
  status: RunModelStatus;
  /** Why the model failed, or null. */
  error: string | null;
  cancelled: boolean;
}

/** One measuring session of the model over `jobs`; what is left and why it stopped. */
async function session(deps: CampaignDeps, ac: ActiveCampaign, d: DeviceRun, m: RunModelRow, jobs: MeasureJob[]) {
  const device = await waitOnline(deps, ac, d);
  await waitBattery(deps, ac, d);
  setDeviceState(deps.events, ac, d, 'measuring', `Measuring ${m.modelId}`);
  const floor = batteryFloor(ac.req);
  const { req } = ac;
  return measureModel(
    {
      bridge: deps.devices.bridge,
      store: deps.runs,
      home: deps.home,
      device,
      signal: ac.controller.signal,
      internals: { ...ac.internals, maxRestarts: 0 },
      emitResult: (r) => {
        deps.events.emit('runs.result', r);
        if (r.ok && r.totalMs !== null) ac.onDeviceMs += r.totalMs;
        ac.internals.onStored?.(d.serial, d.progress.done, r);
      },
      warn: (w) => deps.runs.addRunWarning(d.runId, `${m.modelId}: ${w}`),
      onLive: (live) => Object.assign(d.progress, { powerW: live.powerW, tokensPerSec: live.tokensPerSec, tempC: live.tempC }),
      onProgress: (phase, message, extra) => {
        d.progress.phase = phase;
        if (extra?.stored) return noteStored(deps.events, ac, d, m.modelId);
        if (phase !== 'prompts') d.lastStoredAt = null;
        d.progress.message = `${m.modelId}: ${message}`;
        if (!message.startsWith('Pushing')) emitProgress(deps.events, ac);
      },
    },
    {
      runId: d.runId,
      runModelId: m.id,
      modelId: m.modelId,
      method: d.method ?? 'odpm',
      sampleHz: req.sampleHz ?? 20,
      maxTokens: req.maxTokens ?? 64,
      idleBaselineMs: req.idleBaselineMs ?? 3000,
      cooldown: req.cooldown ?? { maxTempC: 40, timeoutMs: 120_000 },
      warmups: req.warmup ?? 1,
      recordWarmups: true,
      retryLostPrompts: true,
      jobs,
      beforePrompt: () => {
        const lvl = batteryPct(deps, d.serial);
        d.progress.batteryPct = lvl;
        return lvl !== null && lvl < floor.min ? 'stop' : 'go';
      },
    },
  );
}

export async function runModel(deps: CampaignDeps, ac: ActiveCampaign, d: DeviceRun, m: RunModelRow): Promise<ModelRunResult> {
  const { runs } = deps;
  const all = modelJobs(ac.items, ac.seed, ac.reps, m.position);
  const stored = runs.storedCells(m.id);
  let jobs = all.filter((j) => !stored.has(cellKey(j.item.id, j.rep ?? 0)));
  const finalStatus = (): RunModelStatus => (runs.failedResults(m.id) > 0 ? 'partial' : 'done');
  if (jobs.length === 0) {
    // Nothing left: a model measured in an earlier session keeps its status. 'partial' is read again from its
    // results: a lab killed after the model's last result was stored, before its status, left it 'partial'
    // (interrupted) with every cell stored.
    if (m.status === 'done' || m.status === 'failed') return { status: m.status, error: null, cancelled: false };
    const status = finalStatus();
    runs.setModelStatus(m.id, status, null);
    return { status, error: null, cancelled: false };
  }
  runs.setModelStatus(m.id, 'running', null);
  d.progress.modelId = m.modelId;
  let error: string | null = null;
  let cancelled = false;
  while (jobs.length > 0) {
    if (ac.controller.signal.aborted) {
      cancelled = true;
      break;
    }
    let outcome;
    try {
      outcome = await session(deps, ac, d, m, jobs);
    } catch (err) {
      if (!ac.controller.signal.aborted) throw err;
      cancelled = true;
      break;
    }
    if (outcome.modelWindow) runs.addModelWindow(m.id, outcome.modelWindow);
    jobs = outcome.remaining;
    if (outcome.stop === 'done') {
      if (jobs.length > 0) error = `${jobs.length} prompt(s) were not stored.`;
      break;
    }
    // A host file that could not be written (weights, the engine build) for want of space halts the whole campaign.
    if (outcome.stop === 'error' && outcome.error && /ENOSPC|no space left on device/i.test(outcome.error) && ac.noteFault(Object.assign(new Error(outcome.error), { code: 'ENOSPC' }))) {
      cancelled = true;
      break;
    }
    if (outcome.stop === 'cancelled') {
      cancelled = true;
      break;
    }
    if (outcome.stop === 'stopped' || outcome.stop === 'device-lost') continue;
    // A phone that went away during deploy/load/baseline is waited for; anything else fails the model.
    if (outcome.stop === 'error') {
      await sleep(1000);
      if (!(await deps.devices.answers(d.serial))) continue;
    }
    error = outcome.error ?? 'The model failed.';
    break;
  }
  const status: RunModelStatus = cancelled ? (runs.countResults(d.runId) > 0 && jobs.length < all.length ? 'partial' : 'pending') : error ? 'failed' : finalStatus();
  runs.setModelStatus(m.id, status, cancelled ? 'Cancelled by the user.' : error);
  if (error) runs.addRunWarning(d.runId, `${m.modelId} failed: ${error}`);
  return { status, error, cancelled };
}
