/**
 * `dumpsys thermalservice` (Android 10+): `Thermal Status: N` and blocks of
 * `Temperature{mValue=38.0, mType=3, mName=SKIN, mStatus=1}`. The "Cached temperatures" block holds the last
 * values the HAL pushed on a threshold crossing and can be minutes old; "Current temperatures from HAL" is read
 * fresh for the dump, so that is the one used.
 */
import { ParseError } from '../errors';
import { describe, lines, parseDecimal, parseIntStrict } from './text';

/** android.os.Temperature TYPE_* values used here. */
export const TEMPERATURE_TYPE = { CPU: 0, GPU: 1, BATTERY: 2, SKIN: 3, USB_PORT: 4 } as const;

export interface ThermalReading {
  name: string;
  type: number | null;
  valueC: number;
  /** Per-sensor throttling severity, same scale as the thermal status. */
  status: number | null;
}

export interface ThermalDump {
  /** 0 none .. 6 shutdown; null when the dump has no "Thermal Status" line. */
  status: number | null;
  /** Readings from "Current temperatures from HAL" (NaN readings dropped). */
  current: ThermalReading[];
  /** Readings from "Cached temperatures", kept for diagnostics only. */
  cached: ThermalReading[];
  /** Skin temperature: a TYPE_SKIN sensor (preferring one named *skin*), else the hottest CPU sensor. */
  skinTempC: number | null;
}

const TEMPERATURE = /Temperature\{([^}]*)\}/;

function parseTemperature(line: string): ThermalReading | null {
  const m = TEMPERATURE.exec(line);
  if (!m) return null;
  const fields = new Map<string, string>();
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const valueC = parseDecimal(fields.get('mValue'));
  // Sensors that are off report mValue=NaN; a reading we cannot use is not a reading.
  if (valueC === null) return null;
  return {
    name: fields.get('mName') ?? '',
    type: parseIntStrict(fields.get('mType')),
    valueC,
    status: parseIntStrict(fields.get('mStatus')),
  };
}

export function pickSkinTemp(readings: ThermalReading[]): number | null {
  const skin = readings.filter((r) => r.type === TEMPERATURE_TYPE.SKIN);
  const namedSkin = skin.filter((r) => /skin/i.test(r.name));
  const bestSkin = namedSkin[0] ?? skin[0] ?? readings.find((r) => /skin/i.test(r.name));
  if (bestSkin) return bestSkin.valueC;
  const cpus = readings.filter((r) => r.type === TEMPERATURE_TYPE.CPU);
  if (cpus.length === 0) return null;
  return Math.max(...cpus.map((r) => r.valueC));
}

type Block = 'current' | 'cached' | null;

export function parseDumpsysThermal(text: string): ThermalDump {
  let status: number | null = null;
  const current: ThermalReading[] = [];
  const cached: ThermalReading[] = [];
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
      const reading = parseTemperature(line);
      if (reading && block === 'current') current.push(reading);
      else if (reading && block === 'cached') cached.push(reading);
      continue;
    }
    // Any other non-blank line ends a block (e.g. "HAL Ready:", "Current cooling devices from HAL:").
    if (line.trim() !== '') block = null;
  }
  if (status === null && !sawTemperature) {
    throw new ParseError('dumpsys thermalservice', `no "Thermal Status" or Temperature{...} lines in ${describe(text)}`);
  }
  return { status, current, cached, skinTempC: pickSkinTemp(current) };
}
