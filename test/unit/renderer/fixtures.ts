/** Builders for device data in renderer tests. */
import type { DeviceFacts, DeviceStatus, DeviceSummary } from '../../../src/shared/devices';

export function makeFacts(over: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    manufacturer: 'Google',
    brand: 'google',
    model: 'Pixel 8',
    device: 'shiba',
    soc: 'Tensor G3',
    abi: 'arm64-v8a',
    abiList: ['arm64-v8a'],
    androidRelease: '14',
    sdk: 34,
    fingerprint: 'google/shiba/shiba:14/AP2A.240805.005/12025142:user/release-keys',
    ramMb: 7812,
    cpuCores: 9,
    cpuFeatures: ['fp', 'asimd', 'asimddp', 'i8mm'],
    cactus: { supported: true, reason: null, missingFeatures: [] },
    energySources: { odpm: true, odpmChannels: ['S2M_VDD_CPUCL2'], fuelGauge: true, chargeCounter: true },
    virtual: false,
    probedAt: 1_000,
    ...over,
  };
}

export function makeStatus(over: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    serial: 'ABC123',
    at: 10_000,
    batteryLevel: 80,
    batteryStatus: 'discharging',
    chargingSource: null,
    batteryTempC: 31.25,
    batteryVoltageMv: 4012,
    thermalStatus: 0,
    skinTempC: 33.5,
    ...over,
  };
}

export function makeDevice(over: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    serial: 'ABC123',
    state: 'device',
    transport: 'usb',
    product: 'shiba',
    model: 'Pixel_8',
    device: 'shiba',
    virtual: false,
    facts: makeFacts(),
    status: makeStatus(),
    error: null,
    firstSeen: 500,
    lastSeen: 10_000,
    ...over,
  };
}
