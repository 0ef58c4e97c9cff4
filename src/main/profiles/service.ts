/**
 * Router profiles in the lab: build from stored runs (a campaign id stands for its runs), import (v2, seed v1),
 * export, list, compare, delete, route a prompt (with a stored profile or a document); and the shipped default
 * profile, imported on the first start of a lab home without profiles.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EmbedModel, ProfileComparison, ProfileDetail, ProfileExport, ProfileSummary, RouteDecision } from '../../shared/api/profiles';
import { buildProfileSchema } from '../../shared/api/profiles';
import type { z } from 'zod';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import type { DevicesService } from '../devices/service';
import type { ProfileV2 } from '../routing';
import { listModels } from '../runner/models';
import type { ResultsRepository } from '../runs/results-repository';
import type { RunsService } from '../runs/service';
import { JobCancelledError } from '../compute/worker-thread';
import { buildFromMatrix, type BuildProgress } from './build';
import { DeviceEmbedder } from './device-embedder';
import { DEFAULT_PROFILE_NAME, exportProfile, findDefaultProfile, parseProfileText } from './files';
import { simulatedModelConfig, trainingMatrixOf } from './measured';
import { PromptRouter, type RouteOptions } from './prompt-router';
import { checkKnownModels } from '../runner/model-check';
import type { EmbeddingCache, ProfileRepository } from './repository';
import { compareProfiles, detailOf } from './views';

export type BuildInput = z.input<typeof buildProfileSchema>;
export type { RouteRequest } from './prompt-router';

export interface ProfilesServiceOptions {
  repository: ProfileRepository;
  cache: EmbeddingCache;
  home: string;
  /** Runs to build from; absent where profiles are only read, imported or routed. */
  runs?: RunsService;
  results?: ResultsRepository;
  /** For the device embedder; absent in pure file uses. */
  devices?: DevicesService;
  events?: LabEventSink;
  /** Tests: extra env for the simulated engine (AURORA_SIM_TIME_SCALE). */
  simEnv?: Record<string, string>;
}

const DEFAULT_MARKER = 'default-imported';
const NO_PROFILE_HELP = '`aurora-lab profiles` lists them.';

export class ProfilesService {
  readonly #router: PromptRouter;
  /** Builds in flight by buildId, for `cancelBuild`. */
  readonly #building = new Map<string, AbortController>();

  constructor(private readonly opts: ProfilesServiceOptions) {
    this.#router = new PromptRouter((serial, model) => this.deviceEmbedder(serial, model));
  }

  get cache(): EmbeddingCache {
    return this.opts.cache;
  }

  /**
   * Imports profiles/default-virtual.json when the lab has no profile and never imported it (idempotent; safe with
   * several lab processes on one home). Returns the new profile's summary, or null when nothing was done.
   */
  ensureDefault(file: string | null = findDefaultProfile()): ProfileSummary | null {
    const repo = this.opts.repository;
    if (!file || repo.count() > 0 || repo.getMeta(DEFAULT_MARKER) !== null) return null;
    const { profile } = parseProfileText(readFileSync(file));
    return repo.transaction(() => {
      if (repo.count() > 0 || !repo.claimMeta(DEFAULT_MARKER, profile.checksum)) return null;
      return repo.insert({ id: randomUUID(), name: DEFAULT_PROFILE_NAME, source: 'imported-v2', profile, isDefault: true });
    });
  }

  list(): ProfileSummary[] {
    return this.opts.repository.list();
  }

