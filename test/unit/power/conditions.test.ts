import { describe, expect, it } from 'vitest';
import type { DeviceFacts } from '../../../src/shared/devices';
import { chargedDuring, chooseEnergyMethod, isThrottled } from '../../../src/main/power/conditions';
import { buildForDevice } from '../../../src/main/runner/artifacts';

function facts(over: Partial<DeviceFacts> & { odpm?: boolean; fuel?: boolean; cc?: boolean } = {}): DeviceFacts {
  const { odpm = false, fuel = true, cc = true, ...rest } = over;
  return {
    manufacturer: 'samsung', brand: 'samsung', model: 'SM-S938B', device: 'pa3q', soc: null, abi: 'arm64-v8a', abiList: ['arm64-v8a'],
    androidRelease: '15', sdk: 35, fingerprint: 'f', ramMb: 12000, cpuCores: 8, cpuFeatures: ['asimddp', 'i8mm'],
    cactus: { supported: true, reason: null, missingFeatures: [] },
    energySources: { odpm, odpmChannels: [], fuelGauge: fuel, chargeCounter: cc }, virtual: false, probedAt: 0, ...rest,
  };
}

describe('energy source choice', () => {
  it('prefers ODPM, then the fuel gauge, then the charge counter', () => {
    expect(chooseEnergyMethod(facts({ odpm: true }), false, 'auto', false)).toBe('odpm');
    expect(chooseEnergyMethod(facts(), false, 'auto', false)).toBe('fuel-gauge');
    expect(chooseEnergyMethod(facts({ fuel: false }), false, 'auto', false)).toBe('charge-counter');
    expect(() => chooseEnergyMethod(facts({ fuel: false, cc: false }), false, 'auto', false)).toThrow(/no energy source/);
  });

  it('refuses the fuel gauge while charging, saying why and how to fix it', () => {
    expect(() => chooseEnergyMethod(facts(), true, 'auto', false)).toThrow(/charging.*Wi-Fi debugging.*hub/s);
    expect(() => chooseEnergyMethod(facts({ brand: 'google', model: 'Pixel 8' }), true, 'fuel-gauge', false)).toThrow(/power\.battery_input\.suspended/);
    expect(chooseEnergyMethod(facts({ odpm: true }), true, 'auto', false)).toBe('odpm');
    expect(chooseEnergyMethod(facts({ brand: 'google' }), true, 'fuel-gauge', true)).toBe('fuel-gauge');
    expect(() => chooseEnergyMethod(facts(), false, 'odpm', false)).toThrow(/no ODPM/);
  });

  it('flags throttling from thermal status or low CPU frequency under load', () => {
    expect(isThrottled({ at: 0, batteryTempC: 30, skinTempC: 30, thermalStatus: 2, cpuFreqRatio: 1, charging: false }, false)).toBe(true);
    expect(isThrottled({ at: 0, batteryTempC: 30, skinTempC: 30, thermalStatus: 0, cpuFreqRatio: 0.5, charging: false }, true)).toBe(true);
    expect(isThrottled({ at: 0, batteryTempC: 30, skinTempC: 30, thermalStatus: 0, cpuFreqRatio: 0.5, charging: false }, false)).toBe(false);
    expect(isThrottled({ at: 0, batteryTempC: 30, skinTempC: 30, thermalStatus: 1, cpuFreqRatio: 0.95, charging: false }, true)).toBe(false);
  });

  it('refuses a CPU without the features Cactus needs, and picks the build per device', () => {
    const old = facts({ cpuFeatures: [], cactus: { supported: false, reason: 'The CPU lacks dot product (asimddp) and int8 matrix multiply (i8mm)', missingFeatures: ['asimddp', 'i8mm'] } });
    expect(() => buildForDevice(old)).toThrow(/Cactus cannot run on this phone: The CPU lacks dot product/);
    expect(buildForDevice(facts())).toEqual({ build: 'android-arm64-v8a', simulated: false });
  });

  it('voids a prompt window when a charger shows in it or in the reading just before it, not after it', () => {
    const reading = (at: number, charging: boolean | null) => ({ at, batteryTempC: 30, skinTempC: 30, thermalStatus: 0, cpuFreqRatio: 1, charging });
    const toBoot = (at: number) => at;
    expect(chargedDuring([reading(5_000, true)], toBoot, 4_000, 8_000, 2_000)).toBe(true);
    expect(chargedDuring([reading(3_000, true)], toBoot, 4_000, 8_000, 2_000)).toBe(true);
    expect(chargedDuring([reading(1_000, true)], toBoot, 4_000, 8_000, 2_000)).toBe(false);
    expect(chargedDuring([reading(8_500, true)], toBoot, 4_000, 8_000, 2_000)).toBe(false);
    expect(chargedDuring([reading(5_000, false), reading(6_000, null)], toBoot, 4_000, 8_000, 2_000)).toBe(false);
  });
});
