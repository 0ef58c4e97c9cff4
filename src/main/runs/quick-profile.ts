/**
 * Quick profile: one model on one phone, measured prompt by prompt.
 *   deploy (sha256 manifest) → cool-down gate → start the runner (model load on record) → idle baseline →
 *   warm-up / calibration prompt (discarded) → prompts back to back → each prompt stored with its power samples
 *   as soon as the meter has reported past its end.
 * The runner crashing mid-prompt is recorded and the runner restarted for the remaining prompts; a phone that goes
 * away ends the run with what was stored kept.
 */
import type { z } from 'zod';
import type { quickProfileSchema } from '../../shared/contract';
import type { DeviceFacts, DeviceStatus } from '../../shared/devices';
import type { EnergyMethod, PromptInput, PromptResult, RunPhase, RunProgress, RunStatus } from '../../shared/runs';
import { buildMessages } from '../datasets/prompt-builder';
import { scoreReply } from '../datasets/scoring';
import type { PromptItem } from '../datasets/types';
import { errorMessage } from '../devices/errors';
import { readStatus } from '../devices/status';
import type { DeviceBridge } from '../devices/types';
import { EnergyAccountant } from '../power/accountant';
import type { BusyWindow } from '../power/attribution';
import { BootClockMapper } from '../power/boot-clock';
import { calibrateGauge, CalibrationError } from '../power/calibration';
import { chooseEnergyMethod, coolDown, isCharging, isPixel, isThrottled, suspendChargingInput, ThermalMonitor, waitNotCharging } from '../power/conditions';
import type { ThermalReading } from '../power/conditions';
import { OdpmPoller } from '../power/odpm';
import { buildForDevice, findRunnerArtifacts, simulatedEngineEnv } from '../runner/artifacts';
import { deploy, deploymentFiles } from '../runner/deploy';
import { RunnerError } from '../runner/errors';
import { resolveModel } from '../runner/models';
import type { ResultMessage, SampleMessage } from '../runner/protocol';
import { REMOTE_DIR, RunnerSession } from '../runner/session';
import type { RunStore, StoredSample } from './run-store';

export type QuickProfileRequest = z.output<typeof quickProfileSchema>;

/** Test and bench hooks that are not part of the API. */
export interface QuickProfileInternals {
  /** Extra env for the simulated engine (AURORA_SIM_CRASH_AFTER, AURORA_SIM_TIME_SCALE...). */
  simEnv?: Record<string, string>;
  /** Where models come from (default resources/runner/models). */
  resourcesDir?: string;
  /** Restarts allowed after a runner crash (default 1). */
  maxRestarts?: number;
  /** ODPM poll period (default 200 ms). */
  odpmIntervalMs?: number;
  /** Per-prompt timeout (default 10 min). */
  promptTimeoutMs?: number;
  /** Max tokens of the warm-up / calibration prompt (default 48). */
  warmupMaxTokens?: number;
  /** Skip the stored calibration and calibrate again. */
  recalibrate?: boolean;
  /** Called with every session (tests: to inject faults). */
  onSession?: (s: RunnerSession) => void;
  /** Called when a prompt was sent (tests: to unplug mid-prompt). */
  onPromptSent?: (index: number) => void;
}