  #get(id: string): { summary: ProfileSummary; profile: ProfileV2 } {
    const summary = this.opts.repository.summary(id);
    if (!summary) throw new LabError('not-found', `No router profile ${id} in this lab. ${NO_PROFILE_HELP}`);
    let profile: ProfileV2 | null;
    try {
      profile = this.opts.repository.body(id);
    } catch (err) {
      throw new LabError('failed', `Stored router profile ${id} no longer validates (edited in the database?): ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!profile) throw new LabError('not-found', `No router profile ${id} in this lab. ${NO_PROFILE_HELP}`);
    return { summary, profile };
  }

  get(id: string): ProfileDetail {
    const { summary, profile } = this.#get(id);
    return detailOf(summary, profile);
  }

  profile(id: string): ProfileV2 {
    return this.#get(id).profile;
  }

  delete(id: string): boolean {
    this.#router.forget(id);
    return this.opts.repository.delete(id);
  }

  importText(text: string | Uint8Array, name?: string): ProfileSummary {
    const { profile, source } = parseProfileText(text);
    const label =
      name ??
      (source === 'imported-seed-v1'
        ? `Seed v1 import (${profile.embedder.type === 'external' ? profile.embedder.model : 'lexical'}, K=${profile.clusters.k})`
        : `Imported v2 (K=${profile.clusters.k}, ${profile.models.length} models)`);
    return this.opts.repository.insert({ id: randomUUID(), name: label, source, profile });
  }

  /** A router profile document (v2 or seed v1 text), parsed and validated; not stored. */
  parse(json: string): ProfileV2 {
    return parseProfileText(json).profile;
  }

  /** A stored router profile, or a document (`json`), as a file of `format`. */
  export(what: { profileId?: string | undefined; json?: string | undefined }, format: 'v2' | 'seed-v1'): ProfileExport {
    if (what.json !== undefined) return exportProfile(parseProfileText(what.json).profile, format, 'profile');
    const { summary, profile } = this.#get(what.profileId ?? '');
    return exportProfile(profile, format, summary.name);
  }

  compare(a: string, b: string): ProfileComparison {
    const A = this.#get(a);
    const B = this.#get(b);
    return compareProfiles(A.summary, A.profile, B.summary, B.profile);
  }

  /** Models with a shipped simulated definition that can embed, and cached real models the catalogue says embed. */
  embedModels(): EmbedModel[] {
    return listModels(this.opts.home)
      .map((m) => ({ m, cfg: simulatedModelConfig(m.id) }))
      .filter(({ cfg }) => cfg?.get('can_embed') === '1')
      .map(({ m, cfg }) => ({ id: m.id, dim: cfg?.get('embedding_dim') ? Number(cfg.get('embedding_dim')) : null, simulated: m.simulated }));
  }

  /** A device embedder on a phone the lab knows. The caller closes it. */
  async deviceEmbedder(serial: string, modelId: string, onProgress?: (done: number, total: number) => void): Promise<DeviceEmbedder> {
    checkKnownModels([modelId], { home: this.opts.home, field: () => 'embedModel' });
    const devices = this.opts.devices;
    if (!devices) throw new LabError('unavailable', "The device embedder needs the lab's device manager (adb).");
    const d = devices.get(serial);
    if (d.state !== 'device' || !d.facts) throw new LabError('unavailable', `${serial} is ${d.state}${d.facts ? '' : ' (not probed yet)'}; it must be online to embed.`);
    return DeviceEmbedder.open({
      bridge: devices.bridge,
      serial,
      facts: d.facts,
      home: this.opts.home,
      modelId,
      cache: this.opts.cache,
      ...(onProgress ? { onProgress } : {}),
      ...(this.opts.simEnv ? { simEnv: this.opts.simEnv } : {}),
    });
  }

  /** Builds a router profile from runs (or campaigns' runs) without storing it. */
  async buildFromRuns(input: BuildInput, progress: BuildProgress = () => {}, signal?: AbortSignal): Promise<{ profile: ProfileV2; name: string }> {
    const req = buildProfileSchema.parse(input);
    const { runs, results } = this.opts;
    if (!runs || !results) throw new LabError('unavailable', 'Building a router profile needs the lab\'s runs.');
    progress({ phase: 'loading-runs', message: `Reading ${req.runIds.length} run(s)`, done: null, total: null });
    const runIds = runs.resolveRunIds(req.runIds);
    const matrix = trainingMatrixOf(runIds.map((id) => runs.get(id)), results.measuredColumns(runIds));
    return buildFromMatrix(req, matrix, (serial, model, onProgress) => this.deviceEmbedder(serial, model, onProgress), progress, signal);
  }

  /** Builds (on the compute worker) and stores; emits `profiles.progress`; `cancelBuild(buildId)` stops it. */
  async build(input: BuildInput): Promise<{ buildId: string; profileId: string; profile: ProfileSummary }> {
    const buildId = input.buildId ?? randomUUID();
    if (this.#building.has(buildId)) throw new LabError('bad-request', `A build with id ${buildId} is already running; give another buildId.`);
    const abort = new AbortController();
    this.#building.set(buildId, abort);
    const emit: BuildProgress = (p) => this.opts.events?.emit('profiles.progress', { buildId, at: Date.now(), ...p });
    try {
      const { profile, name } = await this.buildFromRuns(input, emit, abort.signal);
      // Cancelled after the worker answered but before storing: still nothing stored.
      if (abort.signal.aborted) throw new JobCancelledError('Router profile build');
      emit({ phase: 'storing', message: 'Storing the router profile', done: null, total: null });
      const summary = this.opts.repository.insert({ id: randomUUID(), name, source: 'built', profile });
      emit({ phase: 'done', message: `Built ${summary.name}`, done: null, total: null, profileId: summary.id });
      return { buildId, profileId: summary.id, profile: summary };
    } catch (err) {
      emit({ phase: err instanceof JobCancelledError ? 'cancelled' : 'failed', message: err instanceof Error ? err.message : String(err), done: null, total: null });
      throw err;
    } finally {
      this.#building.delete(buildId);
    }
  }

  /** Stops a build in flight (nothing of it is stored); false when no build has that id now. */
  cancelBuild(buildId: string): boolean {
    const abort = this.#building.get(buildId);
    if (!abort) return false;
    abort.abort();
    return true;
  }

  /** Routes a prompt with a stored router profile, or with a document (`json`: keyed by its checksum). */
  async route(what: { profileId?: string | undefined; json?: string | undefined }, req: RouteOptions): Promise<RouteDecision> {
    if (what.json !== undefined) {
      const { profile } = parseProfileText(what.json);
      return this.#router.route(profile.checksum, profile, req);
    }
    const id = what.profileId ?? '';
    return this.#router.route(id, this.#get(id).profile, req);
  }
}
