/**
 * Prompt sets as the lab offers them: the built-in starter set, MMLU (downloaded once into the lab's cache), and
 * files or folders campaigns used before. Loading names the request field (and the file and line, from the
 * loaders) when the set is wrong.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetOption, DatasetSubjects } from '../../shared/api/datasets';
import { LabError } from '../api/lab-error';
import { loadDataset } from './dataset-registry';
import { DatasetError } from './errors';
import type { DatasetRepository } from './repository';
import { subjectCounts } from './subjects';
import type { PromptSet } from './types';

/** MMLU's test split: 14,042 questions over 57 subjects. */
const MMLU_SIZE = { items: 14_042, subjects: 57 };

export interface DatasetsServiceOptions {
  repository: DatasetRepository;
  home: string;
}

export class DatasetsService {
  constructor(private readonly opts: DatasetsServiceOptions) {}

  get cacheDir(): string {
    return join(this.opts.home, 'datasets');
  }

  options(): DatasetOption[] {
    const cached = existsSync(join(this.cacheDir, 'mmlu', '.source.json'));
    return [
      { spec: 'starter', label: 'Starter set (built in)', kind: 'builtin', size: null, subjects: null, note: 'A few dozen multiple-choice questions; no download.' },
      {
        spec: 'mmlu',
        label: cached ? 'MMLU (cached)' : 'MMLU (downloads cais/mmlu from Hugging Face once)',
        kind: cached ? 'cached' : 'download',
        size: MMLU_SIZE.items,
        subjects: MMLU_SIZE.subjects,
        note: cached ? null : 'Downloaded into the lab cache the first time it is used.',
      },
      ...this.opts.repository.recent().map((p): DatasetOption => ({ spec: p, label: p, kind: 'recent', size: null, subjects: null, note: existsSync(p) ? null : 'No longer exists.' })),
    ];
  }

  /** A set's subjects with counts; `mmlu` only once it is cached (this never downloads). */
  async subjects(spec: string): Promise<DatasetSubjects> {
    const set = await this.load(spec, { download: false });
    return { dataset: spec, name: set.name, total: set.items.length, subjects: subjectCounts(set.items) };
  }

  /** Loads a set for a request whose field `field` named it (default `dataset`); errors name that field. */
  async load(spec: string, opts: { download?: boolean; field?: string } = {}): Promise<PromptSet> {
    const field = opts.field ?? 'dataset';
    try {
      // AURORA_LAB_MMLU_URL: a mirror of cais/mmlu (or a test server) instead of Hugging Face.
      const mirror = process.env.AURORA_LAB_MMLU_URL;
      return await loadDataset(spec, { cacheDir: this.cacheDir, download: opts.download ?? true, ...(mirror ? { mmluSource: { url: mirror } } : {}) });
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
      const code = err.code === 'download-failed' || err.code === 'not-downloaded' ? 'unavailable' : err.code === 'not-found' ? 'not-found' : 'bad-request';
      throw new LabError(code, `${field}: ${err.message}`, [{ path: field, message: err.message }]);
    }
  }
}
