/**
 * Runs as the API sees them: starts a Quick profile in the background (one run per phone at a time), forwards
 * progress and results as events, cancels, and reads stored runs back.
 */
import { randomUUID } from 'node:crypto';
import type { LabHandlers } from '../../shared/contract';
import type { PromptResult, RunProgress } from '../../shared/runs';
import { LabError } from '../api/lab-error';
import type { DeviceManager } from '../devices/device-manager';
import type { DeviceBridge } from '../devices/types';
import { RunnerError, type RunnerErrorCode } from '../runner/errors';
import { listModels } from '../runner/models';
import type { Db } from '../store/database';
import { preflight, runQuickProfile, type QuickProfileInternals, type QuickProfileOutcome, type QuickProfileRequest } from './quick-profile';
import { RunStore } from './run-store';

const CODES: Record<RunnerErrorCode, 'bad-request' | 'not-found' | 'unavailable' | 'failed'> = {
  'runner-missing': 'unavailable',
  'cactus-unsupported': 'bad-request',
  'model-not-found': 'not-found',
  'model-corrupt': 'failed',
  'insufficient-storage': 'unavailable',
  'deploy-failed': 'failed',
  'runner-init-failed': 'failed',
  'runner-crashed': 'failed',
  'device-disconnected': 'unavailable',
  timeout: 'failed',
  'request-failed': 'failed',
  charging: 'unavailable',
  'no-energy-source': 'unavailable',
  'calibration-failed': 'failed',
  cancelled: 'failed',
  'download-failed': 'unavailable',
};

export function toLabError(err: unknown): unknown {
  if (err instanceof RunnerError) return new LabError(CODES[err.code] ?? 'failed', err.message);
  return err;
}

export interface RunServiceOptions {
  db: Db;
  bridge: DeviceBridge;
  devices: Pick<DeviceManager, 'get' | 'reprobe'>;
  home: string;
  onProgress: (p: RunProgress) => void;
  onResult: (r: PromptResult) => void;
}

interface Active {
  serial: string;
  controller: AbortController;
  done: Promise<QuickProfileOutcome | null>;
}

export class RunService {
  readonly store: RunStore;
  readonly #active = new Map<string, Active>();
  readonly #closers: Array<() => Promise<void>> = [];

  constructor(private readonly opts: RunServiceOptions) {
    this.store = new RunStore(opts.db);
    // Runs left 'running' by a lab that died are NOT failed here: another lab process (the app and a CLI `run`)
    // may share this home and be running them. `store.failInterrupted()` exists for an owner-aware cleanup.
  }

  async #device(serial: string) {
    let d = this.opts.devices.get(serial);
    if (!d) throw new LabError('not-found', `No device "${serial}" is known to the lab. Run \`aurora-lab devices\` to see the list (virtual phones: \`aurora-lab connect HOST:PORT\` first).`);
    // A network device that just dropped (adb server restart, Wi-Fi blip) is re-connected by the device manager.
    for (let waited = 0; d.state !== 'device' && waited < 8000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      d = this.opts.devices.get(serial) ?? d;
    }
    if (d.state !== 'device') throw new LabError('unavailable', `${serial} is ${d.state}; it must be online to measure.${d.error ? ` ${d.error}` : ''}`);
    if (!d.facts) d = await this.opts.devices.reprobe(serial);
    if (!d.facts) throw new LabError('unavailable', `${serial} could not be probed: ${d.error ?? 'unknown error'}`);
    return { serial, facts: d.facts, model: d.model };
  }

  /**
   * Checks what can be refused up front (device, CPU, runner build, charging), then starts the run in the
   * background. `done` resolves with the outcome (never rejects).
   */
  async startQuickProfile(req: QuickProfileRequest, internals?: QuickProfileInternals): Promise<{ runId: string; done: Promise<QuickProfileOutcome | null> }> {
    const device = await this.#device(req.serial);
    for (const a of this.#active.values()) {
      if (a.serial === req.serial) throw new LabError('unavailable', `${req.serial} is already running a measurement; wait for it or cancel it.`);
    }
    let pre;
    try {
      pre = await preflight(this.opts.bridge, device.facts, req.serial, req);
    } catch (err) {
      throw toLabError(err);
    }
    const runId = randomUUID();
    const controller = new AbortController();
    const done = runQuickProfile(
      {
        bridge: this.opts.bridge,
        store: this.store,
        home: this.opts.home,
        device,
        emitProgress: this.opts.onProgress,
        emitResult: this.opts.onResult,
        signal: controller.signal,
        preflight: pre,
        ...(internals ? { internals } : {}),
      },
      req,
      runId,
    )
      .catch((err: unknown) => {
        // Only a failure before the run row existed gets here (e.g. the database closed).
        const message = err instanceof Error ? err.message : String(err);
        this.opts.onProgress({ runId, serial: req.serial, phase: 'failed', done: 0, total: req.prompts.length, etaMs: null, message, modelId: req.model, at: Date.now() });
        return null;
      })
      .finally(() => this.#active.delete(runId));
    this.#active.set(runId, { serial: req.serial, controller, done });
    return { runId, done };
  }

  cancel(runId: string): boolean {
    const a = this.#active.get(runId);
    if (!a) return false;
    a.controller.abort();
    return true;
  }

  /** Something else measuring through this service's store (campaigns) that must stop before the database closes. */
  onClose(fn: () => Promise<void>): void {
    this.#closers.push(fn);
  }

  /** Cancels running runs and waits for them to store what they have. */
  async close(): Promise<void> {
    await Promise.all(this.#closers.map((fn) => fn().catch(() => {})));
    const all = [...this.#active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.done));
  }

  handlers(): LabHandlers['runs'] {
    return {
      models: async () => listModels(this.opts.home),
      quickProfile: async (req) => ({ runId: (await this.startQuickProfile(req)).runId }),
      cancel: async ({ runId }) => ({ cancelled: this.cancel(runId) }),
      get: async ({ runId }) => {
        const r = this.store.getRun(runId);
        if (!r) throw new LabError('not-found', `No run ${runId}.`);
        return r;
      },
      list: async ({ serial, limit }) => this.store.listRuns(serial, limit),
      results: async ({ runId }) => {
        if (!this.store.getRun(runId)) throw new LabError('not-found', `No run ${runId}.`);
        return this.store.results(runId);
      },
      powerTimeline: async ({ runId, maxPoints }) => {
        const t = this.store.powerTimeline(runId, maxPoints);
        if (!t) throw new LabError('not-found', `No run ${runId}.`);
        return t;
      },
    };
  }
}
