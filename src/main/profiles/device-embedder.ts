/**
 * Device-side embeddings: the runner's `embed` request (`{"type":"embed","text":..,"normalize":true}` ->
 * `{"type":"embedding","dim","vector"}`) with an embedding-capable Cactus model on a phone, i.e. exactly the
 * vectors the phone computes at routing time. Every vector is cached in SQLite per (embedder key, sha256 of the
 * text); the phone is only asked for texts the cache does not have, and the runner only starts when there is one.
 *
 * The embedder key is the sha256 of everything that decides the vector: the request (embed, normalize=true), the
 * model id, and the sha256 of every deployed file (runner, engine library, model weights). Two phones with the same
 * files share cache entries (the same model computes the same vectors); a new engine or new weights start afresh.
 */
import { createHash } from 'node:crypto';
import type { DeviceFacts } from '../../shared/devices';
import { LabError } from '../api/lab-error';
import type { DeviceBridge } from '../devices/types';
import type { Embedder, ExternalEmbedderSpec } from '../routing';
import { findRunnerArtifacts, simulatedEngineEnv } from '../runner/artifacts';
import { deploy, deploymentFiles } from '../runner/deploy';
import type { DeployFile } from '../runner/manifest';
import { resolveModel } from '../runner/models';
import { REMOTE_DIR, RunnerSession } from '../runner/session';
import { simulatedModelConfig } from './measured';
import { DEVICE_EMBEDDER_PREFIX, type EmbeddingCache } from './repository';

export interface DeviceEmbedderOptions {
  bridge: DeviceBridge;
  serial: string;
  facts: DeviceFacts;
  /** Lab home (runner build cache, real weights cache). */
  home: string;
  /** An embedding-capable model id (e.g. qwen-600m). */
  modelId: string;
  cache: EmbeddingCache;
  /** Requests in flight at once (the runner answers them in order). Default 8. */
  pipeline?: number;
  /** Called after each vector (cached or computed). */
  onProgress?: (done: number, total: number) => void;
  /** Extra env for the simulated engine (tests: AURORA_SIM_TIME_SCALE). */
  simEnv?: Record<string, string>;
  resourcesDir?: string;
}

export interface DeviceEmbedderStats {
  /** `embed` requests sent to the phone. */
  deviceRequests: number;
  cacheHits: number;
  /** Runner sessions started. */
  sessions: number;
}

/** The `embed` request the lab sends; part of the cache key. */
const EMBED_REQUEST = { type: 'embed', normalize: true } as const;

export class DeviceEmbedder implements Embedder {
  readonly stats: DeviceEmbedderStats = { deviceRequests: 0, cacheHits: 0, sessions: 0 };
  #session: RunnerSession | null = null;
  #starting: Promise<RunnerSession> | null = null;

  private constructor(
    private readonly opts: DeviceEmbedderOptions,
    readonly key: string,
    readonly spec: ExternalEmbedderSpec,
    private readonly files: DeployFile[],
    private readonly modelPath: string,
    private readonly simulated: boolean,
  ) {}

  get dim(): number {
    return this.spec.dim;
  }

