import { sleep } from '../../shared/kit/backoff';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DatasetError } from './errors';
import { readMmluParquet, writeMmluSplit } from './mmlu-parquet';
import { extractTar } from './tar';
import { SPLITS } from './types';
import type { Split } from './types';

/**
 * Downloading data sets into the lab's cache folder (the caller passes it), with no Python and no Hugging Face
 * client: plain HTTP GETs with resume, checksum and atomic rename.
 *
 * Where MMLU comes from, two sources (see MmluSource):
 * - `hf-parquet` (the default): the Hugging Face data set `cais/mmlu`, which serves Parquet only. The lab fetches
 *   the three evaluation splits of its `all` config, `all/{test,dev,validation}-00000-of-00001.parquet` (a few MB
 *   together; `auxiliary_train` is not needed), from `https://huggingface.co/datasets/cais/mmlu/resolve/<revision>/`
 *   (revision `main` unless pinned to a branch, tag or commit) and converts them with hyparquet (mmlu-parquet.ts)
 *   into one CSV per subject and split.
 * - `data-tar`: the canonical distribution the `cais/mmlu` data set was built from, Hendrycks' `data.tar`
 *   (https://people.eecs.berkeley.edu/~hendrycks/data.tar, ~166 MB: `data/{test,dev,val}/*.csv` in the canonical
 *   header-less letter layout, plus `data/auxiliary_train/`, which is skipped).
 * Both give the same folder layout (`test/`, `dev/`, `val/`) and the same prompt ids. The mechanics are generic:
 * a RemoteDataset is a list of files (URL, name, optional sha256) and a `convert` hook that turns them into a
 * folder the loaders read.
 */

export const MMLU_DATA_TAR_URL = 'https://people.eecs.berkeley.edu/~hendrycks/data.tar';
/** The Hugging Face data set MMLU is downloaded from by default. */
export const MMLU_HF_REPO = 'cais/mmlu';
/** Its base URL; files are at `<base>/resolve/<revision>/<path>`. */
export const MMLU_HF_URL = `https://huggingface.co/datasets/${MMLU_HF_REPO}`;
export const MMLU_HF_DEFAULT_REVISION = 'main';
/** The Parquet files of `cais/mmlu`'s `all` config the lab needs, per split (Hugging Face calls val `validation`). */
export const MMLU_HF_PARQUET_FILES: Readonly<Record<Split, string>> = {
  test: 'all/test-00000-of-00001.parquet',
  dev: 'all/dev-00000-of-00001.parquet',
  val: 'all/validation-00000-of-00001.parquet',
};

export interface DownloadProgress {
  /** The file's name in the downloads folder. */
  file: string;
  /** Bytes on disk so far (a resumed download starts at the resumed offset). */
  bytes: number;
  /** Total size when the server says, else null. */
  total: number | null;
}

export interface DownloadFileOptions {
  /** Expected sha256 (hex). A mismatch deletes the partial file and fails with 'checksum-mismatch'. */
  sha256?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Extra attempts after a cut connection or a 5xx, each resuming where the last stopped. Default 3. */
  retries?: number;
  /** Delay before a retry, ms. Default 500. */
  retryDelayMs?: number;
  /** Appended to the message of an HTTP 404 (e.g. what to check for this particular file). */
  notFoundHint?: string;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes that were already on disk (from an earlier, cut download) when this call started. */
  resumedFrom: number;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function contentRange(header: string | null): { start: number; total: number | null } | null {
  const m = header ? /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(header.trim()) : null;
  if (!m) return null;
  return { start: Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) };
}


/**
 * Downloads `url` to `dest`: bytes go to `<dest>.part` (resumed with an HTTP Range request if it exists, e.g. after
 * a cut connection or a crash), then the sha256 is checked when known, then the part is renamed onto `dest`
 * (atomic: `dest` is either absent or complete). An existing `dest` is reused (and checked when a sha256 is given).
 */
