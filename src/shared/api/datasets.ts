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

export const datasetsMethods = {
  /** Prompt sets for the campaign form: starter, mmlu (cached or to download), recently used paths. */
  list: method<DatasetOption[]>()(z.object({}).strict()),
} as const;