export interface QuickProfileContext {
  bridge: DeviceBridge;
  store: RunStore;
  home: string;
  device: { serial: string; facts: DeviceFacts; model: string | null };
  emitProgress: (p: RunProgress) => void;
  emitResult: (r: PromptResult) => void;
  signal?: AbortSignal;
  internals?: QuickProfileInternals;
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
export async function preflight(bridge: DeviceBridge, facts: DeviceFacts, serial: string, req: Pick<QuickProfileRequest, 'suspendCharging' | 'energyMethod'>): Promise<Preflight> {
  buildForDevice(facts);
  const status = await readStatus(bridge, serial);
  const charging = isCharging(status);
  const canSuspend = req.suspendCharging === true && isPixel(facts);
  const method = chooseEnergyMethod(facts, charging, req.energyMethod ?? 'auto', canSuspend);
  return { status, charging, canSuspend, method };
}

export interface QuickProfileOutcome {
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

/** A long, fixed prompt: its prefill is a dependable load window for calibration and warm-up. */
const WARMUP_TEXT =
  'Summarise the following notes in one sentence. ' +
  'On-device language models trade accuracy for latency and energy. A router picks, per prompt, the smallest model that is likely ' +
  'to answer well, so most prompts run on a small model and only hard ones reach a larger one. Measuring each model on the phone ' +
  'itself matters because phones differ in their CPUs, memory bandwidth, thermal headroom and battery behaviour, and because the ' +
  'same model can run twice as fast on one phone as on another. '.repeat(4);

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function chargingState(s: DeviceStatus): string {
  if (s.chargingSource) return `charging:${s.chargingSource}`;
  return s.batteryStatus;
}

interface Pending {
  index: number;
  item: PromptItem;
  result: ResultMessage | null;
  error: string | null;
  tStart: number | null;
  tEnd: number | null;
}

export async function runQuickProfile(ctx: QuickProfileContext, req: QuickProfileRequest, runId: string): Promise<QuickProfileOutcome> {
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
  const runModelId = store.createRunModel(runId, 0, req.model, simulated);
  if (req.suspendCharging && !isPixel(facts)) warn('Suspending charging (power.battery_input.suspended) is a Pixel feature; ignored on this phone.');

  const results: PromptResult[] = [];
  let restoreCharging: (() => Promise<void>) | null = null;
  let session: RunnerSession | null = null;
  let odpm: OdpmPoller | null = null;
  let thermal: ThermalMonitor | null = null;
  const mapper = new BootClockMapper();
  const acct = new EnergyAccountant(method, method === 'odpm' ? 1000 / (internals.odpmIntervalMs ?? 200) : sampleHz);
  let savedSamples = 0;
  let savedOdpm = 0;
  let savedThermal = 0;
  const busy: BusyWindow[] = [];
  let inflightFrom: number | null = null;
  const pending: Pending[] = [];
  let calibrationId: number | null = null;
  let runStatus: RunStatus = 'done';
  let runError: string | null = null;
  let modelWindow: QuickProfileOutcome['modelWindow'] = null;

  const storedSamples = (): StoredSample[] => {
    const out: StoredSample[] = [];
    for (; savedSamples < acct.samples.length; savedSamples++) {
      const s = acct.samples[savedSamples]!;
      out.push({ source: 'fuel-gauge', tMs: s.t_ms, rawCurrent: s.current, rawVoltage: s.voltage, chargeCounter: s.charge_counter, tempRaw: s.temp, watts: acct.watts(s) });
    }
    for (; savedOdpm < acct.odpm.length; savedOdpm++) {
      const r = acct.odpm[savedOdpm]!;
      out.push({ source: 'odpm', tMs: r.t, energyJ: r.joules });
    }
    return out;
  };
  const flushThermal = () => {
    const rows = thermal?.readings.slice(savedThermal) ?? [];
    savedThermal += rows.length;
    store.insertThermal(runId, rows.map((r) => ({ ...r, tMs: mapper.toBoot(r.at) })), simulated);
  };
  const tempAt = (t: number): number | null => {
    let best: SampleMessage | null = null;
    for (const s of acct.samples) {
      if (s.temp === null) continue;
      if (!best || Math.abs(s.t_ms - t) < Math.abs(best.t_ms - t)) best = s;
    }
    return best && best.temp !== null ? best.temp / 10 : null;
  };
  const thermalIn = (from: number, to: number): { status: number | null; throttled: boolean } => {
    const rs: ThermalReading[] = (thermal?.readings ?? []).filter((r) => {
      const t = mapper.toBoot(r.at);
      return t !== null && t >= from - 2500 && t <= to + 500;
    });
    const latest = thermal?.readings.at(-1) ?? null;
    const pool = rs.length ? rs : latest ? [latest] : [];
    const statuses = pool.map((r) => r.thermalStatus).filter((v): v is number => v !== null);
    return { status: statuses.length ? Math.max(...statuses) : null, throttled: pool.some((r) => isThrottled(r, true)) };
  };
  const busyNow = (): BusyWindow[] => (inflightFrom === null ? busy : [...busy, { from: inflightFrom, to: Number.MAX_SAFE_INTEGER }]);

  const finalize = (p: Pending, force: boolean): boolean => {
    if (p.result && p.tEnd !== null && !force && acct.coveredUntil() < p.tEnd) return false;
    const r = p.result;
    const energy = r && p.tStart !== null && p.tEnd !== null ? acct.window(p.tStart, p.tEnd, busyNow()) : null;
    const outTokens = r ? num(r.decode_tokens) : null;
    const net = energy && acct.idleWatts !== null ? energy.joules - acct.idleWatts * energy.coveredSeconds : null;
    const score = r && typeof r.response === 'string' ? scoreReply(p.item, r.response) : null;
    const th = p.tStart !== null && p.tEnd !== null ? thermalIn(p.tStart, p.tEnd) : { status: null, throttled: false };
    const stored = store.commitPrompt(
      {
        runId,
        runModelId,
        modelId: req.model,
        index: p.index,
        promptId: p.item.id,
        prompt: p.item.question,
        ok: r !== null && r.ok !== false,
        error: p.error,
        tStartMs: p.tStart,
        tEndMs: p.tEnd,
        ttftMs: r ? num(r.time_to_first_token_ms) : null,
        prefillTps: r ? num(r.prefill_tps) : null,
        decodeTps: r ? (num(r.decode_tps) ?? num(r.tokens_per_second)) : null,
        totalMs: r ? num(r.total_time_ms) : null,
        prefillTokens: r ? num(r.prefill_tokens) : null,
        outputTokens: outTokens,
        peakRamMb: r ? num(r.ram_usage_mb) : null,
        energyJ: energy?.joules ?? null,
        netEnergyJ: net,
        avgPowerW: energy?.averageWatts ?? null,
        energyPerTokenJ: net !== null && outTokens ? net / outTokens : null,
        energy: energy?.provenance ?? null,
        tempStartC: p.tStart !== null ? tempAt(p.tStart) : null,
        tempEndC: p.tEnd !== null ? tempAt(p.tEnd) : null,
        thermalStatus: th.status,
        throttled: th.throttled,
        response: r && typeof r.response === 'string' ? r.response : null,
        extracted: score?.extracted.letter ?? null,
        correct: score?.correct ?? null,
        simulated,
        rawJson: r ? JSON.stringify(r) : null,
      },
      storedSamples(),
    );
    flushThermal();
    results.push(stored);
    done++;
    ctx.emitResult(stored);
    progress(`Prompt ${done} of ${total} stored`);
    return true;
  };
  const pump = (force = false) => {
    while (pending.length > 0 && finalize(pending[0]!, force)) pending.shift();
  };

  const startSession = async (modelPath: string, env: Record<string, string>): Promise<RunnerSession> => {
    const s = await RunnerSession.start({ bridge, serial, modelPath, sampleHz, env });
    internals.onSession?.(s);
    for (const sm of s.samples) {
      acct.addSample(sm);
    }
    s.on('sample', (sm) => {
      mapper.observe(Date.now(), sm.t_ms);
      acct.addSample(sm);
      if (method !== 'odpm') pump();
    });
    s.on('warning', (w) => warn(w));
    return s;
  };

  try {
    if (charging && canSuspend && method !== 'odpm') {
      phase = 'preparing';
      progress('Suspending charging (setprop power.battery_input.suspended true)');
      restoreCharging = await suspendChargingInput(bridge, serial);
      await waitNotCharging(bridge, serial);
      store.updateRun(runId, { chargingState: 'input-suspended' });
    }

    // Deploy.
    phase = 'deploying';
    progress('Preparing the runner and the model');
    const artifacts = await findRunnerArtifacts(facts, { buildCacheDir: `${ctx.home}/runner-build`, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) });
    const model = resolveModel(req.model, { home: ctx.home, simulated: artifacts.simulated, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) });
    const files = await deploymentFiles(artifacts, model);
    const dep = await deploy(bridge, serial, files, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (p) => progress(p.file ? `Pushing ${p.file}` : 'Checking files on the phone', { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
    });
    store.updateRunModel(runModelId, { fileHashes: dep.hashes });

    // Cool-down gate before the model.
    const cd = req.cooldown ?? { maxTempC: 40, timeoutMs: 120_000 };
    phase = 'cooling';
    const cool = await coolDown(bridge, serial, {
      maxTempC: cd.maxTempC,
      timeoutMs: cd.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (t, waited) => progress(`Cooling down: ${t?.toFixed(1)} C > ${cd.maxTempC} C (waited ${Math.round(waited / 1000)} s)`),
    });
    if (cool.timedOut) warn(`Cool-down timed out after ${Math.round(cool.waitedMs / 1000)} s at ${cool.tempC?.toFixed(1)} C (threshold ${cd.maxTempC} C); measured warm.`);

    // Meters that run beside the runner.
    const cpus = facts.cpuCores ?? 0;
    thermal = new ThermalMonitor(bridge, serial, cpus, 2000);
    thermal.start();
    if (method === 'odpm') {
      odpm = new OdpmPoller(bridge, serial, internals.odpmIntervalMs ?? 200, mapper);
      odpm.onRead((r) => {
        acct.addOdpm(r);
        pump();
      });
      await odpm.readNow();
      odpm.start();
    }

    // Load.
    phase = 'loading';
    progress(`Loading ${req.model}`);
    const modelPath = `${REMOTE_DIR}/models/${model.id}`;
    const env = artifacts.simulated ? simulatedEngineEnv(facts, internals.simEnv) : {};
    session = await startSession(modelPath, env);
    const ready = session.ready!;
    store.updateRun(runId, { runnerVersion: ready.runner, engineVersion: ready.engine, ...(ready.cactus_api ? { cactusApi: ready.cactus_api } : {}) });
    store.updateRunModel(runModelId, { loadMs: ready.load_ms, rssMb: ready.rss_mb, ...(ready.t_boot_ms !== undefined ? { tReadyMs: ready.t_boot_ms } : {}) });
    if (!ready.simulated && simulated) warn('The device is a virtual phone but the engine says it is not simulated.');

    // Idle baseline right before the prompts.
    phase = 'baseline';
    const baseMs = req.idleBaselineMs ?? 3000;
    progress(`Measuring the idle baseline (${(baseMs / 1000).toFixed(1)} s)`);
    const readyT = ready.t_boot_ms ?? acct.samples.at(-1)?.t_ms ?? 0;
    const baseFrom = readyT + 300;
    const baseTo = baseFrom + baseMs;
    const nowBoot = () => mapper.toBoot(Date.now()) ?? acct.samples.at(-1)?.t_ms ?? 0;
    while (nowBoot() < baseTo) {
      ctx.signal?.throwIfAborted();
      await sleep(50);
    }
    if (method === 'odpm') await odpm!.readNow();

    // Warm-up (and the load window of a first calibration).
    const stored = internals.recalibrate ? null : store.latestCalibration(serial, facts.fingerprint || null);
    const needCal = method === 'fuel-gauge' && !stored;
    let warm: ResultMessage | null = null;
    if (req.warmup !== false || needCal) {
      phase = needCal ? 'calibrating' : 'baseline';
      progress(needCal ? 'Calibrating the fuel gauge (idle vs. a throwaway prompt)' : 'Warm-up prompt (discarded)');
      warm = await session.complete({ messages: [{ role: 'user', content: WARMUP_TEXT }], options: { max_tokens: internals.warmupMaxTokens ?? 48 } }, internals.promptTimeoutMs);
      busy.push({ from: warm.t_start_ms, to: warm.t_end_ms });
    }
    if (method !== 'odpm' || acct.samples.length > 0) {
      if (stored) {
        acct.calibration = stored;
        calibrationId = stored.id;
      } else if (warm) {
        const period = acct.gaugePeriod();
        // Let the gauge publish the end of the load window.
        const until = Date.now() + 3000;
        while ((acct.samples.at(-1)?.t_ms ?? 0) < warm.t_end_ms + period && Date.now() < until && !session.exited) await sleep(30);
        const idle = acct.rawGauge(baseFrom, baseTo);
        const load = acct.rawGauge(warm.t_start_ms + period * 1.3, warm.t_end_ms);
        try {
          const cal = calibrateGauge(idle, load);
          acct.calibration = cal;
          calibrationId = store.saveCalibration(serial, facts.fingerprint || null, cal, { idle: idle.length, load: load.length }, 'runner-prompt', simulated);
        } catch (err) {
          if (method === 'fuel-gauge') {
            throw new RunnerError('calibration-failed', `Fuel-gauge calibration failed: ${errorMessage(err)}`, { cause: err });
          }
          if (!(err instanceof CalibrationError)) throw err;
          warn(`Fuel-gauge calibration failed (${err.message}); power samples are stored raw only.`);
        }
      }
    }
    if (calibrationId !== null) store.updateRunModel(runModelId, { calibrationId });
    // The baseline itself, from the meter intervals fully inside the idle window.
    const base = acct.baseline(baseFrom, baseTo);
    if (base) {
      acct.idleWatts = base.watts;
      store.updateRunModel(runModelId, { idleBaselineW: base.watts, baselineFromMs: baseFrom, baselineToMs: baseTo });
      if (base.intervals < 5) warn(`The idle baseline rests on only ${base.intervals} meter intervals.`);
    } else {
      warn('No idle baseline could be measured (no meter intervals inside the idle window); net energy is not available.');
    }
    store.insertSamples(runId, runModelId, storedSamples(), simulated);

    // Prompts, back to back.
    phase = 'prompts';
    progress(`Running ${total} prompt${total === 1 ? '' : 's'}`);
    let restarts = 0;
    const maxRestarts = internals.maxRestarts ?? 1;
    for (let i = 0; i < total; i++) {
      if (ctx.signal?.aborted) {
        runStatus = 'cancelled';
        runError = 'Cancelled by the user.';
        break;
      }
      const item = toItem(req.prompts[i]!, i);
      const options: Record<string, unknown> = { max_tokens: req.maxTokens ?? 256 };
      if (simulated && item.answer) options.aurora_answer_key = item.answer;
      if (simulated && item.subject !== 'custom') options.aurora_subject = item.subject;
      const sent = Date.now();
      inflightFrom = mapper.toBoot(sent);
      const p: Pending = { index: i, item, result: null, error: null, tStart: null, tEnd: null };
      internals.onPromptSent?.(i);
      try {
        const r = await session.complete({ messages: buildMessages(item), options }, internals.promptTimeoutMs ?? 600_000);
        p.result = r;
        p.tStart = r.t_start_ms;
        p.tEnd = r.t_end_ms;
        busy.push({ from: r.t_start_ms, to: r.t_end_ms });
        inflightFrom = null;
        promptWallMs.push(Date.now() - sent);
        pending.push(p);
        pump();
      } catch (err) {
        inflightFrom = null;
        const e = err instanceof RunnerError ? err : new RunnerError('request-failed', errorMessage(err), { cause: err });
        p.error = e.message;
        p.tStart = mapper.toBoot(sent);
        p.tEnd = mapper.toBoot(Date.now());
        pending.push(p);
        if (e.code === 'request-failed') {
          pump();
          continue;
        }
        // Timeouts, crashes and lost phones: store everything that is known, then decide.
        pump(true);
        if (e.code === 'device-disconnected') {
          runStatus = 'failed';
          runError = e.message;
          break;
        }
        runStatus = 'partial';
        runError = e.message;
        warn(`Prompt ${i + 1}: ${e.message}`);
        await session.kill();
        if (restarts >= maxRestarts || i === total - 1) {
          if (i < total - 1) warn(`${total - i - 1} prompt(s) were not run: the runner failed ${restarts + 1} time(s).`);
          break;
        }
        restarts++;
        progress(`The runner failed (${e.code}); restarting it for the remaining prompts`);
        session = await startSession(modelPath, env);
      }
    }

    // Let the meter report past the last prompt, then store what is left.
    phase = 'finishing';
    const deadline = Date.now() + 3000;
    while (pending.length > 0 && Date.now() < deadline && session && !session.exited) {
      if (method === 'odpm') await odpm!.readNow();
      pump();
      if (pending.length) await sleep(50);
    }
    pump(true);
  } catch (err) {
    pump(true);
    runStatus = err instanceof Error && err.name === 'AbortError' ? 'cancelled' : 'failed';
    runError = runStatus === 'cancelled' ? 'Cancelled by the user.' : errorMessage(err);
  } finally {
    await session?.close().catch(() => {});
    await odpm?.stop();
    await thermal?.stop();
    try {
      store.insertSamples(runId, runModelId, storedSamples(), simulated);
      flushThermal();
    } catch {
      /* the database is closing */
    }
    if (restoreCharging) await restoreCharging();
  }

