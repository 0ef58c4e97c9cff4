import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../../src/shared/kit/csv';
import { PROMPT_CSV_HEADER, promptsCsv, runExportFileName, runJson } from '../../../../src/renderer/src/runs/prompt-export';
import { makeDetail, makeResult } from '../fixtures/runs';

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
    expect(lines[1]).toContain(',odpm,5,8,9,spans 9 ODPM reads (< 10): coarse resolution,,,,,');
    expect(csv).toContain('"Name a colour, please","He said ""red""\nthen blue"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('says why energy cells are empty: the flag, its reason and what the window integrated to', () => {
    const flagged = makeResult({
      energyJ: null,
      netEnergyJ: null,
      energyFlag: { kind: 'below-idle', reason: 'power 0.41 W below the idle baseline 0.52 W', energyJ: 1.25, netEnergyJ: -0.2 },
    });
    const [header, row] = promptsCsv([flagged]).split('\r\n');
    const cells = row!.split(',');
    const at = (name: string) => cells[header!.split(',').indexOf(name)];
    expect(at('energy_j')).toBe('');
    expect(at('energy_flag')).toBe('below-idle');
    expect(at('energy_flag_reason')).toBe('power 0.41 W below the idle baseline 0.52 W');
    expect(at('flagged_energy_j')).toBe('1.25');
    expect(at('flagged_net_energy_j')).toBe('-0.2');
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
