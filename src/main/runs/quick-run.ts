/**
 * A quick run: one model on one phone over the prompts given, measured prompt by prompt (runs/measure): the
 * conditions are checked first (they decide the energy method, and a charging phone is refused for the fuel
 * gauge), the run is stored, and the model measured. The runner crashing mid-prompt is recorded and the runner
 * restarted for the remaining prompts; a phone that goes away ends the run with what was stored kept.
 */
import type { z } from 'zod';
import type { quickRunSchema } from '../../shared/contract';
import type { DeviceFacts, DeviceStatus } from '../../shared/devices';
import type { EnergyMethod, PromptInput, PromptResult, RunPhase, RunProgress, RunStatus } from '../../shared/runs';
import type { PromptItem } from '../datasets/types';
import { errorMessage } from '../devices/errors';
import { readStatus } from '../devices/status';
import type { DeviceBridge } from '../devices/types';
import { chooseEnergyMethod, isCharging, isPixel, suspendChargingInput, waitNotCharging } from '../power/conditions';
import { buildForDevice } from '../runner/artifacts';
import { measureModel, type MeasureInternals, type MeasureOutcome, type MeasureStop } from './measure/measure-model';
import type { RunRepository } from './repository';

export type QuickRunRequest = z.output<typeof quickRunSchema>;

/** Test and bench hooks that are not part of the API (see MeasureInternals). */
export type QuickRunInternals = MeasureInternals;
export interface QuickRunContext {
  bridge: DeviceBridge;
  store: RunRepository;
  home: string;
  device: { serial: string; facts: DeviceFacts; model: string | null };
  emitProgress: (p: RunProgress) => void;
  emitResult: (r: PromptResult) => void;
  signal?: AbortSignal;
  internals?: QuickRunInternals;
  /** Conditions already checked by the caller (the API refuses a charging phone before answering). */
  preflight?: Preflight;
}

export interface Preflight {
  status: DeviceStatus;
  charging: boolean;
  canSuspend: boolean;
  method: EnergyMethod;
}

/**
 * What can be refused before a run exists: a CPU Cactus cannot use, a missing runner build for the ABI, a charging
 * phone for the fuel gauge, no energy source at all.
 */
export async function preflight(bridge: DeviceBridge, facts: DeviceFacts, serial: string, req: Pick<QuickRunRequest, 'suspendCharging' | 'energyMethod'>): Promise<Preflight> {
  buildForDevice(facts);
  const status = await readStatus(bridge, serial);
  const charging = isCharging(status);
  const canSuspend = req.suspendCharging === true && isPixel(facts);
  const method = chooseEnergyMethod(facts, charging, req.energyMethod ?? 'auto', canSuspend);
  return { status, charging, canSuspend, method };
}

export interface QuickRunOutcome {
  runId: string;
  status: RunStatus;
  error: string | null;
  results: PromptResult[];
  method: EnergyMethod;
  /** Boot-clock window of each model's measured prompts, for comparisons against ground truth. */
  modelWindow: { from: number; to: number; energyJ: number | null } | null;
  idleBaselineW: number | null;
  calibrationId: number | null;
  runModelId: number;
  warnings: string[];
}

function toItem(p: PromptInput, index: number): PromptItem {
  return {
    id: p.id ?? `prompt-${index + 1}`,
    subject: p.subject ?? 'custom',
    question: p.text,
    choices: p.choices ?? null,
    answer: p.answer ?? null,
    source: { file: 'request', line: index + 1 },
  };
}

/** The charging state a run records: `charging:usb`, `discharging`, ... */
export function chargingState(s: DeviceStatus): string {
  if (s.chargingSource) return `charging:${s.chargingSource}`;
  return s.batteryStatus;
}

