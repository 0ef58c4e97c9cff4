import { describe, expect, it } from 'vitest';
import { answerText, mergeResults, promptMeta, promptRow, promptRows, promptTotals } from '../../../../src/renderer/src/runs/prompt-table';
import { makeResult } from '../fixtures/runs';

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