export async function downloadFile(url: string, dest: string, opts: DownloadFileOptions = {}): Promise<DownloadResult> {
  const name = dest.split(/[\\/]/).pop() ?? dest;
  const expected = opts.sha256?.toLowerCase();
  const existing = await sizeOf(dest);
  if (existing !== null) {
    const sha256 = await sha256File(dest);
    if (!expected || sha256 === expected) return { path: dest, bytes: existing, sha256, resumedFrom: existing };
    await rm(dest, { force: true });
  }
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const resumedFrom = (await sizeOf(part)) ?? 0;
  const retries = opts.retries ?? 3;
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(opts.retryDelayMs ?? 500);
    opts.signal?.throwIfAborted();
    const offset = (await sizeOf(part)) ?? 0;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        redirect: 'follow',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      lastProblem = `could not connect (${describe(err)})`;
      continue;
    }
    if (res.status === 416 && offset > 0) {
      // The part may already hold every byte; otherwise it is stale: start over.
      const m = /\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '');
      await res.body?.cancel();
      if (m && Number(m[1]) === offset) {
        lastProblem = '';
        break;
      }
      await rm(part, { force: true });
      lastProblem = 'the server refused to resume (HTTP 416)';
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      const problem = `HTTP ${res.status} ${res.statusText}`.trim();
      if (res.status >= 400 && res.status < 500) {
        const hint = res.status === 404 ? ': the file is not there (check the URL or the data set name)'
          : res.status === 401 || res.status === 403 ? ': access denied (a gated data set needs a token)' : '';
        const extra = res.status === 404 && opts.notFoundHint ? ` ${opts.notFoundHint}` : '';
        throw new DatasetError('download-failed', `Download of ${url} failed: ${problem}${hint}.${extra}`, { file: url });
      }
      lastProblem = problem;
      continue;
    }
    let start = 0;
    let total: number | null = null;
    const length = res.headers.get('content-length');
    if (res.status === 206) {
      const range = contentRange(res.headers.get('content-range'));
      if (!range || range.start !== offset) {
        await res.body?.cancel();
        await rm(part, { force: true });
        lastProblem = 'the server answered the resume request with a different range';
        continue;
      }
      start = offset;
      total = range.total;
    } else {
      total = length !== null ? Number(length) : null; // 200: the server ignored Range (or none was sent)
    }
    const fh = await open(part, start > 0 ? 'a' : 'w');
    let bytes = start;
    let cut = false;
    try {
      opts.onProgress?.({ file: name, bytes, total });
      if (res.body) {
        for await (const chunk of res.body) {
          await fh.write(chunk);
          bytes += chunk.byteLength;
          opts.onProgress?.({ file: name, bytes, total });
        }
      }
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      cut = true;
      lastProblem = `the connection was cut after ${bytes} bytes (${describe(err)})`;
    } finally {
      await fh.close();
    }
    if (!cut && total !== null && bytes !== total) {
      cut = true;
      lastProblem = `the connection ended after ${bytes} of ${total} bytes`;
    }
    if (cut) continue;
    lastProblem = '';
    break;
  }
  if (lastProblem) {
    const have = (await sizeOf(part)) ?? 0;
    throw new DatasetError('download-failed',
      `Download of ${url} failed after ${retries + 1} attempt(s): ${lastProblem}. ` +
        (have > 0 ? `${have} bytes are kept in ${part}; run again to resume.` : 'Check the network and try again.'),
      { file: url });
  }
  const sha256 = await sha256File(part);
  if (expected && sha256 !== expected) {
    await rm(part, { force: true });
    throw new DatasetError('checksum-mismatch',
      `Download of ${url} is corrupt or not the expected file: sha256 ${sha256}, expected ${expected}. ` +
        'The partial file was deleted; run again to download it afresh.', { file: url });
  }
  const bytes = (await sizeOf(part)) ?? 0;
  await rename(part, dest);
  return { path: dest, bytes, sha256, resumedFrom };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}

export interface RemoteFile {
  url: string;
  /** File name in the downloads folder. */
  name: string;
  sha256?: string;
  /** Appended to the error when the server answers 404. */
  notFoundHint?: string;
}

