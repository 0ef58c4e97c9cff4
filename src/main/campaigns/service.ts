/**
 * Campaigns: devices x models x a sampled prompt set x repetitions, each device at its own pace, in parallel.
 *
 * Per device: model by model (cool-down/thermal gate, load, idle baseline, warm-ups recorded and discarded), the
 * model's prompts repetition by repetition in seeded order, each result committed with its samples as it arrives.
 * - Phone unplugged: the prompt in flight is not stored; the device's part waits for the phone and goes on where it
 *   stopped (other devices are not affected).
 * - Runner crash / OOM kill: the prompt is stored as failed, the model marked failed with the error, next model.
 * - Battery under the floor: the device pauses between prompts until it is charged again.
 * - Lab killed: the campaign stays 'running' with a stale heartbeat; the next lab start marks it 'interrupted' and
 *   `resume` runs exactly the (model, prompt, rep) cells that are missing (a unique key guards against duplicates).
 */
import { sleep } from '../../shared/kit/backoff';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CampaignDeviceProgress, CampaignDeviceState, CampaignProgress, CampaignStatus, campaignStartSchema } from '../../shared/api/campaigns';
import type { DeviceFacts, DeviceStatus } from '../../shared/devices';
import type { EnergyMethod, EnergyMethodChoice, PromptResult, RunModelStatus, RunStatus } from '../../shared/runs';
import { LabError } from '../api/lab-error';
import { loadDataset } from '../datasets/dataset-registry';
import { DatasetError } from '../datasets/errors';
import { fingerprintSelection, FINGERPRINT_VERSION } from '../datasets/fingerprint';
import { PROMPT_TEMPLATE_VERSION } from '../datasets/prompt-builder';
import { sampleStratified } from '../datasets/sampling';
import type { PromptItem, PromptSet } from '../datasets/types';
import type { DeviceManager } from '../devices/device-manager';
import { errorMessage } from '../devices/errors';
import { sh } from '../devices/shell-command';
import { readStatus } from '../devices/status';
import type { DeviceBridge } from '../devices/types';
import type { LabEventBus } from '../lab/typed-emitter';
import { chooseEnergyMethod, isCharging } from '../power/conditions';
import { buildForDevice } from '../runner/artifacts';
import { RunnerError } from '../runner/errors';
import { listModels, resolveModel } from '../runner/models';
import { measureModel, type MeasureInternals } from '../runs/measure-model';
import type { RunStore } from '../runs/run-store';
import type { Db } from '../store/database';
import { modelJobs } from './plan';
import { CampaignStore, cellKey, type Owner } from './store';

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

export interface CampaignServiceOptions {
  db: Db;
  bridge: DeviceBridge;
  devices: Pick<DeviceManager, 'get' | 'reprobe'>;
  home: string;
  events: LabEventBus;
  runStore: RunStore;
  /** Process-wide test hooks (e.g. from AURORA_LAB_CAMPAIGN_INTERNALS in a child CLI). */
  internals?: CampaignInternals;
}

interface DeviceRun {
  serial: string;
  runId: string;
  method: EnergyMethod | null;
  progress: CampaignDeviceProgress;
  /** Host ms between stored results (recent), for the ETA. */
  intervals: number[];
  lastStoredAt: number | null;
}

