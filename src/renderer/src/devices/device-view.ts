/**
 * View-model logic for devices: what a state, a battery reading or a Cactus verdict looks like on screen, plus list
 * bookkeeping (live status merge, ordering). The energy sources are energy-sources.ts. Pure; unit-tested without a
 * DOM in test/unit/renderer/devices/device-view.test.ts.
 */
import { networkAddressSchema } from '../../../shared/contract';
import type { DeviceFacts, DeviceState, DeviceStatus, DeviceSummary } from '../../../shared/devices';
import { MISSING, formatPercent } from '../../../shared/format';
import type { Tone } from '../ui/status';

export function stateTone(state: DeviceState): Tone {
  switch (state) {
    case 'device':
      return 'ok';
    case 'unauthorized':
    case 'authorizing':
    case 'connecting':
      return 'warn';
    case 'offline':
      return 'bad';
    case 'recovery':
    case 'sideload':
    case 'bootloader':
      return 'info';
    default:
      return 'muted';
  }
}

/** How a device reaches adb, which decides what to check when it stops answering. */
export type DeviceLink = Pick<DeviceSummary, 'serial' | 'transport' | 'virtual'> & { facts?: Pick<DeviceFacts, 'virtual'> | null };

function linkKind(d: DeviceLink | undefined): 'usb' | 'network' | 'virtual' {
  if (!d) return 'usb';
  if (d.virtual || d.facts?.virtual) return 'virtual';
  return d.transport === 'tcp' ? 'network' : 'usb';
}

/**
 * What to tell the user about a device that is not ready, or null when it is. A cable is only mentioned for USB
 * phones: a network device (Wi-Fi debugging, a device farm) or a virtual phone is fixed on its own side.
 */
export function stateHelp(state: DeviceState, device?: DeviceLink): string | null {
  const kind = linkKind(device);
  const addr = device?.serial ?? 'host:port';
  const reconnect = `connect it again with the form above (or \`aurora-lab connect ${addr}\`)`;
  switch (state) {
    case 'device':
      return null;
    case 'unauthorized':
      return kind === 'usb'
        ? 'Accept the USB debugging prompt on the phone (tick "Always allow from this computer").'
        : 'Accept the debugging prompt on the phone’s screen (tick "Always allow from this computer").';
    case 'authorizing':
      return 'Waiting for the phone to finish authorizing this computer.';
    case 'connecting':
      return kind === 'usb'
        ? 'adb is connecting to the device.'
        : `adb is connecting to ${addr}; if it stays here, check that ${kind === 'virtual' ? 'the virtual phone is still running' : 'Wi-Fi debugging is on and the phone is on this network'}.`;
    case 'offline':
      if (kind === 'virtual') {
        return `The virtual phone at ${addr} does not answer adb: is it still running? Start it again (\`npx aurora-lab virtual-phone\`) and ${reconnect}.`;
      }
      if (kind === 'network') {
        return `adb reaches ${addr} but the phone does not answer: check that Wi-Fi debugging is still on (Developer options) and that the phone is on the same network, then ${reconnect}.`;
      }
      return 'adb sees the device but cannot talk to it: unplug and replug the cable, and check the phone’s screen for a prompt.';
    case 'disconnected':
      return kind === 'usb' ? 'Not attached now: these are the last known facts.' : `Not connected now: these are the last known facts; ${reconnect}.`;
    case 'recovery':
    case 'sideload':
    case 'bootloader':
      return `The phone is in ${state} mode: boot it into Android to use it.`;
    default:
      return 'adb reports an unknown state for this device.';
  }
}

const SOURCE_NAMES: Record<string, string> = { ac: 'AC', usb: 'USB', wireless: 'wireless', dock: 'dock' };

/** "charging (USB)", "on battery", "full (AC)", "not charging (USB)". */
export function chargingText(status: DeviceStatus | null | undefined): string {
  if (!status) return MISSING;
  const src = status.chargingSource ? SOURCE_NAMES[status.chargingSource] ?? status.chargingSource : null;
  const withSrc = (s: string) => (src ? `${s} (${src})` : s);
  switch (status.batteryStatus) {
    case 'charging':
      return withSrc('charging');
    case 'discharging':
      return src ? withSrc('discharging') : 'on battery';
    case 'full':
      return withSrc('full');
    case 'not-charging':
      return withSrc('not charging');
    default:
      return src ? `plugged in (${src})` : 'unknown';
  }
}

export interface BatteryView {
  level: string;
  charging: string;
  tone: Tone;
}

