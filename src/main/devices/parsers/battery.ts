/**
 * `dumpsys battery` (AOSP BatteryService): `  key: value` lines under "Current Battery Service state:".
 * Vendors append their own keys (Samsung: `current now`, a second lower-case `charge counter`, ...);
 * unknown keys are kept in `extra` and ignored otherwise.
 */
import type { BatteryStatus, ChargingSource } from '../../../shared/devices';
import { ParseError } from '../errors';
import { describe, lines, parseBool, parseIntStrict } from './text';

export interface BatteryDump {
  acPowered: boolean | null;
  usbPowered: boolean | null;
  wirelessPowered: boolean | null;
  dockPowered: boolean | null;
  /** The first source that reports power, AC before USB before wireless before dock; null on battery. */
  chargingSource: ChargingSource | null;
  statusCode: number | null;
  status: BatteryStatus;
  health: number | null;
  present: boolean | null;
  level: number | null;
  scale: number | null;
  /** level scaled to 0-100. */
  levelPercent: number | null;
  voltageMv: number | null;
  /** `temperature` is in tenths of a degree C. */
  temperatureC: number | null;
  /** uAh. */
  chargeCounterUah: number | null;
  maxChargingCurrentUa: number | null;
  technology: string | null;
  /**
   * True after `dumpsys battery unplug`/`set`: the framework reports frozen values, so level/status may be
   * stale and "not charging" does NOT mean the charger stopped supplying power.
   */
  updatesStopped: boolean;
  extra: Record<string, string>;
}

/** BatteryManager.BATTERY_STATUS_*: 1 unknown, 2 charging, 3 discharging, 4 not charging, 5 full. */
export function batteryStatusFromCode(code: number | null): BatteryStatus {
  switch (code) {
    case 2:
      return 'charging';
    case 3:
      return 'discharging';
    case 4:
      return 'not-charging';
    case 5:
      return 'full';
    default:
      return 'unknown';
  }
}

const KEY_VALUE = /^\s+([A-Za-z][A-Za-z0-9 _]*?):\s*(.*?)\s*$/;

export function parseDumpsysBattery(text: string): BatteryDump {
  const values = new Map<string, string>();
  for (const line of lines(text)) {
    const m = KEY_VALUE.exec(line);
    // First occurrence wins: AOSP keys come before vendor duplicates such as Samsung's "charge counter".
    if (m && !values.has(m[1]!)) values.set(m[1]!, m[2]!);
  }
  if (!values.has('level') && !values.has('status')) {
    throw new ParseError('dumpsys battery', `no "level:" or "status:" lines in ${describe(text)}`);
  }

  const acPowered = parseBool(values.get('AC powered'));
  const usbPowered = parseBool(values.get('USB powered'));
  const wirelessPowered = parseBool(values.get('Wireless powered'));
  const dockPowered = parseBool(values.get('Dock powered'));
  const chargingSource: ChargingSource | null = acPowered
    ? 'ac'
    : usbPowered
      ? 'usb'
      : wirelessPowered
        ? 'wireless'
        : dockPowered
          ? 'dock'
          : null;

  const statusCode = parseIntStrict(values.get('status'));
  const level = parseIntStrict(values.get('level'));
  const scale = parseIntStrict(values.get('scale'));
  const levelPercent =
    level === null ? null : scale !== null && scale > 0 ? Math.round((level * 1000) / scale) / 10 : level;
  const tenths = parseIntStrict(values.get('temperature'));

  const known = new Set([
    'AC powered', 'USB powered', 'Wireless powered', 'Dock powered', 'status', 'health', 'present', 'level',
    'scale', 'voltage', 'temperature', 'Charge counter', 'Max charging current', 'technology',
  ]);
  const extra: Record<string, string> = {};
  for (const [k, v] of values) if (!known.has(k)) extra[k] = v;

  return {
    acPowered,
    usbPowered,
    wirelessPowered,
    dockPowered,
    chargingSource,
    statusCode,
    status: batteryStatusFromCode(statusCode),
    health: parseIntStrict(values.get('health')),
    present: parseBool(values.get('present')),
    level,
    scale,
    levelPercent,
    voltageMv: parseIntStrict(values.get('voltage')),
    temperatureC: tenths === null ? null : tenths / 10,
    chargeCounterUah: parseIntStrict(values.get('Charge counter')),
    maxChargingCurrentUa: parseIntStrict(values.get('Max charging current')),
    technology: values.get('technology') ?? null,
    updatesStopped: text.includes('(UPDATES STOPPED'),
    extra,
  };
}