/** A data set fetched from the network and turned into a folder the loaders read. */
export interface RemoteDataset {
  /** Folder name under the cache folder, e.g. `mmlu`. */
  id: string;
  files: RemoteFile[];
  /** Turns the downloaded files (name -> path) into the data set's folder `outDir` (already created, empty). */
  convert: (downloads: Record<string, string>, outDir: string) => Promise<void>;
  /** Extra facts recorded in the `.source.json` marker (e.g. the source kind and revision). */
  meta?: Record<string, unknown>;
}

/** Written into a finished data set folder: its presence means the folder is complete. */
export const SOURCE_MARKER = '.source.json';

export interface EnsureOptions extends Omit<DownloadFileOptions, 'sha256' | 'notFoundHint'> {
  /** Keep the downloaded archives after conversion (default: delete them). */
  keepDownloads?: boolean;
}

export function remoteDatasetDir(cacheDir: string, id: string): string {
  return join(cacheDir, id);
}

export async function isRemoteDatasetReady(cacheDir: string, id: string): Promise<boolean> {
  return (await sizeOf(join(remoteDatasetDir(cacheDir, id), SOURCE_MARKER))) !== null;
}

/**
 * Returns `<cacheDir>/<id>`, downloading and converting the data set first if it is not there yet. Downloads live in
 * `<cacheDir>/downloads/<id>/` (resumable); conversion writes a temporary folder that is renamed into place with
 * a `.source.json` marker (URLs, sha256s, date), so an interrupted run never leaves a half-converted data set.
 */
export async function ensureRemoteDataset(ds: RemoteDataset, cacheDir: string, opts: EnsureOptions = {}): Promise<string> {
  const finalDir = remoteDatasetDir(cacheDir, ds.id);
  if (await isRemoteDatasetReady(cacheDir, ds.id)) return finalDir;
  const downloadsDir = join(cacheDir, 'downloads', ds.id);
  const downloads: Record<string, string> = {};
  const fetched: Array<{ url: string; name: string; sha256: string; bytes: number }> = [];
  for (const file of ds.files) {
    const result = await downloadFile(file.url, join(downloadsDir, file.name), {
      ...opts,
      ...(file.sha256 ? { sha256: file.sha256 } : {}),
      ...(file.notFoundHint ? { notFoundHint: file.notFoundHint } : {}),
    });
    downloads[file.name] = result.path;
    fetched.push({ url: file.url, name: file.name, sha256: result.sha256, bytes: result.bytes });
  }
  const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  try {
    await ds.convert(downloads, tmpDir);
    await writeFile(join(tmpDir, SOURCE_MARKER),
      `${JSON.stringify({ id: ds.id, ...(ds.meta ? { meta: ds.meta } : {}), files: fetched, downloadedAt: new Date().toISOString() }, null, 2)}\n`);
    await rm(finalDir, { recursive: true, force: true });
    await rename(tmpDir, finalDir);
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    throw err;
  }
  if (!opts.keepDownloads) await rm(downloadsDir, { recursive: true, force: true });
  return finalDir;
}

/**
 * Where `--dataset mmlu` is downloaded from. Every field is optional: `{}` is `cais/mmlu` at `main` from Hugging
 * Face. `url` stands in for the default location (a mirror, a pinned copy, a test server): for `hf-parquet` the
 * data set's base URL (files at `<url>/resolve/<revision>/all/<split>-00000-of-00001.parquet`), for `data-tar` the
 * archive's URL. `sha256` pins checksums (per split for the Parquet files). None is pinned by default: the cached
 * folder's `.source.json` records the sha256 of every downloaded file, so a run can be traced to the exact bytes.
 */
export type MmluSource = MmluHfParquetSource | MmluDataTarSource;

export interface MmluHfParquetSource {
  kind?: 'hf-parquet';
  /** The data set's base URL (default https://huggingface.co/datasets/cais/mmlu). */
  url?: string;
  /** Branch, tag or commit of the data set (default `main`). */
  revision?: string;
  /** Expected sha256 of each split's Parquet file. */
  sha256?: Partial<Record<Split, string>>;
}

export interface MmluDataTarSource {
  kind: 'data-tar';
  /** The archive's URL (default Hendrycks' data.tar). */
  url?: string;
  sha256?: string;
}