export async function runQuickRun(ctx: QuickRunContext, req: QuickRunRequest, runId: string): Promise<QuickRunOutcome> {
  const { bridge, store, device } = ctx;
  const { serial, facts } = device;
  const internals = ctx.internals ?? {};
  const simulated = facts.virtual;
  const sampleHz = req.sampleHz ?? 20;
  const total = req.prompts.length;
  const warnings: string[] = [];
  const startedAt = Date.now();
  let done = 0;
  let phase: RunPhase = 'preparing';
  const promptWallMs: number[] = [];
  let lastStored = Date.now();
  const progress = (message: string, extra: Partial<RunProgress> = {}) => {
    const avg = promptWallMs.length ? promptWallMs.reduce((a, b) => a + b, 0) / promptWallMs.length : null;
    ctx.emitProgress({ runId, serial, phase, done, total, etaMs: avg === null ? null : Math.round(avg * (total - done)), message, modelId: req.model, at: Date.now(), ...extra });
  };
  const warn = (w: string) => {
    warnings.push(w);
    store.addRunWarning(runId, w);
  };

  // Conditions first: they decide the method and whether to measure at all.
  const { status, charging, canSuspend, method } = ctx.preflight ?? (await preflight(bridge, facts, serial, req));

  store.createRun({
    id: runId,
    kind: 'quick',
    serial,
    deviceModel: facts.model || device.model,
    fingerprint: facts.fingerprint || null,
    androidRelease: facts.androidRelease || null,
    sdk: facts.sdk,
    modelIds: [req.model],
    energyMethod: method,
    sampleHz: method === 'odpm' ? 1000 / (internals.odpmIntervalMs ?? 200) : sampleHz,
    chargingState: chargingState(status),
    screenState: null,
    batteryLevel: status.batteryLevel,
    tempStartC: status.skinTempC ?? status.batteryTempC,
    thermalStatusStart: status.thermalStatus,
    simulated,
    options: { ...req, prompts: undefined, promptCount: total },
  });
  const runModelId = store.createRunModels(runId, [req.model], simulated, 'running')[0]!;
  if (req.suspendCharging && !isPixel(facts)) warn('Suspending charging (power.battery_input.suspended) is a Pixel feature; ignored on this phone.');

  let restoreCharging: (() => Promise<void>) | null = null;
  let outcome: MeasureOutcome | null = null;
  let runStatus: RunStatus = 'done';
  let runError: string | null = null;
  try {
    if (charging && canSuspend && method !== 'odpm') {
      phase = 'preparing';
      progress('Suspending charging (setprop power.battery_input.suspended true)');
      restoreCharging = await suspendChargingInput(bridge, serial);
      await waitNotCharging(bridge, serial);
      store.updateRun(runId, { chargingState: 'input-suspended' });
    }
    outcome = await measureModel(
      {
        bridge,
        store,
        home: ctx.home,
        device,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        internals,
        emitResult: ctx.emitResult,
        warn,
        onProgress: (ph, message, extra) => {
          phase = ph;
          if (extra?.stored) {
            done++;
            promptWallMs.push(Date.now() - lastStored);
            lastStored = Date.now();
            const { stored: _s, ...rest } = extra;
            progress(`Prompt ${done} of ${total} stored`, rest);
            return;
          }
          if (ph === 'prompts' && done === 0) lastStored = Date.now();
          progress(message, extra ?? {});
        },
      },
      {
        runId,
        runModelId,
        modelId: req.model,
        method,
        sampleHz,
        maxTokens: req.maxTokens ?? 256,
        idleBaselineMs: req.idleBaselineMs ?? 3000,
        cooldown: req.cooldown ?? { maxTempC: 40, timeoutMs: 120_000 },
        warmups: req.warmup !== false ? 1 : 0,
        jobs: req.prompts.map((p, i) => ({ position: i, item: toItem(p, i), rep: null })),
      },
    );
    const map: Record<MeasureStop, RunStatus> = { done: 'done', cancelled: 'cancelled', 'device-lost': 'failed', 'runner-failed': 'partial', error: 'failed', stopped: 'partial' };
    runStatus = map[outcome.stop];
    runError = outcome.error;
  } catch (err) {
    runStatus = err instanceof Error && err.name === 'AbortError' ? 'cancelled' : 'failed';
    runError = runStatus === 'cancelled' ? 'Cancelled by the user.' : errorMessage(err);
  } finally {
    if (restoreCharging) await restoreCharging();
  }

  const results = outcome?.results ?? [];
  const modelWindow = outcome?.modelWindow ?? null;
  if (modelWindow) store.updateRunModel(runModelId, { energyJ: modelWindow.energyJ, tFirstMs: modelWindow.from, tLastMs: modelWindow.to });
  if (runStatus === 'done' && results.some((r) => !r.ok)) runStatus = 'partial';
  if (runStatus === 'done' && results.length < total) runStatus = 'partial';
  store.updateRunModel(runModelId, {
    status: runStatus === 'done' ? 'done' : runStatus === 'partial' || (runStatus === 'failed' && results.length > 0) ? 'partial' : 'failed',
    error: runError,
    warnings,
    finished: true,
  });
  store.setStatus(runId, runStatus, runError);
  phase = runStatus === 'cancelled' ? 'cancelled' : runStatus === 'failed' ? 'failed' : 'done';
  progress(runError ?? `Done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return {
    runId,
    status: runStatus,
    error: runError,
    results,
    method,
    modelWindow,
    idleBaselineW: outcome?.idleBaselineW ?? null,
    calibrationId: outcome?.calibrationId ?? null,
    runModelId,
    warnings,
  };
}
