/**
 * Campaigns: devices x models x a sampled prompt set x repetitions, each device at its own pace, in parallel.
 * Per device: model by model (cool-down/thermal gate, load, idle baseline, warm-ups recorded and discarded), the
 * model's prompts repetition by repetition in seeded order, each result committed with its samples as it arrives.
 * - Phone unplugged: the prompt in flight is not stored; the device's part waits for the phone and goes on where it
 *   stopped (other devices are not affected).
 * - Runner crash / OOM kill: the prompt is stored as failed, the model marked failed with the error, next model.
 * - Battery under the floor: the device pauses between prompts until it is charged again.
 * - Lab killed: the campaign stays 'running' with a stale heartbeat; the next lab start marks it 'interrupted' and
 *   `resume` runs exactly the (model, prompt, rep) cells that are missing (a unique key guards against duplicates).
 * The steps: start.ts (check, plan), session.ts (devices in parallel), device-run.ts, model-run.ts, waits.ts,
 * progress.ts, ownership.ts.
 */
import { randomUUID } from 'node:crypto';
import type { CampaignComparison, CampaignDetail, CampaignInfo, CampaignProgress, CampaignSummary } from '../../shared/api/campaigns';
import { campaignStartSchema } from '../../shared/api/campaigns';
import type { CallerKind } from '../../shared/contract';
import type { RunsExport } from '../../shared/api/runs';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import type { DatasetsService } from '../datasets/service';
import type { DevicesService } from '../devices/service';
import type { RunRepository } from '../runs/repository';
import type { RunsService } from '../runs/service';
import type { CampaignDetailRepository, DetailOptions } from './detail-repository';
import { filterAndSort, type ListFilter } from './list';
import { databasePath } from '../store/lab-home';
import { guardedRuns, sessionGuard, type SessionGuard } from './fence';
import { Ownership } from './ownership';
import { emitProgress, progressOf } from './progress';
import { OwnershipLost, type CampaignRepository } from './repository';
import { activeCampaign, runSession, type SessionPlan } from './session';
import { createCampaign } from './start';
import type { ActiveCampaign, CampaignDeps, CampaignInternals, CampaignOutcome, CampaignRequest } from './state';

export type { CampaignInternals, CampaignOutcome, CampaignRequest } from './state';

export interface CampaignsServiceOptions {
  campaigns: CampaignRepository;
  details: CampaignDetailRepository;
  runRepository: RunRepository;
  runs: RunsService;
  devices: DevicesService;
  datasets: DatasetsService;
  events: LabEventSink;
  home: string;
  /** Test hooks for every campaign of this service (heartbeat, staleness). */
  internals?: CampaignInternals;
}

interface Running {
  ac: ActiveCampaign;
  token: string;
  guard: SessionGuard;
  finished: Promise<CampaignOutcome>;
}

const NO_CAMPAIGN_HELP = '`aurora-lab campaigns` lists them.';

export class CampaignsService {
  readonly #active = new Map<string, Running>();
  readonly #ownership: Ownership;
  readonly #deps: CampaignDeps;

  constructor(private readonly opts: CampaignsServiceOptions) {
    this.#deps = { runs: opts.runRepository, devices: opts.devices, events: opts.events, home: opts.home };
    this.#ownership = new Ownership(opts.campaigns, opts.internals ?? {});
    // Campaigns left 'running' by a dead lab process are marked interrupted now; closing the runs stops ours first.
    this.#ownership.recover();
    opts.runs.onClose(() => this.close());
  }

  exists(id: string): boolean {
    return this.opts.campaigns.get(id) !== null;
  }

  summary(id: string): CampaignSummary {
    const s = this.opts.campaigns.summaries([id])[0];
    if (!s) throw new LabError('not-found', `No campaign ${id} in this lab. ${NO_CAMPAIGN_HELP}`);
    return s;
  }

  list(filter: ListFilter): CampaignSummary[] {
    return filterAndSort(this.opts.campaigns.summaries(), filter);
  }

  progressOf(id: string): CampaignProgress | null {
    const r = this.#active.get(id);
    return r ? progressOf(r.ac) : null;
  }

  /** Another live lab process runs it (resume/cancel must happen there). */
  isOwnedElsewhere(id: string): boolean {
    return this.opts.campaigns.get(id)?.status === 'running' && !this.#active.has(id);
  }

  info(id: string): CampaignInfo {
    const sum = this.summary(id);
    const c = this.opts.campaigns.get(id)!;
    return {
      ...sum,
      setFingerprint: c.setFingerprint,
      selectionFingerprint: c.selectionFingerprint,
      fingerprintVersion: c.fingerprintVersion,
      promptTemplateVersion: c.promptTemplateVersion,
      setSize: c.setSize,
      warmup: c.warmup,
      options: c.options,
      conditions: this.detail(id, { sections: ['conditions'] }).conditions ?? [],
      progress: this.progressOf(id),
      ownedElsewhere: this.isOwnedElsewhere(id),
    };
  }

  detail(id: string, opts: DetailOptions = {}): CampaignDetail {
    return this.opts.details.detail(this.summary(id), opts);
  }

  compare(a: string, b: string): CampaignComparison {
    const da = this.detail(a);
    const db = this.detail(b);
    const models = [...new Set([...da.campaign.modelIds, ...db.campaign.modelIds])];
    return { a: da, b: db, models, samePrompts: this.opts.campaigns.get(a)!.selectionFingerprint === this.opts.campaigns.get(b)!.selectionFingerprint };
  }

