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
      temp: '25.9 → 26.0',
    });
    expect(row.flags).toEqual({});
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
    expect(t).toEqual({ prompts: 3, ok: 2, energyJ: 3, netEnergyJ: 0.5, outputTokens: 15, scored: 2, correct: 1, coarse: 2, belowIdle: 0, meterGap: 0 });
  });

  it('flags a one-token reply’s 0 tok/s and energy below the idle baseline instead of showing them as measurements', () => {
    const row = promptRow(makeResult({ decodeTps: 0, outputTokens: 1, netEnergyJ: -0.211, energyPerTokenJ: -0.211 }));
    expect(row.flags.decodeTps?.label).toBe('no decode');
    expect(row.flags.decodeTps?.reason).toMatch(/at most one token/);
    expect(row.flags.netEnergy?.label).toBe('below idle');
    expect(row.flags.netEnergy?.reason).toMatch(/-0\.211 J net/);
    expect(row.flags.energyPerToken?.label).toBe('below idle');
    // The raw value stays in the cell text (shown in the flag's tooltip).
    expect(row.cells.netEnergy).toBe('-0.211');
    expect(Object.keys(promptRow(makeResult({ decodeTps: 12.5, netEnergyJ: 0 })).flags)).toEqual([]);
    // The net total keeps the flagged prompt (noise cancels over many), and counts it.
    const t = promptTotals([makeResult({ id: 1, netEnergyJ: -0.2 }), makeResult({ id: 2, netEnergyJ: 1 })]);
    expect(t.netEnergyJ).toBeCloseTo(0.8, 9);
    expect(t.belowIdle).toBe(1);
  });

  it('keeps the subject and whether the reply was unparsable, for the search', () => {
    const row = promptRow(makeResult({ subject: 'world_geography', unparsable: true, correct: false }));
    expect(row.subject).toBe('world_geography');
    expect(row.unparsable).toBe(true);
    expect(promptRow(makeResult()).unparsable).toBe(false);
  });
});

describe('energy flagged by the lab (PromptResult.energyFlag)', () => {
  it('shows the flag with its reason in place of the energy figures, and counts it apart in the totals', () => {
    const flagged = makeResult({ id: 9, energyJ: null, netEnergyJ: null, energyPerTokenJ: null, energyFlag: { kind: 'meter-gap', reason: 'the fuel gauge gave no reading for 12.3 s during the prompt', energyJ: 4.2, netEnergyJ: 1.1 } });
    const row = promptRow(flagged);
    expect(row.flags.energy).toEqual({ label: 'meter gap', reason: 'Not a measurement, left out of every energy figure: the fuel gauge gave no reading for 12.3 s during the prompt.' });
    expect(row.flags.netEnergy?.label).toBe('meter gap');
    expect(row.cells.energy).toBe('4.200');
    const t = promptTotals([flagged, makeResult({ id: 10, energyFlag: { kind: 'below-idle', reason: 'x', energyJ: 1, netEnergyJ: -0.2 }, netEnergyJ: null })]);
    expect(t).toMatchObject({ meterGap: 1, belowIdle: 1 });
  });
});
