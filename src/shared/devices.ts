/** Device data shared by the core, the API and the renderer. Plain types and constant lists: no runtime imports. */

/** States an adb server reports for a device (see shared docs: adb.md, "Device states"). */
export const DEVICE_STATES = ['device', 'unauthorized', 'offline', 'connecting', 'authorizing', 'recovery', 'sideload', 'bootloader', 'disconnected', 'unknown'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** The energy sources a phone offers, best first: ODPM rails, fuel gauge sampling, charge counter deltas. */
export interface EnergySources {
  /** On-Device Power Monitor rails (Pixel 6+). Valid while charging. */
  odpm: boolean;
  odpmChannels: string[];
  /** current_now x voltage_now from the fuel gauge. Valid only while discharging. */
  fuelGauge: boolean;
  /** charge_counter deltas (uAh); coarse. */
  chargeCounter: boolean;
}

/** What Cactus needs from the CPU: arm64 with dotprod and i8mm (or the host build of the runner on x86_64). */
export interface CactusSupport {
  supported: boolean;
  /** Why not, in words a user can act on; null when supported. */
  reason: string | null;
  missingFeatures: string[];
}

/** Facts probed once when a device comes online. */
export interface DeviceFacts {
  manufacturer: string;
  brand: string;
  model: string;
  device: string;
  /** e.g. "Tensor G3" or "SM8650"; null when the phone does not say. */
  soc: string | null;
  abi: string;
  abiList: string[];
  androidRelease: string;
  sdk: number | null;
  fingerprint: string;
  ramMb: number | null;
  cpuCores: number | null;
  cpuFeatures: string[];
  cactus: CactusSupport;
  energySources: EnergySources;
  /** True when the device is an Aurora Lab virtual phone: every result from it is simulated. */
  virtual: boolean;
  probedAt: number;
  /** Parts of the probe that failed without failing the whole probe (e.g. unreadable /proc/meminfo). */
  probeWarnings?: string[];
}

export const BATTERY_STATUSES = ['charging', 'discharging', 'not-charging', 'full', 'unknown'] as const;
export type BatteryStatus = (typeof BATTERY_STATUSES)[number];
export const CHARGING_SOURCES = ['ac', 'usb', 'wireless', 'dock'] as const;
export type ChargingSource = (typeof CHARGING_SOURCES)[number];

/** Android thermal status levels (dumpsys thermalservice "Thermal Status"). */
export const THERMAL_STATUS_NAMES = [
  'none',
  'light',
  'moderate',
  'severe',
  'critical',
  'emergency',
  'shutdown',
] as const;

/** One live reading of a device's battery and heat. */
export interface DeviceStatus {
  serial: string;
  at: number;
  batteryLevel: number | null;
  batteryStatus: BatteryStatus;
  /** Null when running on battery. */
  chargingSource: ChargingSource | null;
  batteryTempC: number | null;
  batteryVoltageMv: number | null;
  /** 0 none .. 6 shutdown; null when the phone has no thermal service. */
  thermalStatus: number | null;
  /** Skin (or hottest CPU) temperature from the thermal HAL, when reported. */
  skinTempC: number | null;
  /**
   * True when `dumpsys battery` says "(UPDATES STOPPED ...)": someone ran `dumpsys battery unplug/set`, so the
   * level and charging state are frozen values, not what the phone is doing (`dumpsys battery reset` undoes it).
   */
  batteryUpdatesStopped?: boolean;
}

/** A device as the lab lists it: what the adb server says, plus probed facts and the latest status. */
export interface DeviceSummary {
  serial: string;
  state: DeviceState;
  /** 'tcp' for network endpoints (Wi-Fi debugging, device farms, virtual phones). */
  transport: 'usb' | 'tcp';
  product: string | null;
  model: string | null;
  device: string | null;
  virtual: boolean;
  facts: DeviceFacts | null;
  status: DeviceStatus | null;
  /** The last probe or poll error, in words; null when all is well. */
  error: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface AdbInfo {
  available: boolean;
  /** The adb executable the lab uses (from the ADB setting, or PATH). */
  path: string | null;
  version: string | null;
  serverPort: number;
  /** What is wrong and how to fix it, when adb is not usable. */
  error: string | null;
}