/** The URL of one file of a Hugging Face data set: `<base>/resolve/<revision>/<path>` (revision URL-encoded). */
export function hfResolveUrl(baseUrl: string, revision: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** MMLU from Hugging Face's `cais/mmlu` Parquet files (see mmlu-parquet.ts for the conversion). */
export function mmluHfParquetDataset(source: MmluHfParquetSource = {}): RemoteDataset {
  const base = source.url ?? MMLU_HF_URL;
  const revision = source.revision ?? MMLU_HF_DEFAULT_REVISION;
  const files: RemoteFile[] = SPLITS.map((split) => {
    const path = MMLU_HF_PARQUET_FILES[split];
    const sha256 = source.sha256?.[split];
    return {
      url: hfResolveUrl(base, revision, path),
      name: path.split('/').pop()!,
      ...(sha256 ? { sha256 } : {}),
      notFoundHint: `The data set at ${base} has no ${path} at revision "${revision}": check the revision (a branch, ` +
        'tag or commit of the data set), or download the canonical archive instead (mmluSource kind "data-tar").',
    };
  });
  return {
    id: 'mmlu',
    files,
    meta: { source: 'hf-parquet', repo: base === MMLU_HF_URL ? MMLU_HF_REPO : base, revision },
    convert: async (downloads, outDir) => {
      for (const [i, split] of SPLITS.entries()) {
        const file = files[i]!;
        const path = downloads[file.name]!;
        const rows = await readMmluParquet(path, file.url).catch(async (err: unknown) => {
          if (!(err instanceof DatasetError)) throw err;
          // Unreadable or not MMLU: drop the download so the next run fetches it afresh instead of reusing it.
          await rm(path, { force: true });
          throw new DatasetError(err.code, `${err.message} The downloaded file was deleted; run again to download it ` +
            'afresh, or check the source (mmluSource).', { file: file.url }, { cause: err });
        });
        const subjects = await writeMmluSplit(rows, outDir, split);
        if (split === 'test' && subjects.length === 0) {
          throw new DatasetError('download-failed', `The MMLU test split from ${file.url} holds no questions.`, { file: file.url });
        }
      }
    },
  };
}

/** MMLU from Hendrycks' data.tar (see the top of this file). */
export function mmluDataTarDataset(source: Omit<MmluDataTarSource, 'kind'> = {}): RemoteDataset {
  const url = source.url ?? MMLU_DATA_TAR_URL;
  return {
    id: 'mmlu',
    files: [{ url, name: 'data.tar', ...(source.sha256 ? { sha256: source.sha256 } : {}) }],
    meta: { source: 'data-tar' },
    convert: async (downloads, outDir) => {
      const tarPath = downloads['data.tar']!;
      await extractTar(tarPath, outDir, (entry) => {
        const m = /^(?:\.\/)?(?:[^/]+\/)?(test|dev|val)\/([^/]+_(?:test|dev|val)\.csv)$/.exec(entry);
        if (!m || m[2]!.startsWith('._')) return null;
        return `${m[1]}/${m[2]}`;
      });
      const tests = await readdir(join(outDir, 'test')).catch(() => [] as string[]);
      if (!tests.some((f) => f.endsWith('_test.csv'))) {
        throw new DatasetError('download-failed', `The MMLU archive from ${url} holds no data/test/*_test.csv files.`);
      }
    },
  };
}

/** The RemoteDataset for an MMLU source (default: `cais/mmlu` Parquet files at `main`). */
export function mmluRemoteDataset(source: MmluSource = {}): RemoteDataset {
  return source.kind === 'data-tar' ? mmluDataTarDataset(source) : mmluHfParquetDataset(source);
}

/** `<cacheDir>/mmlu`, downloaded on first use from `source` (default: Hugging Face's `cais/mmlu`). */
export async function ensureMmlu(cacheDir: string, opts: EnsureOptions & { source?: MmluSource } = {}): Promise<string> {
  const { source, ...rest } = opts;
  return ensureRemoteDataset(mmluRemoteDataset(source), cacheDir, rest);
}
