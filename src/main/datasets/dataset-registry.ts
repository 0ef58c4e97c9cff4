import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from './errors';
import { ensureMmlu, isRemoteDatasetReady, remoteDatasetDir } from './hf-download';
import type { DownloadProgress, MmluSource } from './hf-download';
import { loadJsonl } from './jsonl-loader';
import { loadMmlu } from './mmlu-loader';
import type { PromptSet, Split } from './types';

/** Built-in data sets, by name. Anything else is a path to a folder, a CSV file or a JSONL file. */
export const BUILTIN_DATASETS = ['starter', 'mmlu'] as const;
export type BuiltinDataset = (typeof BUILTIN_DATASETS)[number];

export interface LoadDatasetOptions {
  /** MMLU split; default `test`. `dev` holds the few-shot examples. */
  split?: Split;
  /** The lab's cache folder; required for `mmlu` (downloaded into `<cacheDir>/mmlu`). */
  cacheDir?: string;
  /** Download `mmlu` if it is not cached yet (default true); false fails with 'not-downloaded' instead. */
  download?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /**
   * Where to download MMLU from (default: the Parquet files of Hugging Face's `cais/mmlu` at revision `main`);
   * `{ kind: 'data-tar' }` takes Hendrycks' canonical data.tar instead. See MmluSource.
   */
  mmluSource?: MmluSource;
}

/**
 * The built-in starter set (resources/datasets/starter.jsonl) for every way the core runs: packaged app
 * (`<resourcesPath>/resources/datasets`), the electron-vite build (out/main) and the CLI/tests from source.
 */
export function findStarterFile(): string {
  const candidates: string[] = [];
  if (process.env.AURORA_LAB_RESOURCES) candidates.push(join(process.env.AURORA_LAB_RESOURCES, 'datasets'));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'resources', 'datasets'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'datasets'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => existsSync(join(c, 'starter.jsonl')));
  if (!found) throw new DatasetError('not-found', `Cannot find the built-in starter set (looked in: ${candidates.join(', ')}).`);
  return join(found, 'starter.jsonl');
}

/**
 * Loads a prompt set: `starter` (built in, no download), `mmlu` (downloaded once into the cache folder), or a path
 * to an MMLU folder, an MMLU CSV file, or a JSONL prompt file.
 */
export async function loadDataset(spec: string, opts: LoadDatasetOptions = {}): Promise<PromptSet> {
  const split = opts.split ?? 'test';
  if (spec === 'starter') {
    if (split !== 'test') {
      throw new DatasetError('invalid-option', `The starter set has only a test split (asked for "${split}"); use shots = 0.`);
    }
    return loadJsonl(findStarterFile(), { name: 'starter' });
  }
  if (spec === 'mmlu') {
    if (!opts.cacheDir) throw new DatasetError('invalid-option', 'Loading "mmlu" needs the lab\'s cache folder (cacheDir).');
    let dir = remoteDatasetDir(opts.cacheDir, 'mmlu');
    if (!(await isRemoteDatasetReady(opts.cacheDir, 'mmlu'))) {
      if (opts.download === false) {
        const size = opts.mmluSource?.kind === 'data-tar' ? 'about 166 MB' : 'a few MB from Hugging Face';
        throw new DatasetError('not-downloaded',
          `MMLU is not downloaded yet (expected in ${dir}). Allow the download (${size}), or pass a path to ` +
            'an MMLU folder you already have.');
      }
      dir = await ensureMmlu(opts.cacheDir, {
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.mmluSource ? { source: opts.mmluSource } : {}),
      });
    }
    return loadMmlu(dir, { split, name: `mmlu/${split}` });
  }
  const path = resolve(spec);
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new DatasetError('not-found',
      `Unknown data set "${spec}": use ${BUILTIN_DATASETS.join(' or ')}, or a path to an MMLU folder, a CSV file or ` +
        `a JSONL file (${path} does not exist).`, { file: path });
  }
  if (info.isFile() && extname(path).toLowerCase() === '.jsonl') return loadJsonl(path);
  if (info.isFile() && extname(path).toLowerCase() !== '.csv') {
    throw new DatasetError('invalid-option', `${path}: expected a .csv (MMLU layout) or .jsonl file, or a folder.`, { file: path });
  }
  return loadMmlu(path, { split });
}
