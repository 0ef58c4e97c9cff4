/**
 * The measuring pipeline for one model on one phone, shared by Quick profile and campaigns:
 *   deploy (sha256 manifest) → cool-down gate → meters (thermal, ODPM) → start the runner (model load on record) →
 *   idle baseline → warm-up / calibration prompts (discarded) → prompts back to back → each prompt stored with its
 *   power samples, in one transaction, as soon as the meter has reported past its end.
 * The caller owns the run and run_models rows; this stores prompt results, samples, thermal readings and the
 * model's figures (load, baseline, calibration, file hashes, energy window) and says why it stopped.
 */
import { sleep } from '../../shared/kit/backoff';
import type { DeviceFacts } from '../../shared/devices';
import type { EnergyMethod, PromptResult, RunPhase, RunProgress } from '../../shared/runs';
import { buildMessages } from '../datasets/prompt-builder';
import { scoreReply } from '../datasets/scoring';
import type { PromptItem } from '../datasets/types';
import { errorMessage } from '../devices/errors';
import type { DeviceBridge } from '../devices/types';
import { EnergyAccountant } from '../power/accountant';
import type { BusyWindow } from '../power/attribution';
import { BootClockMapper } from '../power/boot-clock';
import { calibrateGauge, CalibrationError } from '../power/calibration';
import { chargedDuring, coolDown, isThrottled, ThermalMonitor } from '../power/conditions';
import type { ThermalReading } from '../power/conditions';
import { OdpmPoller } from '../power/odpm';
import { findRunnerArtifacts, simulatedEngineEnv } from '../runner/artifacts';
import { deploy, deploymentFiles } from '../runner/deploy';
import { RunnerError, type RunnerErrorCode } from '../runner/errors';
import { resolveModel } from '../runner/models';
import type { ResultMessage, SampleMessage } from '../runner/protocol';
import { REMOTE_DIR, RunnerSession } from '../runner/session';
import type { RunStore, StoredSample } from './run-store';

/** Test and bench hooks that are not part of the API. */
export interface MeasureInternals {
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
  /** Thermal monitor period (default 2000 ms). */
  thermalIntervalMs?: number;
  /** Called with every session (tests: to inject faults). */
  onSession?: (s: RunnerSession) => void;
  /** Called when a prompt was sent (tests: to unplug mid-prompt). */
  onPromptSent?: (index: number) => void;
}

/** One prompt to measure: where it goes in the run (unique per run) and which repetition it is. */
export interface MeasureJob {
  position: number;
  item: PromptItem;
  rep: number | null;
}

export interface MeasureContext {
  bridge: DeviceBridge;
  store: RunStore;
  home: string;
  device: { serial: string; facts: DeviceFacts; model: string | null };
  signal?: AbortSignal;
  internals?: MeasureInternals;
  emitResult: (r: PromptResult) => void;
  /** Phase changes and messages; `stored` is true when a prompt result was just stored. */
  onProgress: (phase: RunPhase, message: string, extra?: Partial<RunProgress> & { stored?: boolean }) => void;
  /** Live readings while prompts run: power (W), decode speed of the last prompt, temperature. */
  onLive?: (live: LiveReading) => void;
  warn: (w: string) => void;
}

export interface LiveReading {
  powerW: number | null;
  tokensPerSec: number | null;
  tempC: number | null;
  /** Host wall time of the last prompt, ms. */
  promptWallMs: number | null;
}

export interface MeasureSpec {
  runId: string;
  runModelId: number;
  modelId: string;
  method: EnergyMethod;
  /** Runner sampler rate (Hz). */
  sampleHz: number;
  maxTokens: number;
  idleBaselineMs: number;
  cooldown: { maxTempC: number; timeoutMs: number };
  /** Discarded prompts before measuring (a first fuel-gauge calibration runs one anyway). */
  warmups: number;
  /** Store the warm-up prompts in warmup_results (campaigns), marked as such. */
  recordWarmups?: boolean;
  jobs: MeasureJob[];
  /**
   * true (campaigns): a prompt cut short by a lost phone is NOT stored: it is run again when the phone is back.
   * false (Quick profile): it is stored as failed.
   */
  retryLostPrompts?: boolean;
  /** Asked before each prompt; 'stop' ends the model here (pause), everything measured so far stored. */
  beforePrompt?: () => 'go' | 'stop';
}

/** Why measuring the model ended. */
export type MeasureStop = 'done' | 'cancelled' | 'device-lost' | 'runner-failed' | 'error' | 'stopped';