  export(id: string, format: 'csv' | 'json'): RunsExport {
    this.summary(id);
    return this.opts.runs.export(id, format);
  }

  delete(id: string): boolean {
    this.summary(id);
    if (this.#active.has(id) || this.isOwnedElsewhere(id)) throw new LabError('unavailable', `Campaign ${id} is running; cancel it before deleting it.`);
    return this.opts.campaigns.delete(id);
  }

  /**
   * Checks everything that can be refused up front, stores the plan, and starts measuring in the background.
   * `finished` resolves when the campaign ends (never rejects). `caller`: who named the data set (see
   * DatasetsService.load: over HTTP only the lab home's datasets folder).
   */
  async start(req: CampaignRequest, internals: CampaignInternals = {}, caller: CallerKind = 'cli'): Promise<{ campaignId: string; runIds: string[]; total: number; finished: Promise<CampaignOutcome> }> {
    const merged = { ...(this.opts.internals ?? {}), ...internals };
    const token = randomUUID();
    const c = await createCampaign({ ...this.#deps, datasets: this.opts.datasets, campaigns: this.opts.campaigns, owner: this.#ownership.owner, token, caller }, req, merged);
    const finished = this.#launch({ id: c.campaignId, req, items: c.items, seed: c.seed, reps: c.reps, total: c.total, done: 0, internals: merged, token });
    return { campaignId: c.campaignId, runIds: c.runIds, total: c.total, finished };
  }

  /** Continues a stopped campaign: only the missing cells run. */
  async resume(id: string, internals: CampaignInternals = {}): Promise<{ campaignId: string; remaining: number; finished: Promise<CampaignOutcome> }> {
    this.#ownership.recover();
    const c = this.opts.campaigns.get(id);
    if (!c) throw new LabError('not-found', `No campaign ${id} in this lab. ${NO_CAMPAIGN_HELP}`);
    if (this.#active.has(id)) throw new LabError('unavailable', `Campaign ${id} is already running in this lab.`);
    if (c.status === 'running') throw new LabError('unavailable', `Campaign ${id} is running in another lab process (pid ${c.owner.pid ?? '?'} on ${c.owner.host ?? '?'}); resume it there or stop that process first.`);
    if (c.status === 'done') throw new LabError('bad-request', `Campaign ${id} is complete; there is nothing to resume.`);
    const req = campaignStartSchema.parse(c.options);
    const runs = this.opts.runRepository.campaignRuns(id);
    const done = runs.reduce((n, r) => n + this.opts.runRepository.countResults(r.id), 0);
    // Devices must be known now (and online soon): a device that is not is waited for like an unplugged one.
    const token = randomUUID();
    this.opts.campaigns.claim(id, this.#ownership.owner, token);
    for (const r of runs) {
      this.opts.runRepository.setStatus(r.id, 'running', null, false);
      const st = this.opts.devices.status(r.serial);
      const conditions = st ? `: battery ${st.batteryLevel ?? '?'} %, ${st.chargingSource ? `charging:${st.chargingSource}` : st.batteryStatus}, ${st.skinTempC ?? st.batteryTempC ?? '?'} C` : '';
      this.opts.runRepository.addRunWarning(r.id, `Resumed ${new Date().toISOString()}${conditions}.`);
    }
    const merged = { ...(this.opts.internals ?? {}), ...internals };
    const finished = this.#launch({ id, req, items: this.opts.campaigns.items(id), seed: c.seed, reps: c.reps, total: c.total, done, internals: merged, token });
    return { campaignId: id, remaining: c.total - done, finished };
  }

  cancel(id: string): boolean {
    const r = this.#active.get(id);
    if (!r) return false;
    r.ac.message = 'Cancelling after the prompts in flight';
    r.ac.controller.abort();
    emitProgress(this.opts.events, r.ac, true);
    return true;
  }

  /** Stops running campaigns (they stay resumable) and waits for them to store what they have. */
  async close(): Promise<void> {
    const all = [...this.#active.values()];
    for (const r of all) r.ac.controller.abort();
    await Promise.all(all.map((r) => r.finished));
    this.#ownership.stop();
  }

  /** Runs a session under its fencing token: every write of it is guarded (fence.ts). */
  #launch(plan: SessionPlan): Promise<CampaignOutcome> {
    const { token } = plan;
    const held: { ac?: ActiveCampaign } = {};
    const guard = sessionGuard({
      campaigns: this.opts.campaigns,
      campaignId: plan.id,
      token,
      databaseFile: databasePath(this.opts.home),
      onHalt: (h) => {
        const ac = held.ac;
        if (!ac) return;
        ac.message = h.message;
        ac.controller.abort();
        emitProgress(this.opts.events, ac, true);
      },
    });
    const deps = { ...this.#deps, runs: guardedRuns(this.#deps.runs, guard) };
    const ac = (held.ac = activeCampaign(deps, plan));
    ac.noteFault = (err) => guard.note(err);
    const finished = runSession(deps, this.opts.campaigns, ac, guard).finally(() => this.#active.delete(ac.id));
    this.#active.set(ac.id, { ac, token, guard, finished });
    this.#ownership.beat(
      () => [...this.#active.values()].map((r) => ({ id: r.ac.id, token: r.token })),
      (id) => this.#active.get(id)?.guard.lost(new OwnershipLost(id, this.opts.campaigns.get(id)?.owner ?? null)),
    );
    emitProgress(this.opts.events, ac, true);
    return finished;
  }
}
