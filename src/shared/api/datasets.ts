/** Prompt sets a campaign can use. Plain types and zod only: the renderer bundles this file. */
import { z } from 'zod';
import { method } from './method';

export interface DatasetOption {
  /** What to pass as a campaign's `dataset`. */
  spec: string;
  label: string;
  kind: 'builtin' | 'cached' | 'download' | 'recent';
  /** Prompts in the set (test split), when known without loading it. */
  size: number | null;
  subjects: number | null;
  note: string | null;
}

/** The subjects (topics) of a prompt set with their number of prompts (test split), for choosing some. */
export interface DatasetSubjects {
  dataset: string;
  name: string;
  total: number;
  subjects: Array<{ subject: string; count: number }>;
}

export const datasetsMethods = {
  /** Prompt sets for the campaign form: starter, mmlu (cached or to download), recently used paths. */
  list: method<DatasetOption[]>()(z.object({}).strict()),
  /** A set's subjects with counts (never downloads: MMLU's are known once it is cached). */
  subjects: method<DatasetSubjects>()(z.object({ dataset: z.string().trim().min(1, 'Pick a prompt set').max(4096) }).strict()),
} as const;
