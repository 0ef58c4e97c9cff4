/**
 * One device as the manager tracks it (what adb says, what the probe and polls found, what is in flight), and the
 * help the lab gives for the states a user can act on.
 */
import type { DeviceState, DeviceStatus, DeviceSummary } from '../../shared/devices';
import type { DeviceRepository } from './repository';
import type { DeviceBridge } from './types';

export const UNAUTHORIZED_HELP =
  'Unauthorized: accept the USB debugging prompt on the phone (tick "Always allow from this computer"). ' +
  'If no prompt appears, unlock the phone, or revoke USB debugging authorizations in Developer options and reconnect.';
export const TRANSITIONAL_POLL_MS = 1000;
export const TRANSITIONAL_STATES = new Set(['offline', 'connecting', 'authorizing', 'unknown']);

export const OFFLINE_HELP = 'adb reports the device offline: reconnect the cable or network link, or restart the phone.';
/** A network device (Wi-Fi debugging, a device farm, a virtual phone) has no cable to reconnect. */
export const NETWORK_OFFLINE_HELP =
  'adb reports the network device offline: check that it is still reachable (Wi-Fi debugging on, same network; a virtual phone still running), then `aurora-lab connect HOST:PORT` again.';

/** `host:port` (adb connect) or an mDNS name of Wireless debugging (`adb-SERIAL._adb-tls-connect._tcp`). */
export function isNetworkSerial(serial: string): boolean {
  return /^[^\s:]+:\d+$/.test(serial) || /^\[[0-9a-f:]+\]:\d+$/i.test(serial) || /\._adb-tls-(connect|pairing)\._tcp/.test(serial);
}

/**
 * What to check when `adb connect HOST:PORT` failed (adb says only "Connection refused", "No route to host", ...):
 * the ways a network device is reachable, never a cable.
 */
export function connectFailedHelp(address: string, adbMessage: string): string {
  const port = /:(\d+)$/.exec(address)?.[1] ?? '5555';
  const why = /refused/i.test(adbMessage)
    ? 'nothing is listening on that address and port'
    : /timed? ?out|no route|unreachable/i.test(adbMessage)
      ? 'the address cannot be reached from this computer'
      : 'adb could not reach it';
  return (
    `Could not connect to ${address}: ${why} (adb: "${adbMessage}"). Check that: the phone's Wi-Fi debugging is on ` +
    '(Developer options > Wireless debugging shows the address and port; after `adb tcpip 5555` the port is 5555); ' +
    'the phone and this computer are on the same network; or, for a virtual phone, that it is running ' +
    `(\`aurora-lab virtual-phone --port ${port}\`).`
  );
}
export const UNKNOWN_HELP = 'adb cannot use this device (no permissions, or an unknown state). On Linux, check the udev rules.';

/** A failed probe is retried after this long while the device stays online. */
export const PROBE_RETRY_MS = 30_000;
export const LAST_SEEN_SAVE_MS = 30_000;

export type ErrorSource = 'state' | 'probe' | 'status' | null;

export interface Entry {
  summary: DeviceSummary;
  transportId: string | null;
  errorSource: ErrorSource;
  probing: Promise<void> | null;
  /** The transport the current facts were probed on; a new transport (reconnect) means probe again. */
  probedTransport: string | null;
  probeFailedAt: number | null;
  lastPollAt: number;
  /** When the device row was last written (last_seen is refreshed at most every LAST_SEEN_SAVE_MS). */
  savedAt: number;
}

export function newEntry(summary: DeviceSummary, transportId: string | null): Entry {
  return { summary, transportId, errorSource: null, probing: null, probedTransport: null, probeFailedAt: null, lastPollAt: 0, savedAt: 0 };
}

export function helpFor(state: DeviceState, serial = ''): string | null {
  if (state === 'unauthorized') return UNAUTHORIZED_HELP;
  if (state === 'offline') return isNetworkSerial(serial) ? NETWORK_OFFLINE_HELP : OFFLINE_HELP;
  if (state === 'unknown') return UNKNOWN_HELP;
  return null;
}

export type DeviceRepositoryPort = Pick<
  DeviceRepository,
  'upsertDevice' | 'setState' | 'saveFacts' | 'setError' | 'saveStatus' | 'listDevices' | 'latestStatus' | 'statusHistory'
>;

export interface DeviceManagerOptions {
  bridge: DeviceBridge;
  repository: DeviceRepositoryPort;
  /** Status poll period per online device. */
  pollIntervalMs?: number;
  /** Status polls in flight at once, across all devices. */
  maxConcurrentPolls?: number;
  /** How often dropped network devices are re-connected. */
  reconnectIntervalMs?: number;
  now?: () => number;
}

export interface DeviceManagerEvents {
  changed: [DeviceSummary[]];
  status: [DeviceStatus];
  /** The adb server is unusable (missing, port taken, stopped); the manager keeps retrying. */
  'adb-error': [string];
}
