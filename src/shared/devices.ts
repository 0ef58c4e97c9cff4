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
  /** charge_counter deltas; coarse. False when it reads 0 ("not reported"), is not readable, or is implausible. */
  chargeCounter: boolean;
  /** How the counter's unit was decided (absent in facts probed by older labs, or when it is no source). */
  chargeCounterCalibration?: ChargeCounterCalibration;
  /** Why the charge counter is not an energy source, or what to know about it; null when nothing to say. */
  chargeCounterNote?: string | null;
}

/**
 * The charge counter's unit, found like the fuel gauge's: the unit under which counter / level is a plausible
 * battery capacity (AOSP documents uAh; some Samsung tablets count in 10 uAh).
 */
export interface ChargeCounterCalibration {
  /** Multiply the raw counter by this to get uAh: 1 (uAh), 10 (10 uAh) or 1000 (mAh). */
  uahPerUnit: number;
  raw: number;
  levelPercent: number;
  /** raw x uahPerUnit / level: the full capacity the reading implies. */
  impliedCapacityMah: number;
  /** The battery's design capacity when the phone reports it (charge_full_design). */
  designCapacityMah: number | null;
  /** 'plausible-capacity' when the unit was decided from the implied capacity alone. */
  basis: 'design-capacity' | 'plausible-capacity' | 'assumed';
}

/**
 * Whether the pinned Cactus engine can run on the CPU: arm64 with fp16 (asimdhp) and dot product (asimddp);
 * i8mm optional (faster kernels). Virtual phones on x86_64 run the host build of the runner.
 */
export interface CactusSupport {
  supported: boolean;
  /** Why not, in words a user can act on (names the missing feature); null when supported. */
  reason: string | null;
  /** Required features the CPU lacks. */
  missingFeatures: string[];
  /** The engine version the verdict was judged for, e.g. "cactus/v1.14" (absent in facts probed by older labs). */
  engine?: string;
  /** Optional features the CPU lacks (the engine runs, slower). */
  optionalMissing?: string[];
  /** A remark on a supported verdict (slower kernels, virtual phone). */
  note?: string;
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
  /** Virtual phones: the engine they run, 'cactus' (the real engine under emulation) or 'simulated' (getprop ro.aurora.engine). */
  virtualEngine?: 'cactus' | 'simulated';
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

/** How one source of a capture came out on the phone. A file exists only for sources that printed something. */
export interface CaptureEntry {
  /** What was run, as text (for people reading the manifest). */
  command: string;
  exitCode: number | null;
  /** What the phone printed on stderr (cut to a few KB). */
  stderr?: string;
  /** False when the command failed and printed nothing: a replay then fails the same way. */
  written: boolean;
}

/** `manifest.json` of a capture folder (`aurora-lab capture`, `devices.capture`). */
export interface CaptureManifest {
  format: 'aurora-capture/1';
  /** ISO 8601. */
  capturedAt: string;
  labVersion: string;
  device: {
    serial: string;
    manufacturer: string | null;
    model: string | null;
    fingerprint: string | null;
    androidRelease: string | null;
    sdk: number | null;
    /** True when the phone was an Aurora virtual phone (itself possibly a replay). */
    virtual: boolean;
  };
  /** By file name in the folder (`getprop.txt`, `power-supply/battery/current_now`, ...). */
  files: Record<string, CaptureEntry>;
  series: { file: string; rows: number; durationMs: number; targetHz: number } | null;
  warnings: string[];
}

/** What a capture wrote. */
export interface CaptureResult {
  /** Absolute path of the capture folder. */
  dir: string;
  /** Files written, relative to `dir`, manifest.json included. */
  files: string[];
  seriesRows: number;
  manifest: CaptureManifest;
}
