/**
 * `dumpsys thermalservice` (Android 10+): `Thermal Status: N` and blocks of
 * `Temperature{mValue=38.0, mType=3, mName=SKIN, mStatus=1}`. The "Cached temperatures" block holds the last
 * values the HAL pushed on a threshold crossing and can be minutes old; "Current temperatures from HAL" is read
 * fresh for the dump, so that one is used, and the cached one only when a dump has no current block.
 *
 * Not every row is a temperature: the battery-current-limiting types (BCL_VOLTAGE 6 in mV, BCL_CURRENT 7 in mA,
 * BCL_PERCENTAGE 8 in %) share the Temperature parcel, so Tensor Pixels list `soft_ocp_gpu` with
 * `mValue=8900.0`. Those rows are kept apart (`limits`) and never read as degrees.
 */
import { ParseError } from '../errors';
import { describe, lines, parseDecimal, parseIntStrict } from './text';

/** android.os.Temperature TYPE_* (AOSP frameworks/base core/java/android/os/Temperature.java). */
export const TEMPERATURE_TYPE = {
  UNKNOWN: -1,
  CPU: 0,
  GPU: 1,
  BATTERY: 2,
  SKIN: 3,
  USB_PORT: 4,
  POWER_AMPLIFIER: 5,
  BCL_VOLTAGE: 6,
  BCL_CURRENT: 7,
  BCL_PERCENTAGE: 8,
  NPU: 9,
  TPU: 10,
  DISPLAY: 11,
  MODEM: 12,
  SOC: 13,
} as const;

const LIMIT_UNITS: Record<number, 'mV' | 'mA' | '%'> = {
  [TEMPERATURE_TYPE.BCL_VOLTAGE]: 'mV',
  [TEMPERATURE_TYPE.BCL_CURRENT]: 'mA',
  [TEMPERATURE_TYPE.BCL_PERCENTAGE]: '%',
};

/** True for the types whose mValue is a temperature in degrees C (unknown types are thermistors too). */
export function isTemperatureType(type: number | null): boolean {
  return type === null || !(type in LIMIT_UNITS);
}

export interface ThermalReading {
  name: string;
  type: number | null;
  valueC: number;
  /** Per-sensor throttling severity, same scale as the thermal status. */
  status: number | null;
}

/** A battery-current-limiting row: a voltage, current or percentage threshold, not a temperature. */
export interface ThermalLimit {
  name: string;
  type: number;
  value: number;
  unit: 'mV' | 'mA' | '%';
}

export interface ThermalDump {
  /** 0 none .. 6 shutdown; null when the dump has no "Thermal Status" line. */
  status: number | null;
  /** Temperatures from "Current temperatures from HAL" (NaN readings and non-temperature rows dropped). */
  current: ThermalReading[];
  /** Temperatures from "Cached temperatures" (same filtering). */
  cached: ThermalReading[];
  /** Which block the temperatures below come from: current, else cached when the dump has no current rows. */
  source: 'current' | 'cached' | null;
  /** The temperatures in use: `current`, or `cached` as a fallback. */
  temperatures: ThermalReading[];
  /** Rows of the block in use that are not temperatures (BCL voltage, current, percentage). */
  limits: ThermalLimit[];
  /** Skin temperature: a TYPE_SKIN sensor (preferring one named *skin*), else the hottest CPU sensor. */
  skinTempC: number | null;
}

const TEMPERATURE = /Temperature\{([^}]*)\}/;

type Row = { kind: 'temperature'; reading: ThermalReading } | { kind: 'limit'; limit: ThermalLimit };

function parseRow(line: string): Row | null {
  const m = TEMPERATURE.exec(line);
  if (!m) return null;
  const fields = new Map<string, string>();
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const value = parseDecimal(fields.get('mValue'));
  // Sensors that are off report mValue=NaN; a reading we cannot use is not a reading.
  if (value === null) return null;
  const name = fields.get('mName') ?? '';
  const type = parseIntStrict(fields.get('mType'));
  if (type !== null && !isTemperatureType(type)) return { kind: 'limit', limit: { name, type, value, unit: LIMIT_UNITS[type]! } };
  return { kind: 'temperature', reading: { name, type, valueC: value, status: parseIntStrict(fields.get('mStatus')) } };
}

export function pickSkinTemp(readings: ThermalReading[]): number | null {
  const temps = readings.filter((r) => isTemperatureType(r.type));
  const skin = temps.filter((r) => r.type === TEMPERATURE_TYPE.SKIN);
  const namedSkin = skin.filter((r) => /skin/i.test(r.name));
  const bestSkin = namedSkin[0] ?? skin[0] ?? temps.find((r) => /skin/i.test(r.name));
  if (bestSkin) return bestSkin.valueC;
  const cpus = temps.filter((r) => r.type === TEMPERATURE_TYPE.CPU);
  if (cpus.length === 0) return null;
  return Math.max(...cpus.map((r) => r.valueC));
}

type Block = 'current' | 'cached' | null;

export function parseDumpsysThermal(text: string): ThermalDump {
  let status: number | null = null;
  const rows: Record<'current' | 'cached', Row[]> = { current: [], cached: [] };
  let block: Block = null;
  let sawTemperature = false;

  for (const line of lines(text)) {
    const statusMatch = /^\s*Thermal Status:\s*(\S+)\s*$/.exec(line);
    if (statusMatch) {
      status = parseIntStrict(statusMatch[1]);
      block = null;
      continue;
    }
    if (/^\s*Current temperatures from HAL:/.test(line)) {
      block = 'current';
      continue;
    }
    if (/^\s*Cached temperatures:/.test(line)) {
      block = 'cached';
      continue;
    }
    if (line.includes('Temperature{')) {
      sawTemperature = true;
      const row = parseRow(line);
      if (row && block) rows[block].push(row);
      continue;
    }
    // Any other non-blank line ends a block (e.g. "HAL Ready:", "Current cooling devices from HAL:").
    if (line.trim() !== '') block = null;
  }
  if (status === null && !sawTemperature) {
    throw new ParseError('dumpsys thermalservice', `no "Thermal Status" or Temperature{...} lines in ${describe(text)}`);
  }
  const temps = (b: 'current' | 'cached') => rows[b].flatMap((r) => (r.kind === 'temperature' ? [r.reading] : []));
  const current = temps('current');
  const cached = temps('cached');
  const source = current.length > 0 ? 'current' : cached.length > 0 ? 'cached' : null;
  const inUse = source === 'cached' ? cached : current;
  const limits = rows[source ?? 'current'].flatMap((r) => (r.kind === 'limit' ? [r.limit] : []));
  return { status, current, cached, source, temperatures: inUse, limits, skinTempC: pickSkinTemp(inUse) };
}
