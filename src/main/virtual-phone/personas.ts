import type { CpuArch, VirtualEngine } from './cpu-abi';
import { personaAbi } from './cpu-abi';

export type Vendor = 'pixel' | 'samsung';

export interface CpuCluster {
  name: 'LITTLE' | 'MID' | 'BIG' | 'PRIME';
  cores: number;
  minKhz: number;
  maxKhz: number;
  /** ARM part number, for an arm64-style /proc/cpuinfo. */
  part: string;
}

export interface ThermalZone {
  type: string;
  /** Which node of the heat model the zone follows, and a fixed offset from it. */
  follows: 'cpu' | 'skin' | 'battery';
  offsetC: number;
}

/** One ODPM channel; busyShare of CPU-driven power and idleShare of the rest land on it. Shares sum to 1. */
export interface PowerRail {
  name: string;
  subsystem: string;
  idleShare: number;
  busyShare: number;
}

export interface Persona {
  vendor: Vendor;
  model: string;
  manufacturer: string;
  brand: string;
  name: string;
  device: string;
  marketName: string;
  hardware: string;
  boardPlatform: string;
  socManufacturer: string;
  socModel: string;
  release: string;
  sdk: number;
  buildId: string;
  incremental: string;
  kernelRelease: string;
  memTotalKb: number;
  clusters: CpuCluster[];
  /** Screen-off idle draw of the whole phone, and what one fully busy core adds. */
  idleWatts: number;
  wattsPerBusyCore: number;
  batteryDesignMah: number;
  /** Pixel reports current_now in uA, negative while discharging; Samsung in mA, positive while discharging. */
  currentUnit: 'uA' | 'mA';
  currentPositiveWhenDischarging: boolean;
  thermalZones: ThermalZone[];
  /** Pixel phones expose ODPM rails through the PowerStats HAL; Samsung phones do not. */
  rails: PowerRail[] | null;
  /**
   * Rows the thermal HAL lists as Temperature{} that are not temperatures: battery-current-limiting thresholds
   * (mType 6 BCL_VOLTAGE mV, 7 BCL_CURRENT mA, 8 BCL_PERCENTAGE %), as Tensor Pixels print them.
   */
  thermalLimitRows?: Array<{ name: string; type: 6 | 7 | 8; value: number }>;
  /** An arm64 CPU whatever the host is (the real-engine phone, arm64-profile.ts); absent: the host's ABI. */
  cpuArch?: CpuArch;
  /** Which engine the phone is for (getprop ro.aurora.engine); absent: simulated. */
  engine?: VirtualEngine;
}

const PIXEL_RAILS: PowerRail[] = [
  { name: 'S2M_VDD_CPUCL2', subsystem: 'CPU(BIG)', idleShare: 0.04, busyShare: 0.53 },
  { name: 'S3M_VDD_CPUCL1', subsystem: 'CPU(MID)', idleShare: 0.05, busyShare: 0.28 },
  { name: 'S4M_VDD_CPUCL0', subsystem: 'CPU(LITTLE)', idleShare: 0.12, busyShare: 0.06 },
  { name: 'S5M_VDD_INT', subsystem: 'INT', idleShare: 0.1, busyShare: 0.04 },
  { name: 'S1M_VDD_MIF', subsystem: 'DDR', idleShare: 0.14, busyShare: 0.08 },
  { name: 'S8S_VDD_G3D_L2', subsystem: 'GPU', idleShare: 0.03, busyShare: 0.0 },
  { name: 'S2S_VDD_G3D', subsystem: 'GPU', idleShare: 0.04, busyShare: 0.01 },
  { name: 'S10M_VDD_TPU', subsystem: 'TPU', idleShare: 0.03, busyShare: 0.0 },
  { name: 'L2S_VDD_AOC_RET', subsystem: 'AOC', idleShare: 0.08, busyShare: 0.0 },
  { name: 'S9S_VDD_AOC', subsystem: 'AOC', idleShare: 0.06, busyShare: 0.0 },
  { name: 'VSYS_PWR_DISPLAY', subsystem: 'Display', idleShare: 0.09, busyShare: 0.0 },
  { name: 'VSYS_PWR_MODEM', subsystem: 'Modem', idleShare: 0.12, busyShare: 0.0 },
  { name: 'VSYS_PWR_RFFE', subsystem: 'Cellular', idleShare: 0.05, busyShare: 0.0 },
  { name: 'S6M_LLDO1', subsystem: 'Alive', idleShare: 0.05, busyShare: 0.0 },
];

