import { describe, expect, it } from 'vitest';
import {
  appendStatus,
  buildStatusChartOption,
  chartFileName,
  mergeStatusRows,
} from '../../../../src/renderer/src/devices/status-chart';
import { makeStatus } from '../fixtures/devices';

type Series = { name: string; yAxisIndex: number; data: Array<[number, number | null]>; tooltip: { valueFormatter: (v: unknown) => string } };

describe('status chart', () => {
  it('merges by time, dedupes, keeps the newest window', () => {
    const a = [makeStatus({ at: 1 }), makeStatus({ at: 3 })];
    const b = [makeStatus({ at: 2 }), makeStatus({ at: 3, batteryLevel: 1 })];
    const merged = mergeStatusRows(a, b);
    expect(merged.map((r) => r.at)).toEqual([1, 2, 3]);
    expect(merged[2]!.batteryLevel).toBe(1);
    expect(mergeStatusRows(a, b, 2).map((r) => r.at)).toEqual([2, 3]);
  });

  it('appends live readings within a bounded window', () => {
    let rows = [makeStatus({ at: 1 })];
    rows = appendStatus(rows, makeStatus({ at: 2 }), 2);
    rows = appendStatus(rows, makeStatus({ at: 3 }), 2);
    expect(rows.map((r) => r.at)).toEqual([2, 3]);
    // Out of order or repeated readings are merged, not appended.
    rows = appendStatus(rows, makeStatus({ at: 3, batteryLevel: 7 }), 2);
    expect(rows.map((r) => r.at)).toEqual([2, 3]);
    expect(rows[1]!.batteryLevel).toBe(7);
  });

  it('builds battery % and temperature series on two axes', () => {
    const rows = [
      makeStatus({ at: 1000, batteryLevel: 90, batteryTempC: 30.1, skinTempC: null }),
      makeStatus({ at: 2000, batteryLevel: 89, batteryTempC: null, skinTempC: 35.2 }),
    ];
    const option = buildStatusChartOption(rows);
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['Battery %', 'Battery temp', 'Skin temp']);
    expect(series.map((s) => s.yAxisIndex)).toEqual([0, 1, 1]);
    expect(series[0]!.data).toEqual([
      [1000, 90],
      [2000, 89],
    ]);
    expect(series[1]!.data).toEqual([
      [1000, 30.1],
      [2000, null],
    ]);
    expect(series[2]!.data[1]).toEqual([2000, 35.2]);
    expect(series[1]!.tooltip.valueFormatter(30.14)).toBe('30.1 °C');
    expect(series[0]!.tooltip.valueFormatter(89.6)).toBe('90%');
    const yAxis = option.yAxis as Array<{ min?: number; max?: number; name: string }>;
    expect(yAxis[0]).toMatchObject({ min: 0, max: 100, name: '%' });
    expect(yAxis[1]!.name).toBe('°C');
    expect((option.xAxis as { type: string }).type).toBe('time');
    expect((option.legend as { data: string[] }).data).toEqual(['Battery %', 'Battery temp', 'Skin temp']);
  });

  it('leaves skin temperature out of the legend when the phone never reports it', () => {
    const option = buildStatusChartOption([makeStatus({ skinTempC: null })]);
    expect((option.legend as { data: string[] }).data).toEqual(['Battery %', 'Battery temp']);
    expect(buildStatusChartOption([]).series).toHaveLength(3);
  });

  it('names exported files safely', () => {
    expect(chartFileName('127.0.0.1:5555', '20251126-190703')).toBe(
      'aurora-lab-127.0.0.1_5555-status-20251126-190703.png',
    );
    expect(chartFileName('::', 'x')).toBe('aurora-lab-device-status-x.png');
  });
});
