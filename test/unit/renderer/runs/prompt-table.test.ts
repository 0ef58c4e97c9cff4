import { describe, expect, it } from 'vitest';
import {
  PROMPT_CSV_HEADER,
  answerText,
  csvField,
  mergeResults,
  promptMeta,
  promptRow,
  promptRows,
  promptTotals,
  promptsCsv,
  runExportFileName,
  runJson,
  toCsv,
} from '../../../../src/renderer/src/runs/prompt-table';
import { makeDetail, makeResult } from '../fixtures/runs';

describe('prompt table rows', () => {
  it('formats the engine and energy figures with fixed decimals', () => {
    const row = promptRow(makeResult());
    expect(row.n).toBe(1);
    expect(row.cells).toEqual({
      ttft: '186',
      prefillTps: '376.9',
      decodeTps: '73.9',
      total: '1443',
      outputTokens: '94',
      peakRam: '70',
      energy: '2.903',
      netEnergy: '1.809',
      avgPower: '2.01',
      energyPerToken: '0.0192',
      tempStart: '25.9',
      tempEnd: '26.0',
    });
    expect(row.method).toBe('ODPM · 8 samples');
    expect(row.resolution).toMatchObject({ text: 'energy resolution: 9 ODPM reads', coarse: true });
    expect(row.thermal).toBe('none');
  });

  it('shows missing figures as a dash and failed prompts with their error', () => {
    const row = promptRow(makeResult({ ok: false, error: 'runner crashed', ttftMs: null, energy: null, energyJ: null }));
    expect(row.ok).toBe(false);
    expect(row.error).toBe('runner crashed');
    expect(row.cells.ttft).toBe('—');
    expect(row.cells.energy).toBe('—');
    expect(row.resolution).toBeNull();
    expect(row.method).toBe('—');
  });

  it('shows a campaign prompt’s subject, repetition and key', () => {
    expect(promptMeta({ subject: 'world_geography', rep: 1, answer: 'B' })).toBe('world geography · rep 2 · key B');
    expect(promptMeta({})).toBeNull();
    expect(promptRow(makeResult()).meta).toBeNull();
  });

  it('says what was extracted and whether it was right', () => {
    expect(answerText({ extracted: null, correct: null })).toBeNull();
    expect(answerText({ extracted: 'B', correct: true })).toBe('B (correct)');
    expect(answerText({ extracted: 'C', correct: false })).toBe('C (wrong)');
    expect(answerText({ extracted: null, correct: false })).toBe('no letter found (wrong)');
    expect(answerText({ extracted: 'A', correct: null })).toBe('A (not scored)');
  });

  it('merges live and stored results once each, in run order', () => {
    const a = makeResult({ id: 2, index: 1 });
    const b = makeResult({ id: 1, index: 0 });
    const merged = mergeResults([a], [b, makeResult({ id: 2, index: 1, response: 'newer' })]);
    expect(merged.map((r) => r.id)).toEqual([1, 2]);
    expect(merged[1]!.response).toBe('newer');
    expect(promptRows([a, b, a]).map((r) => r.n)).toEqual([1, 2]);
  });

  it('totals energy, tokens, accuracy and coarse prompts', () => {
    const t = promptTotals([
      makeResult({ id: 1, energyJ: 1, netEnergyJ: 0.5, outputTokens: 10, correct: true }),
      makeResult({ id: 2, energyJ: 2, netEnergyJ: null, outputTokens: null, correct: false, ok: false }),
      makeResult({ id: 3, energyJ: null, netEnergyJ: null, outputTokens: 5, energy: null }),
    ]);
    expect(t).toEqual({ prompts: 3, ok: 2, energyJ: 3, netEnergyJ: 0.5, outputTokens: 15, scored: 2, correct: 1, coarse: 2 });
  });
});

describe('CSV and JSON export', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(false)).toBe('false');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes one row per prompt with raw figures and the provenance', () => {
    const csv = promptsCsv([
      makeResult({ id: 2, index: 1, prompt: 'Name a colour, please', response: 'He said "red"\nthen blue' }),
      makeResult({ id: 1, index: 0 }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(PROMPT_CSV_HEADER.join(','));
    expect(lines[0]!.split(',')).toHaveLength(PROMPT_CSV_HEADER.length);
    // Ordered by position; exact numbers, not the rounded cells.
    expect(lines[1]).toContain(',0,line-1,gemma-270m,true,,10000,11500,185.713,');
    expect(lines[1]).toContain(',odpm,5,8,9,spans 9 ODPM reads (< 10): coarse resolution,');
    expect(csv).toContain('"Name a colour, please","He said ""red""\nthen blue"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('exports the run and its results as JSON with the simulated flag on top', () => {
    const doc = JSON.parse(runJson(makeDetail(), [makeResult({ id: 2, index: 1 }), makeResult()], Date.UTC(2025, 0, 2))) as {
      format: string;
      exportedAt: string;
      simulated: boolean;
      run: { id: string };
      results: Array<{ index: number }>;
    };
    expect(doc.format).toBe('aurora-lab.run/v1');
    expect(doc.exportedAt).toBe('2025-01-02T00:00:00.000Z');
    expect(doc.simulated).toBe(true);
    expect(doc.run.id).toBe('run-00000001');
    expect(doc.results.map((r) => r.index)).toEqual([0, 1]);
    expect(runExportFileName('ccc10fd9-b76c-45d7', 'prompts', 'csv')).toBe('aurora-lab-run-ccc10fd9-prompts.csv');
  });
});
