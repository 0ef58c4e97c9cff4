import { describe, expect, it } from 'vitest';
import { cells, columns, json, row, rowOrNull, RowError, stringArray, stringRecord } from '../../../src/main/store/rows';

describe('row readers', () => {
  it('read columns by name with their type checked, naming table and column when wrong', () => {
    const r = row({ id: 'a', n: 3, big: 4n, missing: null, ok: 1, kind: 'quick' }, 'runs');
    expect([r.str('id'), r.num('n'), r.num('big'), r.numOrNull('missing'), r.flag('ok'), r.member('kind', ['quick', 'campaign'] as const)]).toEqual(['a', 3, 4, null, true, 'quick']);
    expect(() => r.num('id')).toThrow(RowError);
    expect(() => r.num('id')).toThrow(/runs\.id: expected a number, got "a"/);
    expect(() => r.flag('n')).toThrow(/runs\.n: expected 0 or 1/);
    expect(() => r.member('kind', ['campaign'] as const)).toThrow(/one of campaign/);
    expect(() => r.str('nope')).toThrow(/runs\.nope: expected text, got undefined/);
  });

  it('JSON columns are parsed and checked', () => {
    const r = row({ ids: '["a","b"]', map: '{"x":"1"}', bad: '{oops', wrong: '[1]' }, 'runs');
    expect(r.json('ids', stringArray)).toEqual(['a', 'b']);
    expect(r.json('map', stringRecord)).toEqual({ x: '1' });
    expect(() => r.json('bad', stringArray)).toThrow(/runs\.bad: expected JSON/);
    expect(() => r.json('wrong', stringArray)).toThrow(/runs\.wrong\[0\]: expected text/);
    expect(json('[]', 'x', stringArray)).toEqual([]);
  });

  it('columns reads plain columns at once under camelCase names', () => {
    const r = row({ device_model: null, sample_hz: 20, serial: 's', is_default: 0 }, 'runs');
    const c: { deviceModel: string | null; sampleHz: number | null; serial: string; isDefault: boolean } = columns(r, { device_model: 'str?', sample_hz: 'num?', serial: 'str', is_default: 'flag' } as const);
    expect(c).toEqual({ deviceModel: null, sampleHz: 20, serial: 's', isDefault: false });
    expect(() => columns(r, { serial: 'num' } as const)).toThrow(/runs\.serial/);
  });

  it('an absent row is null; a raw row is its values', () => {
    expect(rowOrNull(undefined, 'runs')).toBeNull();
    expect(() => row('x', 'runs')).toThrow(/runs: expected a row/);
    expect(cells([1, 'a'], 'runs')).toEqual([1, 'a']);
    expect(() => cells({}, 'runs')).toThrow(RowError);
  });
});
