/**
 * Runs as the API sees them: starts a quick run in the background (one measurement per phone at a time), reports
 * progress and results on the event bus, cancels, reads stored runs back, exports and deletes them. Wherever runs
 * are taken, a campaign id stands for all its runs (`resolveRunIds`), so the id one command prints works in the next.
 */
import { randomUUID } from 'node:crypto';
import type { RunsExport } from '../../shared/api/runs';
import type { ModelInfo, PowerTimeline, PromptResult, RunDetail, RunKind, RunSummary } from '../../shared/runs';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import type { DevicesService } from '../devices/service';
import { exportTable } from './exports';
import { listModels } from '../runner/models';
import { checkKnownModels, checkModelsFor } from '../runner/model-check';
import { preflight, runQuickRun, type QuickRunInternals, type QuickRunOutcome, type QuickRunRequest } from './quick-run';
import type { RunRepository } from './repository';
import type { ResultsRepository } from './results-repository';

export interface RunsServiceOptions {
  runs: RunRepository;
  results: ResultsRepository;
  devices: DevicesService;
  home: string;
  events: LabEventSink;
}

interface Active {
  serial: string;
  controller: AbortController;
  done: Promise<QuickRunOutcome | null>;
}

export const NO_RUN_HELP = '`aurora-lab runs` lists runs, `aurora-lab campaigns` lists campaigns.';

export class RunsService {
  readonly #active = new Map<string, Active>();
  readonly #closers: Array<() => Promise<void>> = [];

  constructor(private readonly opts: RunsServiceOptions) {}

  models(): ModelInfo[] {
    return listModels(this.opts.home);
  }

  /** Whether the phone is measuring a quick run in this lab now. */
  busy(serial: string): boolean {
    return [...this.#active.values()].some((a) => a.serial === serial);
  }

  /**
   * Checks what can be refused up front (device, CPU, runner build, charging), then starts the run in the
   * background. `done` resolves with the outcome (never rejects).
   */
  async startQuickRun(req: QuickRunRequest, internals?: QuickRunInternals): Promise<{ runId: string; done: Promise<QuickRunOutcome | null> }> {
    const modelCheck = { home: this.opts.home, field: () => 'model', ...(internals?.resourcesDir ? { resourcesDir: internals.resourcesDir } : {}) };
    checkKnownModels([req.model], modelCheck);
    const device = await this.opts.devices.online(req.serial);
    if (this.busy(req.serial)) throw new LabError('unavailable', `${req.serial} is already running a measurement; wait for it or cancel it.`);
    const pre = await preflight(this.opts.devices.bridge, device.facts, req.serial, req);
    checkModelsFor(device.facts, req.serial, [req.model], modelCheck);
    const runId = randomUUID();
    const controller = new AbortController();
    const { events } = this.opts;
    const done = runQuickRun(
      {
        bridge: this.opts.devices.bridge,
        store: this.opts.runs,
        home: this.opts.home,
        device,
        emitProgress: (p) => events.emit('runs.progress', p),
        emitResult: (r) => events.emit('runs.result', r),
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
        events.emit('runs.progress', { runId, serial: req.serial, phase: 'failed', done: 0, total: req.prompts.length, etaMs: null, message, modelId: req.model, at: Date.now() });
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

  /** Something else measuring through the runs (campaigns) that must stop before the database closes. */
  onClose(fn: () => Promise<void>): void {
    this.#closers.push(fn);
  }

  /** Cancels running measurements and waits for them to store what they have. */
  async close(): Promise<void> {
    await Promise.all(this.#closers.map((fn) => fn().catch(() => {})));
    const all = [...this.#active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.done));
  }

  get(runId: string): RunDetail {
    const r = this.opts.runs.getRun(runId);
    if (!r) throw this.#noRun(runId);
    return r;
  }

  list(filter: { serial?: string; kind?: RunKind; campaignId?: string; limit?: number }): RunSummary[] {
    return this.opts.runs.listRuns(filter);
  }

  results(runId: string): PromptResult[] {
    this.get(runId);
    return this.opts.results.results(runId);
  }

  powerTimeline(runId: string, maxPoints?: number): PowerTimeline {
    return this.opts.results.powerTimeline(this.get(runId), maxPoints);
  }

  /**
   * Run ids for ids as the CLI and the pages print them: a run id stays, a campaign id becomes its runs (in device
   * order); duplicates go. An id that is neither is refused, naming the commands that list them.
   */
  resolveRunIds(ids: readonly string[]): string[] {
    const out: string[] = [];
    for (const id of ids) {
      // A campaign has one run per device, linked by campaign_id: its runs are how it is known here.
      const runIds = this.opts.runs.getRun(id) ? [id] : this.opts.runs.campaignRuns(id).map((r) => r.id);
      if (runIds.length === 0) throw new LabError('not-found', `No run or campaign ${id} in this lab. ${NO_RUN_HELP}`);
      for (const r of runIds) if (!out.includes(r)) out.push(r);
    }
    return out;
  }

  /** Whether an id is a campaign's (it has runs linked to it). */
  isCampaign(id: string): boolean {
    return this.opts.runs.campaignRuns(id).length > 0;
  }

  /** Every prompt result of a run, or of every run of a campaign (a campaign id), as CSV or JSON. */
  export(id: string, format: 'csv' | 'json'): RunsExport {
    const kind = this.opts.runs.getRun(id) ? 'run' : 'campaign';
    const text = exportTable(this.opts.results.exportRows(this.resolveRunIds([id])), format);
    return { format, fileName: `aurora-${kind}-${id.slice(0, 8)}.${format}`, text };
  }

  /** Deletes a quick run. A campaign's run is deleted with its campaign. */
  delete(runId: string): boolean {
    const r = this.get(runId);
    if (r.campaignId) throw new LabError('bad-request', `Run ${runId} is part of campaign ${r.campaignId}; delete the campaign with \`aurora-lab campaigns delete ${r.campaignId} --yes\`.`);
    if (this.#active.has(runId) || r.status === 'running') throw new LabError('unavailable', `Run ${runId} is running; cancel it before deleting it.`);
    return this.opts.runs.deleteRuns([runId]) > 0;
  }

  #noRun(id: string): LabError {
    return new LabError('not-found', `No run ${id} in this lab. ${NO_RUN_HELP}`);
  }
}