interface ActiveCampaign {
  id: string;
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
  finished: Promise<CampaignOutcome>;
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


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function chargingState(s: DeviceStatus): string {
  if (s.chargingSource) return `charging:${s.chargingSource}`;
  return s.batteryStatus;
}

/** `dumpsys power`: "Display Power: state=ON" or "mWakefulness=Awake"; null when the phone does not say. */
async function readScreenState(bridge: DeviceBridge, serial: string): Promise<string | null> {
  try {
    const r = await bridge.shell(serial, sh('dumpsys', 'power'), { timeoutMs: 5000 });
    const text = r.stdout.toString('utf8');
    const display = /Display Power: state=(\w+)/.exec(text);
    if (display) return display[1]!.toLowerCase() === 'on' ? 'on' : 'off';
    const wake = /mWakefulness=(\w+)/.exec(text);
    if (wake) return wake[1]!.toLowerCase() === 'awake' ? 'on' : 'off';
    return null;
  } catch {
    return null;
  }
}

function bad(path: string, message: string): LabError {
  return new LabError('bad-request', `${path}: ${message}`, [{ path, message }]);
}

export class CampaignService {
  readonly store: CampaignStore;
  readonly owner: Owner = { pid: process.pid, host: hostname() };
  readonly #active = new Map<string, ActiveCampaign>();
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly opts: CampaignServiceOptions) {
    this.store = new CampaignStore(opts.db);
    this.recover();
  }

  /** Marks campaigns whose lab process is gone as interrupted. Returns their ids. */
  recover(): string[] {
    return this.store.markInterrupted(isAlive, this.owner.host, this.opts.internals?.staleMs ?? 30_000);
  }

  get activeIds(): string[] {
    return [...this.#active.keys()];
  }

  progressOf(id: string): CampaignProgress | null {
    const ac = this.#active.get(id);
    return ac ? this.#progress(ac) : null;
  }

  isOwnedElsewhere(id: string): boolean {
    const row = this.store.get(id);
    return row !== null && row.status === 'running' && !this.#active.has(id);
  }

  async #device(serial: string, path: string, waitMs = 8000): Promise<{ facts: DeviceFacts; model: string | null }> {
    let d = this.opts.devices.get(serial);
    if (!d) throw bad(path, `No device "${serial}" is known to the lab. Run \`aurora-lab devices\` to see the list (virtual phones: \`aurora-lab connect HOST:PORT\` first).`);
    for (let waited = 0; (d.state !== 'device' || !d.facts) && waited < waitMs; waited += 100) {
      await sleep(100);
      d = this.opts.devices.get(serial) ?? d;
    }
    if (d.state !== 'device') throw new LabError('unavailable', `${path}: ${serial} is ${d.state}; it must be online to measure.${d.error ? ` ${d.error}` : ''}`, [{ path, message: `${serial} is ${d.state}` }]);
    if (!d.facts) d = await this.opts.devices.reprobe(serial);
    if (!d.facts) throw new LabError('unavailable', `${path}: ${serial} could not be probed: ${d.error ?? 'unknown error'}`);
    return { facts: d.facts, model: d.model };
  }

  /** Loads the data set, naming the field (and the file and line, from the loaders) when it is wrong. */
  async loadSet(spec: string, download = true): Promise<PromptSet> {
    try {
      return await loadDataset(spec, { cacheDir: join(this.opts.home, 'datasets'), download });
    } catch (err) {
      if (err instanceof DatasetError) {
        const code = err.code === 'download-failed' || err.code === 'not-downloaded' ? 'unavailable' : err.code === 'not-found' ? 'not-found' : 'bad-request';
        throw new LabError(code, `dataset: ${err.message}`, [{ path: 'dataset', message: err.message }]);
      }
      throw err;
    }
  }

