/**
 * Router profiles in the lab: build from stored runs (lexical or device embeddings), import (v2, seed v1),
 * export, list, compare, delete, route a prompt; and the shipped default profile imported on first start.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabHandlers } from '../../shared/contract';
import type { DeviceSummary } from '../../shared/devices';
import type { EmbedModel, ProfileBuildProgress, ProfileExport, ProfileSource, ProfileSummary, RouteDecision, routeProfileSchema } from '../../shared/api/profiles';
import { buildProfileSchema } from '../../shared/api/profiles';
import type { z } from 'zod';
import { LabError } from '../api/lab-error';
import type { DeviceBridge } from '../devices/types';
import {
  buildProfile,
  candidateMask,
  compileRouter,
  embedderFromSpec,
  exportSeedV1,
  parseAnyProfile,
  parseJsonDocument,
  route,
  serializeProfileV2,
  DEFAULT_MAX_PROFILE_BYTES,
  PROFILE_FORMAT,
} from '../routing';
import type { CompiledRouter, CostMetric, Embedder, ProfileV2, SyncEmbedder } from '../routing';
import { listModels } from '../runner/models';
import type { Db } from '../store/database';
import { DeviceEmbedder } from './device-embedder';
import { loadRunsMatrix, simulatedModelConfig } from './measured';
import { DEVICE_EMBEDDER_PREFIX, EmbeddingCache, ProfileStore } from './store';
import { compareProfiles, decisionOf, detailOf, resolveCostMetric, toLabError } from './views';

export type BuildRequest = z.input<typeof buildProfileSchema>;
export type RouteRequest = z.output<typeof routeProfileSchema>;

export interface ProfileServiceOptions {
  db: Db;
  home: string;
  /** For the device embedder; absent in pure file/CLI uses. */
  bridge?: DeviceBridge;
  devices?: { get(serial: string): DeviceSummary | undefined };
  emit?: (p: ProfileBuildProgress) => void;
  /** Tests: extra env for the simulated engine (AURORA_SIM_TIME_SCALE). */
  simEnv?: Record<string, string>;
}

/** Where the shipped default profile is, for every way the core runs (like the migrations). */
export function findDefaultProfile(): string | null {
  const candidates: string[] = [];
  if (process.env.AURORA_LAB_PROFILES) candidates.push(process.env.AURORA_LAB_PROFILES);
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'profiles'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'profiles'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => existsSync(join(c, DEFAULT_PROFILE_FILE)));
  return found ? join(found, DEFAULT_PROFILE_FILE) : null;
}

export const DEFAULT_PROFILE_FILE = 'default-virtual.json';
export const DEFAULT_PROFILE_NAME = 'Default: virtual phones (SIMULATED)';
const DEFAULT_MARKER = 'default-imported';

/** Parses profile JSON text of either format; which one it was. Errors name the field. */
export function parseProfileText(text: string | Uint8Array): { profile: ProfileV2; source: Exclude<ProfileSource, 'built'> } {
  try {
    const doc = parseJsonDocument(text, 'profile', DEFAULT_MAX_PROFILE_BYTES) as Record<string, unknown> | null;
    const source = doc && typeof doc === 'object' && !Array.isArray(doc) && doc.format === PROFILE_FORMAT ? 'imported-v2' : 'imported-seed-v1';
    return { profile: parseAnyProfile(text), source };
  } catch (err) {
    throw toLabError(err);
  }
}

/** A profile as a file of the given format. */
export function exportProfile(p: ProfileV2, format: 'v2' | 'seed-v1', baseName: string): ProfileExport {
  const safe = baseName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'profile';
  if (format === 'v2') return { format, fileName: `${safe}.v2.json`, json: serializeProfileV2(p), dropped: [] };
  const { profile, dropped } = exportSeedV1(p);
  return { format, fileName: `${safe}.seed-v1.json`, json: `${JSON.stringify(profile, null, 2)}\n`, dropped };
}