export const PERSONAS: Record<Vendor, Persona> = {
  pixel: {
    vendor: 'pixel',
    model: 'Pixel 8 Pro',
    manufacturer: 'Google',
    brand: 'google',
    name: 'husky',
    device: 'husky',
    marketName: 'Pixel 8 Pro',
    hardware: 'husky',
    boardPlatform: 'zuma',
    socManufacturer: 'Google',
    socModel: 'Tensor G3',
    release: '15',
    sdk: 35,
    buildId: 'AP4A.250205.002',
    incremental: '12821496',
    kernelRelease: '5.15.149-android14-11-gd9d4b5a4b0a3-ab12787036',
    memTotalKb: 11_758_860,
    clusters: [
      { name: 'LITTLE', cores: 4, minKhz: 324_000, maxKhz: 1_704_000, part: '0xd46' },
      { name: 'MID', cores: 4, minKhz: 402_000, maxKhz: 2_367_000, part: '0xd4d' },
      { name: 'BIG', cores: 1, minKhz: 500_000, maxKhz: 2_910_000, part: '0xd4e' },
    ],
    idleWatts: 0.78,
    wattsPerBusyCore: 1.9,
    batteryDesignMah: 5050,
    currentUnit: 'uA',
    currentPositiveWhenDischarging: false,
    thermalZones: [
      { type: 'BIG', follows: 'cpu', offsetC: 1.5 },
      { type: 'MID', follows: 'cpu', offsetC: 0 },
      { type: 'LITTLE', follows: 'cpu', offsetC: -2 },
      { type: 'G3D', follows: 'skin', offsetC: 2 },
      { type: 'TPU', follows: 'skin', offsetC: 1 },
      { type: 'battery', follows: 'battery', offsetC: 0 },
      { type: 'neutral_therm', follows: 'skin', offsetC: -0.5 },
      { type: 'quiet_therm', follows: 'skin', offsetC: -1.5 },
      { type: 'skin_therm', follows: 'skin', offsetC: 0 },
    ],
    rails: PIXEL_RAILS,
    // From a real Tensor Pixel's dumpsys thermalservice (skia-buildbot test data).
    thermalLimitRows: [
      { name: 'soft_ocp_gpu', type: 7, value: 8900 },
      { name: 'soft_ocp_cpu2', type: 7, value: 8900 },
      { name: 'ocp_tpu', type: 7, value: 10400 },
      { name: 'vdroop1', type: 6, value: 1050 },
      { name: 'soc', type: 8, value: 0 },
    ],
  },
  samsung: {
    vendor: 'samsung',
    model: 'SM-S938B',
    manufacturer: 'samsung',
    brand: 'samsung',
    name: 'pa3qxxx',
    device: 'pa3q',
    marketName: 'Galaxy S25 Ultra',
    hardware: 'qcom',
    boardPlatform: 'sun',
    socManufacturer: 'QTI',
    socModel: 'SM8750',
    release: '15',
    sdk: 35,
    buildId: 'AP3A.240905.015.A2',
    incremental: 'S938BXXU1AYA1',
    kernelRelease: '6.6.30-android15-8-31998796-abS938BXXU1AYA1',
    memTotalKb: 11_286_384,
    clusters: [
      { name: 'MID', cores: 6, minKhz: 384_000, maxKhz: 3_532_800, part: '0x001' },
      { name: 'PRIME', cores: 2, minKhz: 1_017_600, maxKhz: 4_473_600, part: '0x001' },
    ],
    idleWatts: 0.66,
    wattsPerBusyCore: 2.3,
    batteryDesignMah: 5000,
    currentUnit: 'mA',
    currentPositiveWhenDischarging: true,
    thermalZones: [
      { type: 'cpu-0-0-0', follows: 'cpu', offsetC: 0 },
      { type: 'cpu-0-1-0', follows: 'cpu', offsetC: 0.5 },
      { type: 'cpu-1-0-0', follows: 'cpu', offsetC: 1.5 },
      { type: 'cpuss-0', follows: 'cpu', offsetC: -1 },
      { type: 'gpuss-0', follows: 'skin', offsetC: 2 },
      { type: 'battery', follows: 'battery', offsetC: 0 },
      { type: 'skin-therm', follows: 'skin', offsetC: 0 },
      { type: 'sec-pa-therm', follows: 'skin', offsetC: -1 },
    ],
    rails: null,
  },
};


