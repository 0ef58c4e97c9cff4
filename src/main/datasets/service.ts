/**
 * Prompt sets as the lab offers them: the built-in starter set, MMLU (downloaded once into the lab's cache), and
 * files or folders campaigns used before. Loading names the request field (and the file and line, from the
 * loaders) when the set is wrong.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DatasetOption, DatasetSubjects } from '../../shared/api/datasets';
import type { CallerKind } from '../../shared/contract';
import { LabError } from '../api/lab-error';
import { BUILTIN_DATASETS, loadDataset } from './dataset-registry';
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

  /** Over HTTP (`caller` 'http') only the recent sets inside the datasets folder: the others would be refused. */
  options(caller: CallerKind = 'cli'): DatasetOption[] {
    const usable = (p: string) => caller !== 'http' || this.#inLabFolder(p);
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
      ...this.opts.repository.recent().filter(usable).map((p): DatasetOption => ({ spec: p, label: p, kind: 'recent', size: null, subjects: null, note: existsSync(p) ? null : 'No longer exists.' })),
    ];
  }

  /** A set's subjects with counts; `mmlu` only once it is cached (this never downloads). */
  async subjects(spec: string, caller: CallerKind): Promise<DatasetSubjects> {
    const set = await this.load(spec, { download: false, caller });
    return { dataset: spec, name: set.name, total: set.items.length, subjects: subjectCounts(set.items) };
  }

  /**
   * Loads a set for a request whose field `field` named it (default `dataset`); errors name that field. A path
   * from the CLI's own arguments or the desktop window (`caller` 'cli', 'ipc') may be any file the user chose;
   * over HTTP only a file in the lab home's datasets folder (a relative name is taken there), and errors quote
   * nothing of the file.
   */
  async load(spec: string, opts: { download?: boolean; field?: string; caller?: CallerKind } = {}): Promise<PromptSet> {
    const field = opts.field ?? 'dataset';
    const chosenByUser = opts.caller === 'cli' || opts.caller === 'ipc';
    const target = chosenByUser ? spec : this.labDatasetPath(spec, field);
    try {
      // AURORA_LAB_MMLU_URL: a mirror of cais/mmlu (or a test server) instead of Hugging Face.
      const mirror = process.env.AURORA_LAB_MMLU_URL;
      return await loadDataset(target, { cacheDir: this.cacheDir, download: opts.download ?? true, ...(mirror ? { mmluSource: { url: mirror } } : {}) });
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
      const code = err.code === 'download-failed' || err.code === 'not-downloaded' ? 'unavailable' : err.code === 'not-found' ? 'not-found' : 'bad-request';
      const message = chosenByUser ? err.message : err.redactedMessage;
      throw new LabError(code, `${field}: ${message}`, [{ path: field, message }]);
    }
  }

  #inLabFolder(spec: string): boolean {
    try {
      this.labDatasetPath(spec);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A built-in name, or the real path of a file or folder inside `<home>/datasets/` (symbolic links resolved, so
   * none leads out); anything else is refused the same way whether it exists or not.
   */
  labDatasetPath(spec: string, field = 'dataset'): string {
    if ((BUILTIN_DATASETS as readonly string[]).includes(spec)) return spec;
    const root = this.cacheDir;
    mkdirSync(root, { recursive: true });
    const realRoot = realpathSync(root);
    const asked = isAbsolute(spec) ? resolve(spec) : resolve(root, spec);
    let real: string;
    try {
      real = realpathSync(asked);
    } catch {
      real = asked;
    }
    const rel = relative(realRoot, real);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const relAsked = relative(root, asked);
    const askedInside = relAsked !== '' && !relAsked.startsWith('..') && !isAbsolute(relAsked);
    if (!inside && !(askedInside && real === asked)) {
      const msg =
        `over HTTP (aurora-lab serve) the lab reads prompt sets only from its datasets folder ${root}${sep}: copy the file there and give its ` +
        `name (e.g. "my-set.jsonl"), use starter or mmlu, or start the campaign from the desktop app or with \`aurora-lab profile --dataset FILE\`, which take any file.`;
      throw new LabError('bad-request', `${field}: ${msg}`, [{ path: field, message: msg }]);
    }
    return inside ? real : asked;
  }
}
