import { describe, expect, it } from 'vitest';
import { bestEnergySource, energySourceViews } from '../../../../src/renderer/src/devices/energy-sources';
import { makeStatus } from '../fixtures/devices';

describe('energy sources', () => {
  it('energy sources: meaning and validity right now', () => {
    const sources = { odpm: false, odpmChannels: [], fuelGauge: true, chargeCounter: true };
    const onBattery = energySourceViews(sources, makeStatus({ batteryStatus: 'discharging', chargingSource: null }));
    expect(onBattery.map((s) => s.key)).toEqual(['odpm', 'fuelGauge', 'chargeCounter']);
    expect(onBattery.every((s) => s.warning === null)).toBe(true);
    expect(onBattery[1]!.meaning).toMatch(/only while discharging/);
    const plugged = energySourceViews(sources, makeStatus({ batteryStatus: 'charging', chargingSource: 'usb' }));
    expect(plugged[1]!.warning).toMatch(/not valid/);
    expect(plugged[2]!.warning).toMatch(/include charging/);
    expect(energySourceViews(sources, null).every((s) => s.warning === null)).toBe(true);
    const odpm = energySourceViews({ ...sources, odpm: true, odpmChannels: ['A', 'B'] }, null);
    expect(odpm[0]!.detail).toBe('A, B');
    expect(bestEnergySource({ ...sources, odpm: true })).toBe('ODPM power rails');
    expect(bestEnergySource(sources)).toBe('Fuel gauge');
    expect(bestEnergySource({ odpm: false, odpmChannels: [], fuelGauge: false, chargeCounter: false })).toBeNull();
  });
});
