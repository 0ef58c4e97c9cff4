/**
 * Starting a campaign: everything that can be refused is checked first, each refusal naming the request field
 * (`models.1: Unknown model...`, `devices.0: ... is offline`, `n: Asked for...`, `dataset: file:line: ...`); then
 * the plan is stored (the sampled prompts, the seed, the fingerprints) with one run per device and its models
 * 'pending', so the plan is visible before anything runs.
 */
import { randomUUID } from 'node:crypto';
import type { DeviceFacts, DeviceStatus } from '../../shared/devices';
import type { EnergyMethod } from '../../shared/runs';
import { badField, LabError } from '../api/lab-error';
import type { CallerKind } from '../../shared/contract';
import { fingerprintSelection, FINGERPRINT_VERSION } from '../datasets/fingerprint';
import { PROMPT_TEMPLATE_VERSION } from '../datasets/prompt-builder';
import { sampleStratified } from '../datasets/sampling';
import { itemsOfSubjects, unknownSubject } from '../datasets/subjects';
import type { DatasetsService } from '../datasets/service';
import type { PromptItem } from '../datasets/types';
import { errorMessage } from '../devices/errors';
import { sh } from '../devices/shell-command';
import { readStatus } from '../devices/status';
import type { DeviceBridge } from '../devices/types';
import { chooseEnergyMethod, isCharging } from '../power/conditions';
import { RunnerError } from '../runner/errors';
import { checkKnownModels, checkModelsFor } from '../runner/model-check';
import { chargingState } from '../runs/quick-run';
import type { CampaignRepository, Owner } from './repository';
import type { CampaignDeps, CampaignInternals, CampaignRequest } from './state';

interface CheckedDevice {
  serial: string;
  facts: DeviceFacts;
  model: string | null;
  status: DeviceStatus;
  method: EnergyMethod;
}

/** `dumpsys power`: "Display Power: state=ON" or "mWakefulness=Awake"; null when the phone does not say. */
async function readScreenState(bridge: DeviceBridge, serial: string): Promise<string | null> {
  try {
    const text = (await bridge.shell(serial, sh('dumpsys', 'power'), { timeoutMs: 5000 })).stdout.toString('utf8');
    const display = /Display Power: state=(\w+)/.exec(text);
    if (display) return display[1]!.toLowerCase() === 'on' ? 'on' : 'off';
    const wake = /mWakefulness=(\w+)/.exec(text);
    if (wake) return wake[1]!.toLowerCase() === 'awake' ? 'on' : 'off';
    return null;
  } catch {
    return null;
  }
}

/** Every device online and able to run every model, each with its energy method. */
async function checkDevices(deps: CampaignDeps, req: CampaignRequest, internals: CampaignInternals): Promise<CheckedDevice[]> {
  const modelCheck = { home: deps.home, field: (i: number) => `models.${i}`, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) };
  checkKnownModels(req.models, modelCheck);
  const out: CheckedDevice[] = [];
  for (const [i, serial] of req.devices.entries()) {
    const field = `devices.${i}`;
    const d = await deps.devices.online(serial, { field });
    try {
      checkModelsFor(d.facts, serial, req.models, modelCheck);
      const status = await readStatus(deps.devices.bridge, serial);
      const method = chooseEnergyMethod(d.facts, isCharging(status), req.energyMethod ?? 'auto', false);
      out.push({ ...d, status, method });
    } catch (err) {
      if (err instanceof LabError) throw err;
      const code = err instanceof RunnerError && err.code === 'cactus-unsupported' ? 'bad-request' : 'unavailable';
      throw new LabError(code, `${field}: ${errorMessage(err)}`, [{ path: field, message: errorMessage(err) }]);
    }
  }
  return out;
}

export interface StartedCampaign {
  campaignId: string;
  runIds: string[];
  total: number;
  items: PromptItem[];
  seed: string;
  reps: number;
}

/** Checks the request, stores the plan and the runs; nothing is measured yet. */
export async function createCampaign(
  deps: CampaignDeps & { datasets: DatasetsService; campaigns: CampaignRepository; owner: Owner; token: string; caller: CallerKind },
  req: CampaignRequest,
  internals: CampaignInternals,
): Promise<StartedCampaign> {
  const devices = await checkDevices(deps, req, internals);
  const set = await deps.datasets.load(req.dataset, { download: req.download ?? true, caller: deps.caller });
  const unknown = req.subjects ? unknownSubject(set.items, req.subjects, set.name) : null;
  if (unknown) throw badField(`subjects.${unknown.index}`, unknown.message);
  const pool = req.subjects ? itemsOfSubjects(set.items, req.subjects) : set.items;
  const of = req.subjects ? `the ${req.subjects.length === 1 ? 'chosen subject' : `${req.subjects.length} chosen subjects`} of ${set.name} ${req.subjects.length === 1 ? 'has' : 'have'}` : `${set.name} has`;
  if (req.n > pool.length) throw badField('n', `Asked for ${req.n} prompts but ${of} only ${pool.length}: ask for at most ${pool.length}.`);
  const seed = req.seed ?? randomUUID().slice(0, 8);
  const reps = req.reps ?? 1;
  const warmup = req.warmup ?? 1;
  const items = sampleStratified(pool, req.n, seed);
  const fp = fingerprintSelection(set, items);
  const total = devices.length * req.models.length * items.length * reps;
  const campaignId = randomUUID();
  deps.campaigns.create(
    {
      id: campaignId,
      dataset: req.dataset,
      setName: set.name,
      setFingerprint: fp.setFingerprint,
      selectionFingerprint: fp.selectionFingerprint,
      fingerprintVersion: FINGERPRINT_VERSION,
      promptTemplateVersion: PROMPT_TEMPLATE_VERSION,
      setSize: set.items.length,
      n: items.length,
      reps,
      seed,
      warmup,
      serials: req.devices,
      modelIds: req.models,
      options: { ...req, seed, reps, warmup },
      total,
      simulated: devices.some((d) => d.facts.virtual),
      items,
    },
    deps.owner,
    deps.token,
  );
  const runIds: string[] = [];
  for (const d of devices) {
    const runId = randomUUID();
    deps.runs.createRun({
      id: runId,
      kind: 'campaign',
      campaignId,
      serial: d.serial,
      deviceModel: d.facts.model || d.model,
      fingerprint: d.facts.fingerprint || null,
      androidRelease: d.facts.androidRelease || null,
      sdk: d.facts.sdk,
      modelIds: req.models,
      energyMethod: d.method,
      sampleHz: d.method === 'odpm' ? 1000 / (internals.odpmIntervalMs ?? 200) : (req.sampleHz ?? 20),
      chargingState: chargingState(d.status),
      screenState: await readScreenState(deps.devices.bridge, d.serial),
      batteryLevel: d.status.batteryLevel,
      tempStartC: d.status.skinTempC ?? d.status.batteryTempC,
      thermalStatusStart: d.status.thermalStatus,
      simulated: d.facts.virtual,
      options: { campaignId },
    });
    deps.runs.createRunModels(runId, req.models, d.facts.virtual, 'pending');
    runIds.push(runId);
  }
  return { campaignId, runIds, total, items, seed, reps };
}