  /**
   * Validates everything that can be refused up front, stores the plan, and starts measuring in the background.
   * `finished` resolves when the campaign ends (never rejects).
   */
  async start(req: CampaignRequest, internals: CampaignInternals = {}): Promise<{ campaignId: string; runIds: string[]; total: number; finished: Promise<CampaignOutcome> }> {
    const known = new Set(listModels(this.opts.home, internals.resourcesDir).map((m) => m.id));
    req.models.forEach((m, i) => {
      if (!known.has(m)) throw bad(`models.${i}`, `Unknown model "${m}". Known models: ${[...known].join(', ')}.`);
    });
    const devices: Array<{ serial: string; facts: DeviceFacts; model: string | null; status: DeviceStatus; method: EnergyMethod }> = [];
    for (const [i, serial] of req.devices.entries()) {
      const d = await this.#device(serial, `devices.${i}`);
      try {
        buildForDevice(d.facts);
        for (const [j, m] of req.models.entries()) {
          try {
            resolveModel(m, { home: this.opts.home, simulated: d.facts.virtual, ...(internals.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) });
          } catch (err) {
            throw bad(`models.${j}`, `${errorMessage(err)} (for ${serial})`);
          }
        }
        const status = await readStatus(this.opts.bridge, serial);
        const method = chooseEnergyMethod(d.facts, isCharging(status), (req.energyMethod ?? 'auto') as EnergyMethodChoice, false);
        devices.push({ serial, ...d, status, method });
      } catch (err) {
        if (err instanceof LabError) throw err;
        throw new LabError(err instanceof RunnerError && err.code === 'cactus-unsupported' ? 'bad-request' : 'unavailable', `devices.${i}: ${errorMessage(err)}`, [{ path: `devices.${i}`, message: errorMessage(err) }]);
      }
    }
    const set = await this.loadSet(req.dataset, req.download ?? true);
    if (req.n > set.items.length) throw bad('n', `Asked for ${req.n} prompts but ${set.name} has only ${set.items.length}: ask for at most ${set.items.length}.`);
    const seed = req.seed ?? randomUUID().slice(0, 8);
    const reps = req.reps ?? 1;
    const warmup = req.warmup ?? 1;
    const items = sampleStratified(set.items, req.n, seed);
    const fp = fingerprintSelection(set, items);
    const total = devices.length * req.models.length * items.length * reps;
    const id = randomUUID();
    const simulated = devices.some((d) => d.facts.virtual);
    this.store.create(
      {
        id,
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
        simulated,
        items,
      },
      this.owner,
    );
    const runIds: string[] = [];
    for (const d of devices) {
      const runId = randomUUID();
      const screen = await readScreenState(this.opts.bridge, d.serial);
      this.opts.runStore.createRun({
        id: runId,
        kind: 'campaign',
        serial: d.serial,
        deviceModel: d.facts.model || d.model,
        fingerprint: d.facts.fingerprint || null,
        androidRelease: d.facts.androidRelease || null,
        sdk: d.facts.sdk,
        modelIds: req.models,
        energyMethod: d.method,
        sampleHz: d.method === 'odpm' ? 1000 / (internals.odpmIntervalMs ?? this.opts.internals?.odpmIntervalMs ?? 200) : (req.sampleHz ?? 20),
        chargingState: chargingState(d.status),
        screenState: screen,
        batteryLevel: d.status.batteryLevel,
        tempStartC: d.status.skinTempC ?? d.status.batteryTempC,
        thermalStatusStart: d.status.thermalStatus,
        simulated: d.facts.virtual,
        options: { campaignId: id },
      });
      this.store.linkRun(runId, id);
      this.store.createPendingModels(runId, req.models, d.facts.virtual);
      runIds.push(runId);
    }
    const finished = this.#launch(id, req, items, seed, reps, total, 0, internals);
    return { campaignId: id, runIds, total, finished };
  }