export interface MeasureOutcome {
  stop: MeasureStop;
  error: string | null;
  errorCode: RunnerErrorCode | null;
  results: PromptResult[];
  /** Prompts of the spec not run (or not stored): what a caller can retry. */
  remaining: MeasureJob[];
  modelWindow: { from: number; to: number; energyJ: number | null } | null;
  idleBaselineW: number | null;
  calibrationId: number | null;
  /** Runner restarts used after crashes. */
  restarts: number;
  /** Sum of the engine's total_ms over the stored prompts (on-device time). */
  onDeviceMs: number;
  loadMs: number | null;
}

/** A long, fixed prompt: its prefill is a dependable load window for calibration and warm-up. */
export const WARMUP_TEXT =
  'Summarise the following notes in one sentence. ' +
  'On-device language models trade accuracy for latency and energy. A router picks, per prompt, the smallest model that is likely ' +
  'to answer well, so most prompts run on a small model and only hard ones reach a larger one. Measuring each model on the phone ' +
  'itself matters because phones differ in their CPUs, memory bandwidth, thermal headroom and battery behaviour, and because the ' +
  'same model can run twice as fast on one phone as on another. '.repeat(4);


function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

interface Pending {
  job: MeasureJob;
  result: ResultMessage | null;
  error: string | null;
  tStart: number | null;
  tEnd: number | null;
}

