/**
 * Searching and paging a run's per-prompt table: a run can have thousands of prompts, so the page shows one page of
 * rows at a time, found by text (prompt, subject, model, response), by outcome (correct, wrong, unparsable, failed)
 * and by model. Pure (no DOM), unit-tested in test/unit/renderer/runs/prompt-filter.test.ts.
 */
import { plural } from '../../../shared/format';
import type { PromptRow } from './prompt-table';

export type PromptOutcome = 'all' | 'correct' | 'wrong' | 'unparsable' | 'failed' | 'unscored';

export const OUTCOMES: ReadonlyArray<{ id: PromptOutcome; label: string }> = [
  { id: 'all', label: 'All outcomes' },
  { id: 'correct', label: 'Correct' },
  { id: 'wrong', label: 'Wrong (any)' },
  { id: 'unparsable', label: 'Unparsable (no single letter)' },
  { id: 'failed', label: 'Failed (runner error)' },
  { id: 'unscored', label: 'Not scored (no answer key)' },
];

export interface PromptQuery {
  /** Words that must all appear (any case) in the prompt, subject, model or response. */
  text: string;
  outcome: PromptOutcome;
  /** '' for every model. */
  model: string;
}

export const EMPTY_QUERY: PromptQuery = { text: '', outcome: 'all', model: '' };

export const PAGE_SIZE = 50;

export function isFilteredQuery(q: PromptQuery): boolean {
  return q.text.trim() !== '' || q.outcome !== 'all' || q.model !== '';
}

function matchesOutcome(r: PromptRow, outcome: PromptOutcome): boolean {
  switch (outcome) {
    case 'all':
      return true;
    case 'correct':
      return r.correct === true;
    case 'wrong':
      return r.correct === false;
    case 'unparsable':
      return r.unparsable;
    case 'failed':
      return !r.ok;
    case 'unscored':
      return r.correct === null;
  }
}

function haystack(r: PromptRow): string {
  return [r.prompt, r.subject ?? '', r.subject?.replace(/_/g, ' ') ?? '', r.modelId, r.response ?? '', r.meta ?? ''].join('\n').toLowerCase();
}

/** Rows matching every word of the text, the outcome and the model, in their order. */
export function filterPromptRows(rows: readonly PromptRow[], q: PromptQuery): PromptRow[] {
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => (q.model === '' || r.modelId === q.model) && matchesOutcome(r, q.outcome) && words.every((w) => haystack(r).includes(w)));
}

export interface PromptPage {
  rows: PromptRow[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown among the matches (0, 0 when none). */
  from: number;
  to: number;
  total: number;
}

export function pageOf(rows: readonly PromptRow[], page: number, size = PAGE_SIZE): PromptPage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const slice = rows.slice(p * size, (p + 1) * size);
  return { rows: slice, page: p, pages, from: slice.length ? p * size + 1 : 0, to: p * size + slice.length, total: rows.length };
}

/** "Prompts 51–100 of 320", "3 of 320 prompts match", "No prompt matches". */
export function pageText(p: PromptPage, all: number, filtered: boolean): string {
  if (p.total === 0) return filtered ? `No prompt matches (of ${plural(all, 'prompt')})` : 'No prompts';
  const range = p.pages > 1 ? `${p.from}–${p.to} of ` : '';
  return filtered ? `${range}${plural(p.total, 'match', 'matches')} among ${plural(all, 'prompt')}` : `${range}${plural(p.total, 'prompt')}`;
}

/** The models present, in first-seen order, for the model filter. */
export function promptModels(rows: readonly PromptRow[]): string[] {
  return [...new Set(rows.map((r) => r.modelId))];
}

/** Counts per outcome over all rows, for the outcome filter's labels. */
export function outcomeCounts(rows: readonly PromptRow[]): Record<PromptOutcome, number> {
  const counts = { all: rows.length, correct: 0, wrong: 0, unparsable: 0, failed: 0, unscored: 0 } as Record<PromptOutcome, number>;
  for (const r of rows) for (const o of OUTCOMES) if (o.id !== 'all' && matchesOutcome(r, o.id)) counts[o.id]++;
  return counts;
}
