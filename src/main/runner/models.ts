/**
 * The model catalogue: the seed router's model ids (shared docs: cactus.md), each with a shipped SIMULATED
 * definition (resources/runner/models/<id>/: config.txt + dummy weights, for virtual phones) and, for real phones,
 * real Cactus weights in the lab's cache: `<home>/models/<id>/<quant>/` (a folder with config.txt and .weights
 * files, unpacked from Hugging Face `Cactus-Compute/<repo>` `weights/<slug>-<quant>.zip`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { modelIdSchema } from '../../shared/api/ids';
import type { ModelInfo } from '../../shared/runs';
import { downloadFile, type DownloadProgress } from '../datasets/hf-download';
import { findRunnerResources } from './artifacts';
import { RunnerError } from './errors';
import { checkCactusModelFolder, localModel, localModels } from './local-models';
import { extractZip, ZipError } from './zip';
import catalogueJson from './catalogue.json';

export type Quant = 'int8' | 'int4';

export interface CatalogueEntry {
  id: string;
  name: string;
  /** The model family (Gemma 3, LFM2, LFM2-VL, SmolLM2, Qwen3). */
  family: string;
  sizeMb: number;
  vision: boolean;
  /** What the model can do, as the seed router's profile lists it: text, tools, embed, vision. */
  capabilities: string[];
  /**
   * Hugging Face repo and zip slug. The repo names follow the Cactus-Compute naming of the upstream models; they are
   * not verified from this machine (no internet), so a caller can override them (`repo`, `baseUrl`).
   */
  repo: string;
  slug: string;
}

const catalogueSchema = z.array(z.object({ id: z.string(), name: z.string(), family: z.string(), sizeMb: z.number().positive(), vision: z.boolean(), capabilities: z.array(z.enum(['text', 'tools', 'embed', 'vision'])).min(1), repo: z.string(), slug: z.string() }).strict());

/** The catalogue (catalogue.json; INT8 sizes from cactus.md), checked when the lab loads. */
export const CATALOGUE: readonly CatalogueEntry[] = catalogueSchema.parse(catalogueJson);

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((c) => c.id === id);
}

export function modelsCacheDir(home: string): string {
  return join(home, 'models');
}

export function weightsDir(home: string, id: string, quant: Quant): string {
  return join(modelsCacheDir(home), id, quant);
}

/** A model folder ready to deploy. */
export interface ModelSource {
  id: string;
  dir: string;
  /** Relative file names (config.txt, *.weights, ...). */
  files: string[];
  simulated: boolean;
  quant: Quant | null;
}

function parseConfig(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq > 0) m.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
  return m;
}

function listFolder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Checks a model folder looks like one Cactus loads: a config.txt and at least one .weights file. */
export function checkModelFolder(id: string, dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RunnerError('model-not-found', `Model folder ${dir} for ${id} does not exist.`);
  const files = listFolder(dir);
  if (!files.includes('config.txt')) throw new RunnerError('model-corrupt', `Model folder ${dir} for ${id} has no config.txt; it is not a Cactus model folder (or it is damaged). Download it again.`);
  if (!files.some((f) => f.endsWith('.weights'))) throw new RunnerError('model-corrupt', `Model folder ${dir} for ${id} has no .weights files; download it again.`);
  return files;
}

export interface ResolveModelOptions {
  home: string;
  /** Virtual phones run the simulated engine and get the shipped definition. */
  simulated: boolean;
  quant?: Quant;
  resourcesDir?: string;
}

/** Where the model folder for a device comes from: a registered local folder (--model-dir), else the catalogue's. */
export function resolveModel(id: string, opts: ResolveModelOptions): ModelSource {
  // The id becomes a path segment on the host and on the phone (/data/local/tmp/aurora/models/<id>): never a path.
  if (!modelIdSchema.safeParse(id).success) throw new RunnerError('model-not-found', `"${id}" is not a model id (lower-case letters, digits and . _ -, e.g. qwen-600m); \`aurora-lab models\` lists them.`);
  const local = localModel(opts.home, id);
  if (local) {
    if (opts.simulated) {
      throw new RunnerError(
        'model-not-found',
        `"${id}" is a local Cactus model folder (${local.dir}); the simulated engine of this virtual phone cannot run real weights. ` +
          'Use a phone, or a virtual phone started with --engine cactus.',
      );
    }
    return { id, dir: local.dir, files: checkCactusModelFolder(local.dir, id), simulated: false, quant: null };
  }
  if (opts.simulated) {
    const res = opts.resourcesDir ?? findRunnerResources();
    const dir = join(res, 'models', id);
    if (!existsSync(dir)) {
      throw new RunnerError('model-not-found', `No simulated model "${id}". Known models: ${CATALOGUE.map((c) => c.id).join(', ')}.`);
    }
    return { id, dir, files: checkModelFolder(id, dir), simulated: true, quant: null };
  }
  const quant = opts.quant ?? 'int8';
  const dir = weightsDir(opts.home, id, quant);
  if (!existsSync(dir)) {
    const entry = catalogueEntry(id);
    throw new RunnerError(
      'model-not-found',
      `No ${quant} weights for ${id} in the lab's cache (${dir}).` +
        (entry ? ` Download them from Hugging Face (${entry.repo}, weights/${entry.slug}-${quant}.zip) first.` : ` "${id}" is not in the catalogue.`),
    );
  }
  return { id, dir, files: checkModelFolder(id, dir), simulated: false, quant };
}