export async function measureModel(ctx: MeasureContext, spec: MeasureSpec): Promise<MeasureOutcome> {
  const { bridge, store, device } = ctx;
  const { serial, facts } = device;
  const { runId, runModelId, method, sampleHz } = spec;
  const internals = ctx.internals ?? {};
  const simulated = facts.virtual;
  const results: PromptResult[] = [];
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
  let stop: MeasureStop = 'done';
  let error: string | null = null;
  let errorCode: RunnerErrorCode | null = null;
  let restarts = 0;
  let loadMs: number | null = null;
  let onDeviceMs = 0;
  let lastTps: number | null = null;
  let lastWall: number | null = null;
  const notStored = new Set<MeasureJob>(spec.jobs);
  const warn = ctx.warn;

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
    // Samples arrive in time order: scan back from the end (prompts are recent).
    for (let i = acct.samples.length - 1; i >= 0; i--) {
      const s = acct.samples[i]!;
      if (s.temp === null) continue;
      if (!best || Math.abs(s.t_ms - t) < Math.abs(best.t_ms - t)) best = s;
      else if (s.t_ms < t) break;
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
  const livePower = (): number | null => {
    if (method === 'odpm') {
      const a = acct.odpm.at(-2);
      const c = acct.odpm.at(-1);
      return a && c && c.t > a.t ? ((c.joules - a.joules) * 1000) / (c.t - a.t) : null;
    }
    const s = acct.samples.at(-1);
    return s ? acct.watts(s) : null;
  };
  const emitLive = () => {
    if (!ctx.onLive) return;
    const th = thermal?.readings.at(-1);
    ctx.onLive({ powerW: livePower(), tokensPerSec: lastTps, tempC: th ? (th.skinTempC ?? th.batteryTempC) : null, promptWallMs: lastWall });
  };

  let chargingWarned = false;
  const finalize = (p: Pending, force: boolean): boolean => {
    if (p.result && p.tEnd !== null && !force && acct.coveredUntil() < p.tEnd) return false;
    const r = p.result;
    const item = p.job.item;
    // A fuel gauge (or charge counter) on a phone that started charging measures the charger: no figure at all
    // beats a wrong one. ODPM rails sit downstream of the battery and stay valid.
    const onCharger =
      method !== 'odpm' && p.tStart !== null && p.tEnd !== null && chargedDuring(thermal?.readings ?? [], (at) => mapper.toBoot(at), p.tStart, p.tEnd, internals.thermalIntervalMs ?? 2000);
    if (onCharger && !chargingWarned) {
      chargingWarned = true;
      warn(
        `The phone was charging during prompt ${p.job.position + 1}: the ${method === 'fuel-gauge' ? 'fuel gauge' : 'charge counter'} would have measured the charger, ` +
          'not the phone, so no energy is stored for it or for any later prompt measured on the charger. Unplug the charger (or use Wi-Fi debugging) and run them again.',
      );
    }
    const energy = r && p.tStart !== null && p.tEnd !== null && !onCharger ? acct.window(p.tStart, p.tEnd, busyNow()) : null;
    const outTokens = r ? num(r.decode_tokens) : null;
    const net = energy && acct.idleWatts !== null ? energy.joules - acct.idleWatts * energy.coveredSeconds : null;
    const score = r && typeof r.response === 'string' ? scoreReply(item, r.response) : null;
    const th = p.tStart !== null && p.tEnd !== null ? thermalIn(p.tStart, p.tEnd) : { status: null, throttled: false };
    const totalMs = r ? num(r.total_time_ms) : null;
    const stored = store.commitPrompt(
      {
        runId,
        runModelId,
        modelId: spec.modelId,
        index: p.job.position,
        promptId: item.id,
        prompt: item.question,
        ok: r !== null && r.ok !== false,
        error: p.error,
        tStartMs: p.tStart,
        tEndMs: p.tEnd,
        ttftMs: r ? num(r.time_to_first_token_ms) : null,
        prefillTps: r ? num(r.prefill_tps) : null,
        decodeTps: r ? (num(r.decode_tps) ?? num(r.tokens_per_second)) : null,
        totalMs,
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
        rep: p.job.rep,
        subject: p.job.rep === null ? null : item.subject,
        answer: p.job.rep === null ? null : item.answer,
        unparsable: score ? score.unparsable : null,
      },
      storedSamples(),
    );
    flushThermal();
    results.push(stored);
    notStored.delete(p.job);
    if (totalMs !== null && stored.ok) onDeviceMs += totalMs;
    ctx.emitResult(stored);
    ctx.onProgress('prompts', `Prompt ${results.length} of ${spec.jobs.length} stored`, { stored: true });
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
    // Deploy.
    ctx.onProgress('deploying', 'Preparing the runner and the model');
    const artifacts = await findRunnerArtifacts(facts, { buildCacheDir: `${ctx.home}/runner-build`, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) });
    const model = resolveModel(spec.modelId, { home: ctx.home, simulated: artifacts.simulated, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) });
    const files = await deploymentFiles(artifacts, model);
    const dep = await deploy(bridge, serial, files, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (p) => ctx.onProgress('deploying', p.file ? `Pushing ${p.file}` : 'Checking files on the phone', { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
    });
    store.updateRunModel(runModelId, { fileHashes: dep.hashes });

    // Cool-down gate before the model.
    const cd = spec.cooldown;
    const cool = await coolDown(bridge, serial, {
      maxTempC: cd.maxTempC,
      timeoutMs: cd.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (t, waited) => ctx.onProgress('cooling', `Cooling down: ${t?.toFixed(1)} C > ${cd.maxTempC} C (waited ${Math.round(waited / 1000)} s)`),
    });
    if (cool.timedOut) warn(`Cool-down timed out after ${Math.round(cool.waitedMs / 1000)} s at ${cool.tempC?.toFixed(1)} C (threshold ${cd.maxTempC} C); measured warm.`);

    // Meters that run beside the runner.
    const cpus = facts.cpuCores ?? 0;
    thermal = new ThermalMonitor(bridge, serial, cpus, internals.thermalIntervalMs ?? 2000);
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
    ctx.onProgress('loading', `Loading ${spec.modelId}`);
    const modelPath = `${REMOTE_DIR}/models/${model.id}`;
    const env = artifacts.simulated ? simulatedEngineEnv(facts, internals.simEnv) : {};
    session = await startSession(modelPath, env);
    const ready = session.ready!;
    loadMs = ready.load_ms;
    store.updateRun(runId, { runnerVersion: ready.runner, engineVersion: ready.engine, ...(ready.cactus_api ? { cactusApi: ready.cactus_api } : {}) });
    store.updateRunModel(runModelId, { loadMs: ready.load_ms, rssMb: ready.rss_mb, ...(ready.t_boot_ms !== undefined ? { tReadyMs: ready.t_boot_ms } : {}) });
    if (!ready.simulated && simulated) warn('The device is a virtual phone but the engine says it is not simulated.');

    // Idle baseline right before the prompts.
    const baseMs = spec.idleBaselineMs;
    ctx.onProgress('baseline', `Measuring the idle baseline (${(baseMs / 1000).toFixed(1)} s)`);
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
    const storedCal = internals.recalibrate ? null : store.latestCalibration(serial, facts.fingerprint || null);
    const needCal = method === 'fuel-gauge' && !storedCal;
    let warm: ResultMessage | null = null;
    const warmups = Math.max(spec.warmups, needCal ? 1 : 0);
    for (let k = 0; k < warmups; k++) {
      ctx.onProgress(needCal && k === 0 ? 'calibrating' : 'baseline', needCal && k === 0 ? 'Calibrating the fuel gauge (idle vs. a throwaway prompt)' : `Warm-up prompt ${k + 1} of ${warmups} (discarded)`);
      ctx.signal?.throwIfAborted();
      const w = await session.complete({ messages: [{ role: 'user', content: WARMUP_TEXT }], options: { max_tokens: internals.warmupMaxTokens ?? 48 } }, internals.promptTimeoutMs);
      busy.push({ from: w.t_start_ms, to: w.t_end_ms });
      if (k === 0) warm = w;
      if (spec.recordWarmups) store.recordWarmup(runId, runModelId, k, w);
    }
    if (method !== 'odpm' || acct.samples.length > 0) {
      if (storedCal) {
        acct.calibration = storedCal;
        calibrationId = storedCal.id;
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
    const total = spec.jobs.length;
    ctx.onProgress('prompts', `Running ${total} prompt${total === 1 ? '' : 's'}`);
    const maxRestarts = internals.maxRestarts ?? 1;
    for (let i = 0; i < total; i++) {
      if (ctx.signal?.aborted) {
        stop = 'cancelled';
        error = 'Cancelled by the user.';
        break;
      }
      if (spec.beforePrompt?.() === 'stop') {
        stop = 'stopped';
        break;
      }
      const job = spec.jobs[i]!;
      const item = job.item;
      const options: Record<string, unknown> = { max_tokens: spec.maxTokens };
      if (simulated && item.answer) options.aurora_answer_key = item.answer;
      if (simulated && item.subject !== 'custom') options.aurora_subject = item.subject;
      const sent = Date.now();
      inflightFrom = mapper.toBoot(sent);
      const p: Pending = { job, result: null, error: null, tStart: null, tEnd: null };
      internals.onPromptSent?.(i);
      try {
        const r = await session.complete({ messages: buildMessages(item), options }, internals.promptTimeoutMs ?? 600_000);
        p.result = r;
        p.tStart = r.t_start_ms;
        p.tEnd = r.t_end_ms;
        busy.push({ from: r.t_start_ms, to: r.t_end_ms });
        inflightFrom = null;
        lastWall = Date.now() - sent;
        lastTps = num(r.decode_tps) ?? num(r.tokens_per_second);
        pending.push(p);
        pump();
        emitLive();
      } catch (err) {
        inflightFrom = null;
        const e = err instanceof RunnerError ? err : new RunnerError('request-failed', errorMessage(err), { cause: err });
        p.error = e.message;
        p.tStart = mapper.toBoot(sent);
        p.tEnd = mapper.toBoot(Date.now());
        if (e.code === 'device-disconnected' && spec.retryLostPrompts) {
          // Not stored: it runs again when the phone is back.
          pump(true);
          stop = 'device-lost';
          error = e.message;
          errorCode = e.code;
          break;
        }
        pending.push(p);
        if (e.code === 'request-failed') {
          pump();
          continue;
        }
        // Timeouts, crashes and lost phones: store everything that is known, then decide.
        pump(true);
        errorCode = e.code;
        error = e.message;
        if (e.code === 'device-disconnected') {
          stop = 'device-lost';
          break;
        }
        stop = 'runner-failed';
        warn(`Prompt ${i + 1}: ${e.message}`);
        await session.kill();
        if (restarts >= maxRestarts || i === total - 1) {
          if (i < total - 1) warn(`${total - i - 1} prompt(s) were not run: the runner failed ${restarts + 1} time(s).`);
          break;
        }
        restarts++;
        ctx.onProgress('prompts', `The runner failed (${e.code}); restarting it for the remaining prompts`);
        // A restarted runner that then finishes the list leaves stop = 'runner-failed' (a partial model).
        session = await startSession(modelPath, env);
      }
    }

    // Let the meter report past the last prompt, then store what is left.
    ctx.onProgress('finishing', 'Storing the last prompts');
    const deadline = Date.now() + 3000;
    while (pending.length > 0 && Date.now() < deadline && session && !session.exited) {
      if (method === 'odpm') await odpm!.readNow();
      pump();
      if (pending.length) await sleep(50);
    }
    pump(true);
  } catch (err) {
    pump(true);
    if (err instanceof Error && err.name === 'AbortError') {
      stop = 'cancelled';
      error = 'Cancelled by the user.';
    } else {
      stop = err instanceof RunnerError && err.code === 'device-disconnected' ? 'device-lost' : 'error';
      error = errorMessage(err);
      errorCode = err instanceof RunnerError ? err.code : null;
    }
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
  }

  const okResults = results.filter((r) => r.ok && r.tStartMs !== null && r.tEndMs !== null);
  let modelWindow: MeasureOutcome['modelWindow'] = null;
  if (okResults.length > 0) {
    const from = Math.min(...okResults.map((r) => r.tStartMs!));
    const to = Math.max(...okResults.map((r) => r.tEndMs!));
    const w = acct.window(from, to, busy);
    modelWindow = { from, to, energyJ: w?.joules ?? null };
  }
  const remaining = spec.jobs.filter((j) => notStored.has(j));
  return { stop, error, errorCode, results, remaining, modelWindow, idleBaselineW: acct.idleWatts, calibrationId, restarts, onDeviceMs, loadMs };
}