  /** Continues a stopped campaign: only the missing cells run. */
  async resume(id: string, internals: CampaignInternals = {}): Promise<{ campaignId: string; remaining: number; finished: Promise<CampaignOutcome> }> {
    this.recover();
    const row = this.store.get(id);
    if (!row) throw new LabError('not-found', `No run ${id}. \`aurora-lab runs\` lists them.`);
    if (this.#active.has(id)) throw new LabError('unavailable', `Run ${id} is already running in this lab.`);
    if (row.status === 'running') throw new LabError('unavailable', `Run ${id} is running in another lab process (pid ${row.owner_pid ?? '?'} on ${row.owner_host ?? '?'}); resume it there or stop that process first.`);
    if (row.status === 'done') throw new LabError('bad-request', `Run ${id} is complete; there is nothing to resume.`);
    const req = JSON.parse(row.options_json) as CampaignRequest;
    const items = this.store.items(id);
    const runs = this.store.runs(id);
    let done = 0;
    for (const r of runs) done += this.store.countResults(r.id);
    // Devices must be known now (and online soon): a device that is not is waited for like an unplugged one.
    this.store.claim(id, this.owner);
    for (const r of runs) {
      this.store.setRunStatus(r.id, 'running', null, false);
      const d = this.opts.devices.get(r.serial);
      const st = d?.status;
      this.opts.runStore.addRunWarning(r.id, `Resumed ${new Date().toISOString()}${st ? `: battery ${st.batteryLevel ?? '?'} %, ${chargingState(st)}, ${st.skinTempC ?? st.batteryTempC ?? '?'} C` : ''}.`);
    }
    const finished = this.#launch(id, req, items, row.seed, row.reps, row.total, done, internals);
    return { campaignId: id, remaining: row.total - done, finished };
  }

  cancel(id: string): boolean {
    const ac = this.#active.get(id);
    if (!ac) return false;
    ac.message = 'Cancelling after the prompts in flight';
    ac.controller.abort();
    this.#emit(ac, true);
    return true;
  }

  /** Stops running campaigns (they stay resumable) and waits for them to store what they have. */
  async close(): Promise<void> {
    const all = [...this.#active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.finished));
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  #launch(id: string, req: CampaignRequest, items: PromptItem[], seed: string, reps: number, total: number, done: number, callInternals: CampaignInternals): Promise<CampaignOutcome> {
    const internals = { ...(this.opts.internals ?? {}), ...callInternals };
    const runs = this.store.runs(id);
    const ac: ActiveCampaign = {
      id,
      controller: new AbortController(),
      req,
      items,
      seed,
      reps,
      total,
      done,
      status: 'running',
      message: 'Starting',
      lastEmit: 0,
      emitTimer: null,
      devices: runs.map((r) => {
        const runDone = this.store.countResults(r.id);
        const method = (this.opts.db.prepare('SELECT energy_method FROM runs WHERE id = ?').pluck().get(r.id) as EnergyMethod | null) ?? null;
        return {
          serial: r.serial,
          runId: r.id,
          method,
          intervals: [],
          lastStoredAt: null,
          progress: {
            serial: r.serial,
            runId: r.id,
            state: 'pending',
            phase: null,
            modelId: null,
            done: runDone,
            total: total / Math.max(1, runs.length),
            etaMs: null,
            message: 'Waiting to start',
            powerW: null,
            tokensPerSec: null,
            tempC: null,
            batteryPct: null,
          },
        };
      }),
      finished: Promise.resolve(null as unknown as CampaignOutcome),
      internals,
      onDeviceMs: 0,
    };
    this.#active.set(id, ac);
    this.#startHeartbeat();
    ac.finished = (async (): Promise<CampaignOutcome> => {
      let error: string | null = null;
      try {
        const outcomes = await Promise.all(ac.devices.map((d) => this.#runDevice(ac, d).catch((err: unknown) => {
          d.progress.state = 'failed';
          d.progress.message = errorMessage(err);
          return { status: 'failed' as RunStatus, error: errorMessage(err) };
        })));
        for (const [i, o] of outcomes.entries()) {
          const d = ac.devices[i]!;
          this.store.setRunStatus(d.runId, o.status, o.error, true);
        }
        const statuses = outcomes.map((o) => o.status);
        ac.status = ac.controller.signal.aborted
          ? 'cancelled'
          : statuses.every((s) => s === 'done')
            ? 'done'
            : statuses.every((s) => s === 'failed') && this.#storedTotal(ac) === 0
              ? 'failed'
              : 'partial';
        const errors = outcomes.filter((o) => o.error).map((o, i) => `${ac.devices[i]?.serial ?? ''}: ${o.error}`);
        error = ac.status === 'cancelled' ? 'Cancelled by the user.' : errors.length ? errors.join('; ') : null;
      } catch (err) {
        ac.status = 'failed';
        error = errorMessage(err);
      }
      try {
        this.store.finish(id, ac.status, error);
      } catch {
        /* the database is closing */
      }
      ac.message = error ?? 'Done';
      this.#emit(ac, true);
      this.#active.delete(id);
      return { campaignId: id, status: ac.status, error, done: ac.done, total: ac.total, onDeviceMs: ac.onDeviceMs };
    })();
    this.#emit(ac, true);
    return ac.finished;
  }