  /**
   * Prepares the embedder: which files the phone needs (hashed, for the key) and the vector dimension (from the
   * cache, the simulated model's config, or one probe request to the phone).
   */
  static async open(opts: DeviceEmbedderOptions): Promise<DeviceEmbedder> {
    const artifacts = await findRunnerArtifacts(opts.facts, {
      buildCacheDir: `${opts.home}/runner-build`,
      ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}),
    });
    const model = resolveModel(opts.modelId, { home: opts.home, simulated: artifacts.simulated, ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}) });
    const cfg = artifacts.simulated ? simulatedModelConfig(opts.modelId) : null;
    if (cfg && cfg.get('can_embed') !== '1') {
      throw new LabError('bad-request', `${opts.modelId} cannot embed (its runner has no embedding support); use an embedding model such as qwen-600m.`);
    }
    const files = await deploymentFiles(artifacts, model);
    const key = createHash('sha256')
      .update(JSON.stringify({ request: EMBED_REQUEST, model: model.id, files: files.map((f) => [f.remote, f.sha256]).sort() }))
      .digest('hex');
    const known = opts.cache.anyDim(key) ?? (cfg?.get('embedding_dim') ? Number(cfg.get('embedding_dim')) : null);
    const spec = (dim: number): ExternalEmbedderSpec => ({
      type: 'external',
      model: `${DEVICE_EMBEDDER_PREFIX}${model.id}`,
      dim,
      norm: 'l2',
      notes:
        `Cactus cactus_embed(normalize=true) of the prompt text as is, via aurora-runner's embed request, model ${model.id}` +
        `${model.quant ? ` (${model.quant})` : ''}${artifacts.simulated ? ' (SIMULATED engine of a virtual phone: hashed bag of words, not a real model)' : ''}; ` +
        `lab embedder key ${key.slice(0, 16)}`,
    });
    const modelPath = `${REMOTE_DIR}/models/${model.id}`;
    if (known !== null && Number.isInteger(known) && known > 0) return new DeviceEmbedder(opts, key, spec(known), files, modelPath, artifacts.simulated);
    // Unknown dimension: ask the phone once (cached, so it is never asked again for this text).
    const probe = new DeviceEmbedder(opts, key, spec(1), files, modelPath, artifacts.simulated);
    const v = await probe.#remote('dimension probe');
    const e = new DeviceEmbedder(opts, key, spec(v.length), files, modelPath, artifacts.simulated);
    e.#session = probe.#session;
    Object.assign(e.stats, probe.stats);
    opts.cache.put(key, 'dimension probe', v);
    return e;
  }

  async #ensureSession(): Promise<RunnerSession> {
    if (this.#session && !this.#session.exited) return this.#session;
    this.#starting ??= (async () => {
      const { bridge, serial, facts } = this.opts;
      await deploy(bridge, serial, this.files);
      const env = this.simulated ? simulatedEngineEnv(facts, this.opts.simEnv) : {};
      const s = await RunnerSession.start({ bridge, serial, modelPath: this.modelPath, sampleHz: 0, env });
      this.stats.sessions++;
      this.#session = s;
      return s;
    })().finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #remote(text: string): Promise<Float32Array> {
    const s = await this.#ensureSession();
    this.stats.deviceRequests++;
    const m = await s.request({ ...EMBED_REQUEST, text }, 120_000);
    if (m.type !== 'embedding') throw new LabError('failed', `The runner answered the embed request with a ${m.type} line.`);
    const vec = (m as { vector?: unknown }).vector;
    if (!Array.isArray(vec) || vec.length === 0 || !vec.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new LabError('failed', 'The runner returned an embedding that is not an array of finite numbers.');
    }
    return Float32Array.from(vec as number[]);
  }

  /** Embeds texts: cached vectors first, the rest on the phone (pipelined), stored in the cache as they come. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: (Float32Array | null)[] = texts.map(() => null);
    const missing = new Map<string, number[]>();
    let done = 0;
    texts.forEach((t, i) => {
      const hit = this.opts.cache.get(this.key, t);
      if (hit && hit.length === this.dim) {
        out[i] = hit;
        this.stats.cacheHits++;
        done++;
      } else missing.set(t, [...(missing.get(t) ?? []), i]);
    });
    this.opts.onProgress?.(done, texts.length);
    const queue = [...missing.keys()];
    const worker = async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        const v = await this.#remote(t);
        if (v.length !== this.dim) throw new LabError('failed', `The phone's embedding has ${v.length} values, expected ${this.dim}.`);
        this.opts.cache.put(this.key, t, v);
        for (const i of missing.get(t)!) {
          out[i] = v;
          done++;
        }
        this.opts.onProgress?.(done, texts.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.pipeline ?? 8, queue.length) }, worker));
    return out as Float32Array[];
  }

  async close(): Promise<void> {
    await this.#session?.close();
    this.#session = null;
  }
}
