/**
 * Routing one prompt with a router profile: the prompt's embedding (the lexical embedder, the phone's embed
 * request for `cactus/<model>` profiles, or the vector given), the cluster, every model's score, the pick.
 * Compiled routers and lexical embedders are kept for the last few profiles (a page routes many prompts).
 */
import type { RouteDecision, routeProfileSchema } from '../../shared/api/profiles';
import type { z } from 'zod';
import { badField, LabError } from '../api/lab-error';
import { candidateMask, compileRouter, embedderFromSpec, route } from '../routing';
import type { CompiledRouter, CostMetric, ProfileV2, SyncEmbedder } from '../routing';
import type { DeviceEmbedder } from './device-embedder';
import { DEVICE_EMBEDDER_PREFIX } from './repository';
import { decisionOf, resolveCostMetric } from './views';

export type RouteRequest = z.output<typeof routeProfileSchema>;
export type RouteOptions = Omit<RouteRequest, 'profileId' | 'profileJson'>;

const KEEP = 8;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size >= KEEP) cache.delete(cache.keys().next().value!);
    cache.set(key, v);
  }
  return v;
}

export class PromptRouter {
  readonly #routers = new Map<string, CompiledRouter>();
  readonly #lexical = new Map<string, SyncEmbedder>();

  constructor(private readonly deviceEmbedder: (serial: string, modelId: string) => Promise<DeviceEmbedder>) {}

  /** Forgets what was compiled for a stored profile (it was deleted). */
  forget(profileId: string): void {
    for (const k of this.#routers.keys()) if (k.startsWith(`${profileId}\u0000`)) this.#routers.delete(k);
  }

  async #vector(profile: ProfileV2, req: RouteOptions): Promise<{ vector: ArrayLike<number>; embeddedWith: RouteDecision['embeddedWith'] }> {
    const spec = profile.embedder;
    if (req.embedding) {
      if (req.embedding.length !== spec.dim) {
        const name = spec.type === 'external' ? spec.model : spec.type;
        throw new LabError('bad-request', `embedding: expected ${spec.dim} values (the profile's embedder ${name} has dimension ${spec.dim}), got ${req.embedding.length}`, [
          { path: 'embedding', message: `expected ${spec.dim} values, got ${req.embedding.length}` },
        ]);
      }
      return { vector: req.embedding, embeddedWith: 'given' };
    }
    if (spec.type !== 'lexical-hash-v1' && !spec.model.startsWith(DEVICE_EMBEDDER_PREFIX)) {
      throw new LabError(
        'bad-request',
        `This profile's embedder (${spec.model}) runs outside the lab, so it cannot embed the prompt: give the prompt's embedding (${spec.dim} values), ` +
          'with `aurora-lab route --embedding FILE.json` (a JSON array, or {"embedding": [...]}; --prompt is then not needed) or pasted or uploaded on the Profiles page.',
        [{ path: 'embedding', message: `required for the ${spec.model} embedder` }],
      );
    }
    const prompt = req.prompt;
    if (prompt === undefined) throw badField('prompt', 'Enter a prompt (or give its embedding).');
    if (spec.type === 'lexical-hash-v1') return { vector: remember(this.#lexical, profile.checksum, () => embedderFromSpec(spec)).embedSync(prompt), embeddedWith: 'lexical' };
    if (!req.deviceSerial) {
      throw new LabError('bad-request', `This profile embeds prompts with ${spec.model} on a phone: give deviceSerial (or the prompt's embedding).`, [
        { path: 'deviceSerial', message: `required for the ${spec.model} embedder` },
      ]);
    }
    const e = await this.deviceEmbedder(req.deviceSerial, spec.model.slice(DEVICE_EMBEDDER_PREFIX.length));
    try {
      if (e.dim !== spec.dim) throw new LabError('bad-request', `${spec.model} on ${req.deviceSerial} gives ${e.dim} values; the profile's centroids have ${spec.dim}.`);
      return { vector: (await e.embed([prompt]))[0]!, embeddedWith: 'device' };
    } finally {
      await e.close();
    }
  }

  /** Routes with a profile; `profileId` keys the compiled-router cache (a stored id, or a document's checksum). */
  async route(profileId: string, profile: ProfileV2, req: RouteOptions): Promise<RouteDecision> {
    const metric: CostMetric = resolveCostMetric(profile, req.costMetric, req.costDevice);
    const router = remember(this.#routers, `${profileId}\u0000${profile.checksum}\u0000${JSON.stringify(metric)}`, () => compileRouter(profile, { costMetric: metric }));
    const { vector, embeddedWith } = await this.#vector(profile, req);
    const preference = req.preference ?? profile.routing.default_preference;
    const filters = { ...(req.available ? { available: req.available } : {}), ...(req.requiredCapabilities ? { requiredCapabilities: req.requiredCapabilities } : {}) };
    const mask = req.available || req.requiredCapabilities ? candidateMask(router, filters) : router.allModels;
    const res = route(router, vector, preference, mask);
    return decisionOf(profileId, profile, router, { ...res, scores: Float64Array.from(res.scores) }, preference, mask, embeddedWith);
  }
}
