/**
 * `adb devices -l` / `host:track-devices-l` lines:
 *   `SERIAL<spaces>STATE [usb:1-1] [product:P] [model:M] [device:D] transport_id:N`
 * adb puts transport_id last on purpose so parsers can scan from the end. A state can contain spaces
 * ("no permissions (...); see [...]"), so it is matched against the known states instead of split blindly.
 */
import type { DeviceState } from '../../shared/devices';
import type { AdbDeviceEntry } from './types';

const KNOWN_STATES: Record<string, DeviceState> = {
  device: 'device',
  unauthorized: 'unauthorized',
  offline: 'offline',
  connecting: 'connecting',
  authorizing: 'authorizing',
  recovery: 'recovery',
  rescue: 'recovery',
  sideload: 'sideload',
  bootloader: 'bootloader',
  host: 'unknown',
  detached: 'unknown',
  unknown: 'unknown',
};

/** A network endpoint: host:port, [ipv6]:port, or a Wi-Fi debugging mDNS name. */
export function isNetworkSerial(serial: string): boolean {
  return (
    /^[A-Za-z0-9.-]+:\d{1,5}$/.test(serial) ||
    /^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/.test(serial) ||
    /\._adb-tls-connect\._tcp\.?$/.test(serial)
  );
}

export function transportOf(serial: string): 'usb' | 'tcp' {
  return isNetworkSerial(serial) ? 'tcp' : 'usb';
}

export function parseDeviceLine(line: string): AdbDeviceEntry | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('*') || trimmed.startsWith('List of devices')) return null;
  const firstSpace = trimmed.search(/\s/);
  if (firstSpace < 0) return null;
  const serial = trimmed.slice(0, firstSpace);
  const rest = trimmed.slice(firstSpace).trim();

  let state: DeviceState;
  let attrs: string;
  if (rest.startsWith('no permissions')) {
    state = 'unknown';
    // Skip to the attributes after the "...; see [url]" text.
    const end = rest.lastIndexOf(']');
    attrs = end >= 0 ? rest.slice(end + 1) : '';
  } else {
    const word = rest.split(/\s+/, 1)[0]!;
    state = KNOWN_STATES[word] ?? 'unknown';
    attrs = rest.slice(word.length);
  }

  const entry: AdbDeviceEntry = {
    serial,
    state,
    product: null,
    model: null,
    device: null,
    transportId: null,
    transport: transportOf(serial),
  };
  for (const token of attrs.trim().split(/\s+/)) {
    const colon = token.indexOf(':');
    if (colon <= 0) continue;
    const key = token.slice(0, colon);
    const value = token.slice(colon + 1);
    if (key === 'product') entry.product = value || null;
    else if (key === 'model') entry.model = value || null;
    else if (key === 'device') entry.device = value || null;
    else if (key === 'transport_id') entry.transportId = value || null;
  }
  return entry;
}

export function parseDeviceList(text: string): AdbDeviceEntry[] {
  return text
    .split('\n')
    .map(parseDeviceLine)
    .filter((d): d is AdbDeviceEntry => d !== null);
}
