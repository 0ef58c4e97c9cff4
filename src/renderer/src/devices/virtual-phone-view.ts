/**
 * The Devices page's virtual phones, as shown: whether to offer one prominently (no phone online), each phone the
 * lab runs joined with what adb says of it, and the words for each kind. Pure; unit-tested.
 */
import type { OwnedVirtualPhone, VirtualPhoneKind, VirtualPhonesState } from '../../../shared/api/devices';
import type { DeviceState, DeviceSummary } from '../../../shared/devices';

export interface OwnedPhoneRow {
  phone: OwnedVirtualPhone;
  /** adb's state for it, or null before the list has it. */
  state: DeviceState | null;
  /** Online and probed: ready to profile. */
  ready: boolean;
  label: string;
}

export function kindKey(k: { vendor: string; engine: string }): string {
  return `${k.vendor}-${k.engine}`;
}

/** "Pixel", "Samsung", "Pixel (real engine, arm64)". */
export function phoneLabel(p: { vendor: string; engine: string }): string {
  const vendor = p.vendor === 'samsung' ? 'Samsung' : p.vendor === 'pixel' ? 'Pixel' : p.vendor;
  return p.engine === 'cactus' ? `${vendor} (real engine, arm64)` : vendor;
}

export function ownedPhoneRows(state: VirtualPhonesState | null | undefined, devices: readonly DeviceSummary[] | null): OwnedPhoneRow[] {
  return (state?.phones ?? []).map((phone) => {
    const d = devices?.find((x) => x.serial === phone.serial) ?? null;
    return { phone, state: d?.state ?? null, ready: d?.state === 'device' && d.facts !== null, label: phoneLabel(phone) };
  });
}

/** With no phone online, the page leads with the offer; otherwise it is a small panel. */
export function offerProminently(devices: readonly DeviceSummary[] | null): boolean {
  return devices !== null && !devices.some((d) => d.state === 'device');
}

export interface KindOffer {
  kind: VirtualPhoneKind;
  key: string;
  /** A reason it cannot start now (not built, or the lab runs its most). */
  blocked: string | null;
}

export function kindOffers(state: VirtualPhonesState | null | undefined): KindOffer[] {
  if (!state) return [];
  const full = state.phones.length >= state.max ? `The lab runs ${state.max} virtual phones, its most; stop one first.` : null;
  return state.kinds.map((kind) => ({ kind, key: kindKey(kind), blocked: kind.available ? full : kind.reason ?? 'Not available here.' }));
}

/** What the page says once a phone it started is ready. */
export function readyMessage(phone: OwnedVirtualPhone): string {
  return `${phoneLabel(phone)} virtual phone ${phone.serial} is connected and ready: click Profile to measure models on it (its results are simulated).`;
}