export class ProfileService {
  readonly store: ProfileStore;
  readonly cache: EmbeddingCache;
  readonly #routers = new Map<string, { router: CompiledRouter; profile: ProfileV2 }>();
  readonly #lexical = new Map<string, SyncEmbedder>();

  constructor(private readonly opts: ProfileServiceOptions) {
    this.store = new ProfileStore(opts.db);
    this.cache = new EmbeddingCache(opts.db);
  }

  /**
   * Imports profiles/default-virtual.json when the lab has no profile and never imported it (idempotent; safe with
   * several lab processes on one home). Returns the new profile's summary, or null when nothing was done.
   */
  ensureDefault(file: string | null = findDefaultProfile()): ProfileSummary | null {
    if (!file || this.store.count() > 0 || this.store.getMeta(DEFAULT_MARKER) !== null) return null;
    const { profile } = parseProfileText(readFileSync(file));
    return this.store.transaction(() => {
      if (this.store.count() > 0 || !this.store.claimMeta(DEFAULT_MARKER, profile.checksum)) return null;
      return this.store.insert({ id: randomUUID(), name: DEFAULT_PROFILE_NAME, source: 'imported-v2', profile, isDefault: true });
    });
  }

  list(): ProfileSummary[] {
    return this.store.list();
  }

  #get(id: string): { summary: ProfileSummary; profile: ProfileV2 } {
    const summary = this.store.summary(id);
    if (!summary) throw new LabError('not-found', `No profile ${id} in this lab.`);
    let profile: ProfileV2;
    try {
      profile = this.store.body(id)!;
    } catch (err) {
      throw new LabError('failed', `Stored profile ${id} no longer validates (edited in the database?): ${err instanceof Error ? err.message : String(err)}`);
    }
    return { summary, profile };
  }

  get(id: string) {
    const { summary, profile } = this.#get(id);
    return detailOf(summary, profile);
  }

  profile(id: string): ProfileV2 {
    return this.#get(id).profile;
  }

  delete(id: string): boolean {
    for (const k of this.#routers.keys()) if (k.startsWith(`${id}\u0000`)) this.#routers.delete(k);
    return this.store.delete(id);
  }

  importText(text: string | Uint8Array, name?: string): ProfileSummary {
    const { profile, source } = parseProfileText(text);
    const label =
      name ??
      (source === 'imported-seed-v1'
        ? `Seed v1 import (${profile.embedder.type === 'external' ? profile.embedder.model : 'lexical'}, K=${profile.clusters.k})`
        : `Imported v2 (K=${profile.clusters.k}, ${profile.models.length} models)`);
    return this.store.insert({ id: randomUUID(), name: label, source, profile });
  }

  /** Stores an already validated profile (e.g. built by the CLI). */
  storeBuilt(profile: ProfileV2, name: string): ProfileSummary {
    return this.store.insert({ id: randomUUID(), name, source: 'built', profile });
  }

  export(id: string, format: 'v2' | 'seed-v1'): ProfileExport {
    const { summary, profile } = this.#get(id);
    return exportProfile(profile, format, summary.name);
  }

  compare(a: string, b: string) {
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
    if (!this.opts.bridge || !this.opts.devices) throw new LabError('unavailable', 'The device embedder needs the lab\'s device manager (adb).');
    const d = this.opts.devices.get(serial);
    if (!d) throw new LabError('not-found', `No device "${serial}" is known to the lab. Run \`aurora-lab devices\` to see the list.`);
    if (d.state !== 'device' || !d.facts) throw new LabError('unavailable', `${serial} is ${d.state}${d.facts ? '' : ' (not probed yet)'}; it must be online to embed.`);
    return DeviceEmbedder.open({
      bridge: this.opts.bridge,
      serial,
      facts: d.facts,
      home: this.opts.home,
      modelId,
      cache: this.cache,
      ...(onProgress ? { onProgress } : {}),
      ...(this.opts.simEnv ? { simEnv: this.opts.simEnv } : {}),
    });
  }

  /**
   * Builds a profile from runs (not stored). `progress` gets phases; the device embedder reports prompts embedded.
   */
  async buildFromRuns(input: BuildRequest, progress: (p: Omit<ProfileBuildProgress, 'buildId' | 'at'>) => void = () => {}): Promise<{ profile: ProfileV2; name: string }> {
    const parsed = buildProfileSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }));
      throw new LabError('bad-request', `Invalid build request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const req = parsed.data;
    progress({ phase: 'loading-runs', message: `Reading ${req.runIds.length} run(s)`, done: null, total: null });
    const { matrix, runs, repeatedPairs, unscored } = loadRunsMatrix(this.opts.db, req.runIds);
    let embedder: Embedder | undefined;
    let device: DeviceEmbedder | null = null;
    if (req.embedder === 'device') {
      device = await this.deviceEmbedder(req.deviceSerial!, req.embedModel ?? 'qwen-600m', (done, total) =>
        progress({ phase: 'embedding', message: `Embedding on ${req.deviceSerial}: ${done} of ${total}`, done, total }),
      );
      embedder = device;
    }
    const costMetric: CostMetric =
      req.costMetric === undefined || req.costMetric === 'size'
        ? { kind: 'size' }
        : { kind: req.costMetric, device: req.costDevice ?? matrix.provenance.devices[0]! };
    const notes = [
      matrix.provenance.notes,
      repeatedPairs > 0 ? `${repeatedPairs} (prompt, model) pairs were measured more than once: majority vote, ties count as wrong.` : null,
      unscored > 0 ? `${unscored} results without a score (failed requests or no answer key) were left out.` : null,
    ].filter((x): x is string => !!x);
    if (notes.length > 0) matrix.provenance.notes = notes.join(' ');
    try {
      const { profile } = await buildProfile(matrix, {
        k: req.k === 'auto' ? { min: req.kMin ?? 2, max: req.kMax ?? 20 } : req.k,
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
        ...(embedder ? { embedder } : {}),
        costMetric,
        onProgress: (phase, message) => progress({ phase, message, done: null, total: null }),
      });
      const devices = [...new Set(runs.map((r) => r.deviceModel || r.serial))].join(', ');
      const name = req.name ?? `${profile.provenance.simulated ? 'SIMULATED ' : ''}${devices}: ${profile.models.length} models, K=${profile.clusters.k}, ${req.embedder}`;
      return { profile, name };
    } catch (err) {
      throw toLabError(err);
    } finally {
      await device?.close();
    }
  }

  /** Builds and stores; emits `profiles.progress`. */
  async build(input: BuildRequest): Promise<{ buildId: string; profileId: string; profile: ProfileSummary }> {
    const buildId = input.buildId ?? randomUUID();
    const emit = (p: Omit<ProfileBuildProgress, 'buildId' | 'at'>) => this.opts.emit?.({ buildId, at: Date.now(), ...p });
    try {
      const { profile, name } = await this.buildFromRuns(input, emit);
      emit({ phase: 'storing', message: 'Storing the profile', done: null, total: null });
      const summary = this.storeBuilt(profile, name);
      emit({ phase: 'done', message: `Built ${summary.name}`, done: null, total: null, profileId: summary.id });
      return { buildId, profileId: summary.id, profile: summary };
    } catch (err) {
      emit({ phase: 'failed', message: err instanceof Error ? err.message : String(err), done: null, total: null });
      throw err;
    }
  }

  #router(id: string, profile: ProfileV2, metric: CostMetric): CompiledRouter {
    const key = `${id}\u0000${profile.checksum}\u0000${JSON.stringify(metric)}`;
    const hit = this.#routers.get(key);
    if (hit) return hit.router;
    let router: CompiledRouter;
    try {
      router = compileRouter(profile, { costMetric: metric });
    } catch (err) {
      throw toLabError(err);
    }
    if (this.#routers.size >= 8) this.#routers.delete(this.#routers.keys().next().value!);
    this.#routers.set(key, { router, profile });
    return router;
  }

  #lexicalFor(profile: ProfileV2): SyncEmbedder {
    let e = this.#lexical.get(profile.checksum);
    if (!e) {
      e = embedderFromSpec(profile.embedder);
      if (this.#lexical.size >= 8) this.#lexical.delete(this.#lexical.keys().next().value!);
      this.#lexical.set(profile.checksum, e);
    }
    return e;
  }

  /** Routes with a stored profile. */
  async route(req: RouteRequest): Promise<RouteDecision> {
    const { profile } = this.#get(req.profileId);
    return this.routeProfile(req.profileId, profile, req);
  }

  /** Routes with any profile (stored or read from a file). */
  async routeProfile(profileId: string, profile: ProfileV2, req: Omit<RouteRequest, 'profileId'>): Promise<RouteDecision> {
    const metric = resolveCostMetric(profile, req.costMetric, req.costDevice);
    const router = this.#router(profileId, profile, metric);
    let vector: ArrayLike<number>;
    let embeddedWith: RouteDecision['embeddedWith'];
    const spec = profile.embedder;
    if (req.embedding) {
      if (req.embedding.length !== spec.dim) {
        throw new LabError('bad-request', `The embedding has ${req.embedding.length} values; this profile's embedder (${spec.type === 'external' ? spec.model : spec.type}) gives ${spec.dim}.`, [
          { path: 'embedding', message: `expected ${spec.dim} values, got ${req.embedding.length}` },
        ]);
      }
      vector = req.embedding;
      embeddedWith = 'given';
    } else if (spec.type === 'lexical-hash-v1') {
      vector = this.#lexicalFor(profile).embedSync(req.prompt);
      embeddedWith = 'lexical';
    } else if (spec.model.startsWith(DEVICE_EMBEDDER_PREFIX)) {
      if (!req.deviceSerial) {
        throw new LabError('bad-request', `This profile embeds prompts with ${spec.model} on a phone: give deviceSerial (or the prompt's embedding).`, [
          { path: 'deviceSerial', message: `required for the ${spec.model} embedder` },
        ]);
      }
      const e = await this.deviceEmbedder(req.deviceSerial, spec.model.slice(DEVICE_EMBEDDER_PREFIX.length));
      try {
        if (e.dim !== spec.dim) throw new LabError('bad-request', `${spec.model} on ${req.deviceSerial} gives ${e.dim} values; the profile's centroids have ${spec.dim}.`);
        vector = (await e.embed([req.prompt]))[0]!;
      } finally {
        await e.close();
      }
      embeddedWith = 'device';
    } else {
      throw new LabError('bad-request', `This profile's embedder (${spec.model}) runs outside the lab: give the prompt's embedding (${spec.dim} values).`, [
        { path: 'embedding', message: `required for the ${spec.model} embedder` },
      ]);
    }
    const preference = req.preference ?? profile.routing.default_preference;
    try {
      const mask = req.available || req.requiredCapabilities
        ? candidateMask(router, { ...(req.available ? { available: req.available } : {}), ...(req.requiredCapabilities ? { requiredCapabilities: req.requiredCapabilities } : {}) })
        : router.allModels;
      const res = route(router, vector, preference, mask);
      return decisionOf(profileId, profile, router, { ...res, scores: Float64Array.from(res.scores) }, preference, mask, embeddedWith);
    } catch (err) {
      throw toLabError(err);
    }
  }

  handlers(): LabHandlers['profiles'] {
    return {
      list: async () => this.list(),
      get: async ({ profileId }) => this.get(profileId),
      build: async (req) => this.build(req),
      route: async (req) => this.route(req),
      import: async ({ json, name }) => this.importText(json, name),
      export: async ({ profileId, format }) => this.export(profileId, format),
      compare: async ({ a, b }) => this.compare(a, b),
      delete: async ({ profileId }) => ({ deleted: this.delete(profileId) }),
      embedModels: async () => this.embedModels(),
    };
  }
}