function folderMb(dir: string): number {
  try {
    return Math.round((listFolder(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0) / 1024 / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/** The catalogue as the API lists it, with the local model folders registered with --model-dir. */
export function listModels(home: string, resourcesDir?: string): ModelInfo[] {
  let res: string | null = null;
  try {
    res = resourcesDir ?? findRunnerResources();
  } catch {
    res = null;
  }
  const ids = new Set(CATALOGUE.map((c) => c.id));
  if (res && existsSync(join(res, 'models'))) for (const d of readdirSync(join(res, 'models'))) ids.add(d);
  const local = localModels(home);
  for (const id of Object.keys(local)) ids.add(id);
  return [...ids].map((id) => {
    const own = Object.hasOwn(local, id) ? local[id] : undefined;
    if (own) {
      return { id, name: `${id} (local folder ${own.dir})`, family: 'local folder', sizeMb: folderMb(own.dir), vision: false, capabilities: ['text'], source: 'local', simulated: false, cachedQuants: [], huggingFace: null };
    }
    const entry = catalogueEntry(id);
    const simDir = res ? join(res, 'models', id) : null;
    const simulated = simDir !== null && existsSync(join(simDir, 'config.txt'));
    const cfg = simulated ? parseConfig(readFileSync(join(simDir, 'config.txt'), 'utf8')) : new Map<string, string>();
    const cachedQuants = (['int8', 'int4'] as const).filter((q) => existsSync(join(weightsDir(home, id, q), 'config.txt')));
    return {
      id,
      name: entry?.name ?? cfg.get('source_model') ?? id,
      family: entry?.family ?? 'custom',
      sizeMb: entry?.sizeMb ?? Number(cfg.get('size_mb') ?? 0),
      vision: entry?.vision ?? cfg.get('vision') === '1',
      capabilities: entry?.capabilities ?? ['text', ...(cfg.get('can_embed') === '1' ? ['embed'] : []), ...(cfg.get('vision') === '1' ? ['vision'] : [])],
      source: entry ? 'catalogue' : 'simulated-definition',
      simulated,
      cachedQuants: [...cachedQuants],
      huggingFace: entry ? { repo: entry.repo, file: `weights/${entry.slug}-int8.zip` } : null,
    };
  });
}

export interface DownloadWeightsOptions {
  quant?: Quant;
  /** Default https://huggingface.co; tests use a local server. */
  baseUrl?: string;
  /** Override the catalogue's repo. */
  repo?: string;
  revision?: string;
  sha256?: string;
  onProgress?: (p: DownloadProgress & { phase: 'download' | 'extract' }) => void;
  signal?: AbortSignal;
  retries?: number;
  retryDelayMs?: number;
}

/** The URL of a model's weights zip. */
export function weightsUrl(entry: CatalogueEntry, quant: Quant, opts: Pick<DownloadWeightsOptions, 'baseUrl' | 'repo' | 'revision'> = {}): string {
  const base = (opts.baseUrl ?? 'https://huggingface.co').replace(/\/$/, '');
  return `${base}/${opts.repo ?? entry.repo}/resolve/${opts.revision ?? 'main'}/weights/${entry.slug}-${quant}.zip`;
}

/**
 * Downloads (resumable, checksummed: datasets' downloadFile) and unpacks a model's weights into the cache.
 * The zip is kept under `<home>/models/downloads/` until the folder is complete; the folder appears atomically.
 */
export async function ensureModelWeights(home: string, id: string, opts: DownloadWeightsOptions = {}): Promise<ModelSource> {
  const quant = opts.quant ?? 'int8';
  const entry = catalogueEntry(id);
  if (!entry) throw new RunnerError('model-not-found', `"${id}" is not in the model catalogue (${CATALOGUE.map((c) => c.id).join(', ')}).`);
  const dir = weightsDir(home, id, quant);
  if (existsSync(join(dir, 'config.txt'))) return resolveModel(id, { home, simulated: false, quant });
  const url = weightsUrl(entry, quant, opts);
  const zipPath = join(modelsCacheDir(home), 'downloads', `${id}-${entry.slug}-${quant}.zip`);
  let result;
  try {
    result = await downloadFile(url, zipPath, {
      ...(opts.sha256 ? { sha256: opts.sha256 } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
      ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
      onProgress: (p) => opts.onProgress?.({ ...p, phase: 'download' }),
    });
  } catch (err) {
    throw new RunnerError('download-failed', err instanceof Error ? err.message : String(err), { cause: err });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    await extractZip(zipPath, tmp, (bytes, total) => opts.onProgress?.({ file: `${entry.slug}-${quant}.zip`, bytes, total, phase: 'extract' }));
    // Archives hold either the files or one folder with them: use the folder that has config.txt.
    let root = tmp;
    if (!existsSync(join(tmp, 'config.txt'))) {
      const subs = (await readdir(tmp, { withFileTypes: true })).filter((e) => e.isDirectory());
      const inner = subs.find((s) => existsSync(join(tmp, s.name, 'config.txt')));
      if (!inner) throw new RunnerError('model-corrupt', `The weights archive ${url} holds no config.txt; it is not a Cactus model folder.`);
      root = join(tmp, inner.name);
    }
    checkModelFolder(id, root);
    await writeFile(join(root, '.source.json'), `${JSON.stringify({ id, url, sha256: result.sha256, bytes: result.bytes, quant, downloadedAt: new Date().toISOString() }, null, 2)}\n`);
    await mkdir(join(modelsCacheDir(home), id), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(root, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    // A corrupt archive must not be reused on the next try.
    if (err instanceof ZipError) {
      await rm(zipPath, { force: true });
      throw new RunnerError('model-corrupt', `${err.message} It was deleted; download it again.`, { cause: err });
    }
    throw err;
  }
  await rm(tmp, { recursive: true, force: true });
  await rm(zipPath, { force: true });
  return resolveModel(id, { home, simulated: false, quant });
}