  const okResults = results.filter((r) => r.ok && r.tStartMs !== null && r.tEndMs !== null);
  if (okResults.length > 0) {
    const from = Math.min(...okResults.map((r) => r.tStartMs!));
    const to = Math.max(...okResults.map((r) => r.tEndMs!));
    const w = acct.window(from, to, busy);
    modelWindow = { from, to, energyJ: w?.joules ?? null };
    store.updateRunModel(runModelId, { energyJ: w?.joules ?? null, tFirstMs: from, tLastMs: to });
  }
  if (runStatus === 'done' && results.some((r) => !r.ok)) runStatus = 'partial';
  if (runStatus === 'done' && results.length < total) runStatus = 'partial';
  store.updateRunModel(runModelId, {
    status: runStatus === 'done' ? 'done' : runStatus === 'partial' || (runStatus === 'failed' && results.length > 0) ? 'partial' : 'failed',
    error: runError,
    warnings,
    finished: true,
  });
  store.finishRun(runId, runStatus, runError);
  phase = runStatus === 'cancelled' ? 'cancelled' : runStatus === 'failed' ? 'failed' : 'done';
  progress(runError ?? `Done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return { runId, status: runStatus, error: runError, results, method, modelWindow, idleBaselineW: acct.idleWatts, calibrationId, runModelId, warnings };
}
