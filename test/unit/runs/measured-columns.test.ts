import { describe, expect, it } from 'vitest';
import { ColumnsBuilder, columnsOfRows, concatColumns, rowsOfColumns, type MeasuredRow } from '../../../src/main/runs/measured-columns';

function row(i: number, over: Partial<MeasuredRow> = {}): MeasuredRow {
  return {
    runId: 'r1', serial: 'S1', deviceModel: null, modelId: `m${i % 3}`, position: i, promptId: `p${i % 7}`, promptText: `text ${i % 7}`, subject: i % 2 ? 'law' : null,
    rep: i % 2, ok: i % 5 !== 0, correct: i % 4 === 0 ? null : i % 3 === 0, unparsable: i % 4 === 0 ? null : false, latencyMs: i % 6 === 0 ? null : i * 1.5,
    ttftMs: 1, decodeTps: null, energyJ: i / 10, netEnergyJ: null, outputTokens: 3, peakRamMb: 500.25, energyMethod: i % 2 ? 'odpm' : null, simulated: i % 2 === 0,
    ...over,
  };
}

describe('measured columns', () => {
  it('grow past their first capacity without losing a value', () => {
    const b = new ColumnsBuilder(1);
    b.addRun({ runId: 'r1', serial: 'S1', deviceModel: null });
    for (let i = 0; i < 1000; i++) {
      const at = b.next();
      b.c.position[at] = i;
      b.c.latencyMs[at] = i * 2;
      b.c.correct[at] = (i % 3) - 1;
    }
    const c = b.build();
    expect(c.length).toBe(1000);
    expect(c.position.length).toBe(1000);
    expect([...c.position]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(c.latencyMs[999]).toBe(1998);
    expect([...c.correct.slice(0, 4)]).toEqual([-1, 0, 1, -1]);
  });

  it('round-trip rows (nulls, flags, shared and differing prompt texts)', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row(i));
    rows[10] = row(10, { promptText: 'text 3 edited', promptId: 'p3' });
    const c = columnsOfRows(rows);
    // p0..p6 once each, plus the edited text: same id, another entry; the subject is part of a prompt's identity.
    expect(c.prompts.filter((p) => p.id === 'p3').map((p) => p.text)).toContain('text 3 edited');
    expect(rowsOfColumns(c)).toEqual(rows);
  });

  it('concatenate runs with their own tables, indices remapped, in the order given', () => {
    const a = columnsOfRows(Array.from({ length: 5 }, (_, i) => row(i)));
    const b = columnsOfRows(Array.from({ length: 4 }, (_, i) => row(i + 3, { runId: 'r2', modelId: `x${i}`, promptId: `q${i}` })));
    const both = concatColumns([
      { columns: b, run: { runId: 'r2', serial: 'S2', deviceModel: 'Pixel' } },
      { columns: a, run: { runId: 'r1', serial: 'S1', deviceModel: null } },
    ]);
    const expected = [
      ...rowsOfColumns(b).map((r) => ({ ...r, serial: 'S2', deviceModel: 'Pixel' })),
      ...rowsOfColumns(a),
    ];
    expect(rowsOfColumns(both)).toEqual(expected);
    expect(both.runs.map((r) => r.runId)).toEqual(['r2', 'r1']);
    // One run: its columns as they are, the run's serial and device model as given now.
    const one = concatColumns([{ columns: a, run: { runId: 'r1', serial: 'S9', deviceModel: 'new' } }]);
    expect(one.latencyMs).toBe(a.latencyMs);
    expect(rowsOfColumns(one)[0]).toMatchObject({ serial: 'S9', deviceModel: 'new' });
  });
});