  #storedTotal(ac: ActiveCampaign): number {
    return ac.devices.reduce((n, d) => n + this.store.countResults(d.runId), 0);
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => {
      try {
        this.store.heartbeat(this.activeIds, this.owner);
      } catch {
        /* closing */
      }
      if (this.#active.size === 0 && this.#heartbeat) {
        clearInterval(this.#heartbeat);
        this.#heartbeat = null;
      }
    }, this.opts.internals?.heartbeatMs ?? 2000);
    this.#heartbeat.unref();
  }

  #progress(ac: ActiveCampaign): CampaignProgress {
    for (const d of ac.devices) {
      const avg = d.intervals.length ? d.intervals.reduce((a, b) => a + b, 0) / d.intervals.length : null;
      const finished = ['done', 'partial', 'failed', 'cancelled'].includes(d.progress.state);
      d.progress.etaMs = finished ? 0 : avg === null ? null : Math.round(avg * Math.max(0, d.progress.total - d.progress.done));
    }
    const etas = ac.devices.map((d) => d.progress.etaMs);
    const eta = ac.status !== 'running' ? 0 : etas.some((e) => e === null) && ac.done < ac.total ? null : Math.max(0, ...etas.map((e) => e ?? 0));
    return {
      campaignId: ac.id,
      status: ac.status,
      done: ac.done,
      total: ac.total,
      etaMs: eta,
      devices: ac.devices.map((d) => ({ ...d.progress })),
      message: ac.message,
      at: Date.now(),
    };
  }

  #emit(ac: ActiveCampaign, force = false): void {
    const gap = ac.internals.progressThrottleMs ?? 250;
    const now = Date.now();
    if (!force && now - ac.lastEmit < gap) {
      ac.emitTimer ??= setTimeout(() => {
        ac.emitTimer = null;
        this.#emit(ac, true);
      }, gap - (now - ac.lastEmit));
      return;
    }
    if (ac.emitTimer) {
      clearTimeout(ac.emitTimer);
      ac.emitTimer = null;
    }
    ac.lastEmit = now;
    this.opts.events.emit('campaigns.progress', this.#progress(ac));
  }

  #set(ac: ActiveCampaign, d: DeviceRun, state: CampaignDeviceState, message: string): void {
    const changed = d.progress.state !== state;
    d.progress.state = state;
    d.progress.message = message;
    if (state !== 'measuring') {
      d.progress.powerW = null;
      d.progress.tokensPerSec = null;
    }
    this.#emit(ac, changed);
  }

  #batteryPct(serial: string): number | null {
    return this.opts.devices.get(serial)?.status?.batteryLevel ?? null;
  }

  #floor(ac: ActiveCampaign): { min: number; resume: number } {
    const min = ac.req.batteryFloor?.minPct ?? 15;
    return { min, resume: Math.max(min, ac.req.batteryFloor?.resumePct ?? Math.min(100, min + 10)) };
  }

  /** Waits until the phone is online (it resumes by itself when it comes back). */
  async #waitOnline(ac: ActiveCampaign, d: DeviceRun): Promise<{ facts: DeviceFacts; model: string | null }> {
    const limit = ac.internals.deviceWaitMs ?? 30 * 60_000;
    const start = Date.now();
    let announced = false;
    for (;;) {
      ac.controller.signal.throwIfAborted();
      const s = this.opts.devices.get(d.serial);
      if (s?.state === 'device' && s.facts) {
        const alive = await this.opts.bridge.shell(d.serial, sh('true'), { timeoutMs: 3000 }).then(() => true, () => false);
        if (alive) {
          if (announced) this.opts.runStore.addRunWarning(d.runId, `${d.serial} was offline for ${Math.round((Date.now() - start) / 1000)} s; resumed where it stopped.`);
          return { facts: s.facts, model: s.model };
        }
      }
      if (!announced) {
        announced = true;
        this.#set(ac, d, 'waiting-device', `${d.serial} is ${s?.state ?? 'not connected'}: paused until it is back`);
      }
      if (Date.now() - start > limit) throw new Error(`${d.serial} did not come back within ${Math.round(limit / 60_000)} min; its part stopped (resume the run once it is back).`);
      await sleep(250);
    }
  }

  async #waitBattery(ac: ActiveCampaign, d: DeviceRun): Promise<void> {
    const { min, resume } = this.#floor(ac);
    let level = this.#batteryPct(d.serial);
    d.progress.batteryPct = level;
    if (level === null || level >= min) return;
    const needsUnplug = d.method !== 'odpm';
    this.opts.runStore.addRunWarning(d.runId, `Paused at ${level} % battery (floor ${min} %); resumed at ${resume} %${needsUnplug ? ' and on battery' : ''}.`);
    for (;;) {
      ac.controller.signal.throwIfAborted();
      const st = this.opts.devices.get(d.serial)?.status ?? null;
      level = st?.batteryLevel ?? null;
      d.progress.batteryPct = level;
      const charging = st ? isCharging(st) : false;
      if (level !== null && level >= resume && (!needsUnplug || !charging)) return;
      this.#set(ac, d, 'battery-low', level !== null && level >= resume ? `Charged to ${level} %: unplug the charger to measure on battery (${d.method ?? 'fuel gauge'})` : `Battery ${level ?? '?'} % < ${min} %: paused until ${resume} %${charging ? '' : ' (plug in a charger)'}`);
      await sleep(ac.internals.batteryPollMs ?? 2000);
    }
  }

  async #runDevice(ac: ActiveCampaign, d: DeviceRun): Promise<{ status: RunStatus; error: string | null }> {
    const models = this.store.runModels(d.runId);
    const modelErrors: string[] = [];
    let anyFailed = false;
    for (const m of models) {
      if (ac.controller.signal.aborted) break;
      const all = modelJobs(ac.items, ac.seed, ac.reps, m.position);
      const stored = this.store.storedCells(m.id);
      let jobs = all.filter((j) => !stored.has(cellKey(j.item.id, j.rep ?? 0)));
      if (jobs.length === 0) {
        if (m.status === 'failed' || m.status === 'partial') anyFailed = true;
        if (m.status !== 'done' && m.status !== 'failed' && m.status !== 'partial') this.store.setModelStatus(m.id, this.store.failedResults(m.id) > 0 ? 'partial' : 'done', null);
        continue;
      }
      this.store.setModelStatus(m.id, 'running', null);
      d.progress.modelId = m.modelId;
      let modelError: string | null = null;
      let cancelled = false;
      while (jobs.length > 0) {
        if (ac.controller.signal.aborted) {
          cancelled = true;
          break;
        }
        let device;
        try {
          device = await this.#waitOnline(ac, d);
          await this.#waitBattery(ac, d);
        } catch (err) {
          if (ac.controller.signal.aborted) {
            cancelled = true;
            break;
          }
          throw err;
        }
        this.#set(ac, d, 'measuring', `Measuring ${m.modelId}`);
        const floor = this.#floor(ac);
        const outcome = await measureModel(
          {
            bridge: this.opts.bridge,
            store: this.opts.runStore,
            home: this.opts.home,
            device: { serial: d.serial, facts: device.facts, model: device.model },
            signal: ac.controller.signal,
            internals: { ...ac.internals, maxRestarts: 0 },
            emitResult: (r) => {
              this.opts.events.emit('runs.result', r);
              if (r.ok && r.totalMs !== null) ac.onDeviceMs += r.totalMs;
              ac.internals.onStored?.(d.serial, d.progress.done, r);
            },
            warn: (w) => this.opts.runStore.addRunWarning(d.runId, `${m.modelId}: ${w}`),
            onLive: (live) => {
              d.progress.powerW = live.powerW;
              d.progress.tokensPerSec = live.tokensPerSec;
              d.progress.tempC = live.tempC;
            },
            onProgress: (phase, message, extra) => {
              d.progress.phase = phase;
              if (extra?.stored) {
                d.progress.done++;
                ac.done++;
                const now = Date.now();
                if (d.lastStoredAt !== null) {
                  d.intervals.push(now - d.lastStoredAt);
                  if (d.intervals.length > 50) d.intervals.shift();
                }
                d.lastStoredAt = now;
                d.progress.message = `${m.modelId}: ${d.progress.done}/${d.progress.total}`;
                this.#emit(ac);
                return;
              }
              if (phase !== 'prompts') d.lastStoredAt = null;
              d.progress.message = `${m.modelId}: ${message}`;
              if (!message.startsWith('Pushing')) this.#emit(ac);
            },
          },
          {
            runId: d.runId,
            runModelId: m.id,
            modelId: m.modelId,
            method: d.method ?? 'odpm',
            sampleHz: ac.req.sampleHz ?? 20,
            maxTokens: ac.req.maxTokens ?? 64,
            idleBaselineMs: ac.req.idleBaselineMs ?? 3000,
            cooldown: ac.req.cooldown ?? { maxTempC: 40, timeoutMs: 120_000 },
            warmups: ac.req.warmup ?? 1,
            recordWarmups: true,
            retryLostPrompts: true,
            jobs,
            beforePrompt: () => {
              const lvl = this.#batteryPct(d.serial);
              d.progress.batteryPct = lvl;
              return lvl !== null && lvl < floor.min ? 'stop' : 'go';
            },
          },
        );
        if (outcome.modelWindow) this.store.addModelWindow(m.id, outcome.modelWindow);
        jobs = outcome.remaining;
        if (outcome.stop === 'done') {
          if (jobs.length > 0) modelError = `${jobs.length} prompt(s) were not stored.`;
          break;
        }
        if (outcome.stop === 'cancelled') {
          cancelled = true;
          break;
        }
        if (outcome.stop === 'stopped' || outcome.stop === 'device-lost') continue;
        if (outcome.stop === 'error') {
          // A phone that went away during deploy/load/baseline is waited for; anything else fails the model.
          await sleep(1000);
          const online = this.opts.devices.get(d.serial)?.state === 'device' && (await this.opts.bridge.shell(d.serial, sh('true'), { timeoutMs: 3000 }).then(() => true, () => false));
          if (!online) continue;
        }
        modelError = outcome.error ?? 'The model failed.';
        break;
      }
      let status: RunModelStatus;
      if (cancelled) status = this.store.countResults(d.runId) > 0 && jobs.length < all.length ? 'partial' : 'pending';
      else if (modelError) status = 'failed';
      else status = this.store.failedResults(m.id) > 0 ? 'partial' : 'done';
      this.store.setModelStatus(m.id, status, cancelled ? 'Cancelled by the user.' : modelError);
      if (modelError) {
        anyFailed = true;
        modelErrors.push(`${m.modelId}: ${modelError}`);
        this.opts.runStore.addRunWarning(d.runId, `${m.modelId} failed: ${modelError}`);
      } else if (status === 'partial') anyFailed = true;
      if (cancelled) break;
    }
    if (ac.controller.signal.aborted) {
      this.#set(ac, d, 'cancelled', 'Cancelled');
      return { status: 'cancelled', error: 'Cancelled by the user.' };
    }
    const status: RunStatus = anyFailed ? (this.store.countResults(d.runId) > 0 ? 'partial' : 'failed') : 'done';
    this.#set(ac, d, status === 'done' ? 'done' : status === 'partial' ? 'partial' : 'failed', modelErrors.join('; ') || 'Done');
    d.progress.modelId = null;
    return { status, error: modelErrors.length ? modelErrors.join('; ') : null };
  }
}
