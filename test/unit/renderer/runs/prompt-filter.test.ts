import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  PAGE_SIZE,
  filterPromptRows,
  isFilteredQuery,
  outcomeCounts,
  pageOf,
  pageText,
  promptModels,
} from '../../../../src/renderer/src/runs/prompt-filter';
import { promptRows } from '../../../../src/renderer/src/runs/prompt-table';
import { makeResult } from '../fixtures/runs';

const SUBJECTS = ['astronomy', 'world_geography', 'college_physics', 'high_school_biology'];

/** A campaign device run of 320 prompts: 2 models × 160, scored; every 7th wrong, every 11th of those unparsable, every 50th failed. */
function run320() {
  return promptRows(
    Array.from({ length: 320 }, (_, i) => {
      const wrong = i % 7 === 0;
      const failed = i % 50 === 49;
      return makeResult({
        id: i + 1,
        index: i,
        modelId: i < 160 ? 'gemma-270m' : 'qwen-600m',
        prompt: `Question ${i + 1}: ${i % 2 ? 'Which planet is closest to the Sun?' : 'What is the capital of Peru?'}`,
        subject: SUBJECTS[i % SUBJECTS.length],
        answer: 'B',
        ok: !failed,
        error: failed ? 'runner timed out' : null,
        extracted: failed ? null : wrong ? (i % 11 === 0 ? null : 'C') : 'B',
        correct: failed ? false : !wrong,
        unparsable: !failed && wrong && i % 11 === 0,
        response: failed ? null : `The answer is ${wrong ? 'C' : 'B'}.`,
      });
    }),
  );
}

describe('per-prompt search and filters', () => {
  const rows = run320();

  it('matches every word of the text in the prompt, subject (with or without underscores), model or response, any case', () => {
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'CAPITAL peru' })).toHaveLength(160);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'world geography' })).toHaveLength(80);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'world_geography' })).toHaveLength(80);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'qwen-600m' })).toHaveLength(160);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'is C.' }).every((r) => r.correct === false && r.ok)).toBe(true);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'Question 170:' }).map((r) => r.n)).toEqual([170]);
    // Words are substrings, as a search box is expected to work.
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'Question 17:' }).map((r) => r.n)).toEqual([17, 117, 217, 317]);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: 'no such words' })).toEqual([]);
    // Blank text matches everything.
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, text: '   ' })).toHaveLength(320);
  });

  it('filters by outcome: correct, wrong (unparsable and failed count as wrong), unparsable, failed, not scored', () => {
    const counts = outcomeCounts(rows);
    const wrong = rows.filter((r) => r.correct === false).length;
    expect(counts.all).toBe(320);
    expect(counts.correct + counts.wrong).toBe(320);
    expect(counts.wrong).toBe(wrong);
    expect(counts.failed).toBe(6);
    expect(counts.unparsable).toBe(rows.filter((r) => r.unparsable).length);
    expect(counts.unparsable).toBeGreaterThan(0);
    expect(counts.unscored).toBe(0);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, outcome: 'unparsable' }).every((r) => r.unparsable && r.correct === false)).toBe(true);
    expect(filterPromptRows(rows, { ...EMPTY_QUERY, outcome: 'failed' }).map((r) => r.n)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(filterPromptRows(promptRows([makeResult()]), { ...EMPTY_QUERY, outcome: 'unscored' })).toHaveLength(1);
  });

  it('combines text, outcome and model', () => {
    const q = { text: 'astronomy', outcome: 'correct' as const, model: 'qwen-600m' };
    const hit = filterPromptRows(rows, q);
    expect(hit.length).toBeGreaterThan(0);
    expect(hit.every((r) => r.modelId === 'qwen-600m' && r.correct === true && r.subject === 'astronomy')).toBe(true);
    expect(isFilteredQuery(q)).toBe(true);
    expect(isFilteredQuery(EMPTY_QUERY)).toBe(false);
    expect(promptModels(rows)).toEqual(['gemma-270m', 'qwen-600m']);
  });
});

describe('per-prompt pages', () => {
  const rows = run320();

  it(`shows ${PAGE_SIZE} rows a page, the last one shorter, and clamps pages out of range`, () => {
    expect(PAGE_SIZE).toBe(50);
    const first = pageOf(rows, 0);
    expect(first).toMatchObject({ page: 0, pages: 7, from: 1, to: 50, total: 320 });
    expect(first.rows.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(pageOf(rows, 6)).toMatchObject({ page: 6, from: 301, to: 320 });
    expect(pageOf(rows, 6).rows).toHaveLength(20);
    expect(pageOf(rows, 99).page).toBe(6);
    expect(pageOf(rows, -3).page).toBe(0);
    expect(pageOf([], 2)).toMatchObject({ rows: [], page: 0, pages: 1, from: 0, to: 0, total: 0 });
  });

  it('says which rows are shown, of how many, with plurals', () => {
    expect(pageText(pageOf(rows, 1), 320, false)).toBe('51–100 of 320 prompts');
    const one = filterPromptRows(rows, { ...EMPTY_QUERY, text: 'Question 170:' });
    expect(pageText(pageOf(one, 0), 320, true)).toBe('1 match among 320 prompts');
    expect(pageText(pageOf([], 0), 320, true)).toBe('No prompt matches (of 320 prompts)');
    expect(pageText(pageOf(rows.slice(0, 1), 0), 1, false)).toBe('1 prompt');
  });
});