export function cpuCount(p: Persona): number {
  return p.clusters.reduce((n, c) => n + c.cores, 0);
}

export function buildProperties(p: Persona, serial: string): Map<string, string> {
  const abi = personaAbi(p);
  const fingerprint = `${p.brand}/${p.name}/${p.device}:${p.release}/${p.buildId}/${p.incremental}:user/release-keys`;
  const entries: [string, string][] = [
    ['ro.product.model', p.model],
    ['ro.product.manufacturer', p.manufacturer],
    ['ro.product.brand', p.brand],
    ['ro.product.name', p.name],
    ['ro.product.device', p.device],
    ['ro.product.board', p.boardPlatform],
    ['ro.product.marketname', p.marketName],
    ['ro.product.vendor.model', p.model],
    ['ro.product.vendor.manufacturer', p.manufacturer],
    ['ro.product.cpu.abi', abi.abi],
    ['ro.product.cpu.abilist', abi.abilist],
    ['ro.product.cpu.abilist64', abi.abilist],
    ['ro.product.cpu.abilist32', ''],
    ['ro.soc.manufacturer', p.socManufacturer],
    ['ro.soc.model', p.socModel],
    ['ro.hardware', p.hardware],
    ['ro.board.platform', p.boardPlatform],
    ['ro.build.version.release', p.release],
    ['ro.build.version.release_or_codename', p.release],
    ['ro.build.version.sdk', String(p.sdk)],
    ['ro.build.version.incremental', p.incremental],
    ['ro.build.version.security_patch', '2025-02-05'],
    ['ro.build.id', p.buildId],
    ['ro.build.type', 'user'],
    ['ro.build.tags', 'release-keys'],
    ['ro.build.fingerprint', fingerprint],
    ['ro.build.characteristics', 'nosdcard'],
    ['ro.serialno', serial],
    ['ro.boot.serialno', serial],
    ['ro.debuggable', '0'],
    ['ro.secure', '1'],
    ['ro.adb.secure', '1'],
    ['ro.kernel.version', p.kernelRelease.split('-')[0]!],
    ['ro.aurora.virtual', '1'],
    ['ro.aurora.engine', p.engine ?? 'simulated'],
    ['persist.sys.timezone', 'Etc/UTC'],
    ['sys.boot_completed', '1'],
    ['dev.bootcomplete', '1'],
    ['init.svc.adbd', 'running'],
    ['service.adb.tcp.port', '5555'],
    ['ro.config.low_ram', 'false'],
  ];
  return new Map(entries);
}

/** Values in the CNXN banner cannot contain ':' or ';' (the banner's own separators). */
export function banner(p: Persona, features: readonly string[]): string {
  const clean = (s: string) => s.replace(/[:;]/g, '_');
  return `device::ro.product.name=${clean(p.name)};ro.product.model=${clean(p.model)};ro.product.device=${clean(p.device)};features=${features.join(',')}`;
}