export function batteryView(status: DeviceStatus | null | undefined): BatteryView {
  if (!status) return { level: MISSING, charging: '', tone: 'muted' };
  const lvl = status.batteryLevel;
  const tone: Tone = lvl === null ? 'muted' : lvl <= 15 ? 'bad' : lvl <= 30 ? 'warn' : 'ok';
  return { level: formatPercent(lvl), charging: chargingText(status), tone };
}

export interface CactusView {
  text: 'yes' | 'no' | typeof MISSING;
  title: string;
  tone: Tone;
}

export function cactusView(facts: DeviceFacts | null | undefined): CactusView {
  if (!facts) return { text: MISSING, title: 'Not probed yet', tone: 'muted' };
  if (facts.cactus.supported) return { text: 'yes', title: 'Cactus can run on this CPU', tone: 'ok' };
  const missing = facts.cactus.missingFeatures.length ? ` (missing: ${facts.cactus.missingFeatures.join(', ')})` : '';
  return { text: 'no', title: (facts.cactus.reason ?? 'Cactus cannot run on this CPU') + missing, tone: 'bad' };
}

/** An Aurora Lab virtual phone, by what adb listed or what its probe said. */
export function isVirtualDevice(d: DeviceSummary): boolean {
  return d.virtual || (d.facts?.virtual ?? false);
}

/** A charger is attached now (null: no reading yet). */
export function isPlugged(status: DeviceStatus | null | undefined): boolean | null {
  return status ? status.chargingSource !== null || status.batteryStatus === 'charging' : null;
}

/** "Google Pixel 8", falling back to what adb says, then the serial. */
export function deviceName(d: DeviceSummary): string {
  if (d.facts) {
    const m = d.facts.manufacturer.trim();
    const model = d.facts.model.trim();
    if (m && model && !model.toLowerCase().startsWith(m.toLowerCase())) return `${capitalize(m)} ${model}`;
    if (model) return model;
  }
  if (d.model) return d.model.replace(/_/g, ' ');
  return d.serial;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const STATE_ORDER: Partial<Record<DeviceState, number>> = {
  device: 0,
  unauthorized: 1,
  authorizing: 1,
  connecting: 1,
  offline: 2,
  disconnected: 4,
};

/** Ready devices first, then ones needing attention, then disconnected ones; by name within each. */
export function sortDevices(list: readonly DeviceSummary[]): DeviceSummary[] {
  return [...list].sort((a, b) => {
    const sa = STATE_ORDER[a.state] ?? 3;
    const sb = STATE_ORDER[b.state] ?? 3;
    if (sa !== sb) return sa - sb;
    const n = deviceName(a).localeCompare(deviceName(b));
    return n !== 0 ? n : a.serial.localeCompare(b.serial);
  });
}

/** A list with one device's status replaced by a newer reading. Returns the same array when nothing changes. */
export function applyStatus(list: readonly DeviceSummary[], status: DeviceStatus): readonly DeviceSummary[] {
  const i = list.findIndex((d) => d.serial === status.serial);
  if (i < 0) return list;
  const current = list[i]!;
  if (current.status && current.status.at >= status.at) return list;
  const next = [...list];
  next[i] = { ...current, status, lastSeen: Math.max(current.lastSeen, status.at) };
  return next;
}

/**
 * Two views of the same device (the live list and a direct get/reprobe answer): the newest of each part.
 * Either may be missing.
 */
export function freshestDevice(
  a: DeviceSummary | null | undefined,
  b: DeviceSummary | null | undefined,
): DeviceSummary | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const base = b.lastSeen > a.lastSeen ? b : a;
  const other = base === a ? b : a;
  const facts = (other.facts?.probedAt ?? -1) > (base.facts?.probedAt ?? -1) ? other.facts : base.facts;
  const status = (other.status?.at ?? -1) > (base.status?.at ?? -1) ? other.status : base.status;
  if (facts === base.facts && status === base.status) return base;
  return { ...base, facts, status, virtual: base.virtual || (facts?.virtual ?? false) };
}

/** adb's answer to `connect` is text; a "failed" answer is not an API error. */
export function classifyConnectMessage(message: string): 'ok' | 'failed' {
  const m = message.toLowerCase();
  if (/(failed|cannot|unable|refused|error|no route|timed out|timeout)/.test(m)) return 'failed';
  return 'ok';
}

/** The address to pass to `devices.disconnect` for a network device, or null when it has none. */
export function disconnectAddress(d: DeviceSummary): string | null {
  if (d.transport !== 'tcp') return null;
  const parsed = networkAddressSchema.safeParse(d.serial);
  return parsed.success ? parsed.data : null;
}

/** First zod message for a typed network address, or null when it is valid. */
export function validateAddress(input: string): { ok: true; address: string } | { ok: false; message: string } {
  const parsed = networkAddressSchema.safeParse(input);
  if (parsed.success) return { ok: true, address: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid address' };
}
