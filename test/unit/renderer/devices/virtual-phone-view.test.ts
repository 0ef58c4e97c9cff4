import { describe, expect, it } from 'vitest';
import type { VirtualPhoneKind, VirtualPhonesState } from '../../../../src/shared/api/devices';
import { kindOffers, offerProminently, ownedPhoneRows, phoneLabel, readyMessage } from '../../../../src/renderer/src/devices/virtual-phone-view';
import { makeDevice, makeFacts } from '../fixtures/devices';

const phone = { serial: '127.0.0.1:40001', vendor: 'pixel', engine: 'simulated', phoneSerial: 'aurora-lab-pixel-1', stateDir: '/h/virtual-phones/lab-pixel-1', startedAt: 1 } as const;

const kind = (vendor: 'pixel' | 'samsung', engine: 'simulated' | 'cactus', reason: string | null = null): VirtualPhoneKind => ({
  vendor,
  engine,
  label: vendor,
  description: '',
  available: reason === null,
  reason,
});

function virtualPhoneKinds(engineProblem: string): VirtualPhoneKind[] {
  return [kind('pixel', 'simulated'), kind('samsung', 'simulated'), kind('pixel', 'cactus', engineProblem)];
}

function state(over: Partial<VirtualPhonesState> = {}): VirtualPhonesState {
  return { phones: [], kinds: virtualPhoneKinds('The real engine is not built. Run `npm run build:engine`.'), max: 4, ...over };
}

describe('virtual phone view-model', () => {
  it('leads with the offer only when no phone is online (and not before the list arrived)', () => {
    expect(offerProminently(null)).toBe(false);
    expect(offerProminently([])).toBe(true);
    expect(offerProminently([makeDevice({ serial: 'a', state: 'disconnected' })])).toBe(true);
    expect(offerProminently([makeDevice({ serial: 'a', state: 'device' })])).toBe(false);
  });

  it('joins each phone the lab runs with what adb says of it; ready means online and probed', () => {
    expect(ownedPhoneRows(state({ phones: [phone] }), null)).toEqual([expect.objectContaining({ state: null, ready: false, label: 'Pixel' })]);
    const probing = makeDevice({ serial: phone.serial, state: 'device', facts: null });
    expect(ownedPhoneRows(state({ phones: [phone] }), [probing])[0]).toMatchObject({ state: 'device', ready: false });
    const ready = makeDevice({ serial: phone.serial, state: 'device', facts: makeFacts() });
    expect(ownedPhoneRows(state({ phones: [phone] }), [ready])[0]).toMatchObject({ state: 'device', ready: true });
  });

  it('offers the real-engine phone with how to build it, and blocks starts at the limit', () => {
    const offers = kindOffers(state());
    expect(offers.map((o) => o.key)).toEqual(['pixel-simulated', 'samsung-simulated', 'pixel-cactus']);
    expect(offers[0]!.blocked).toBeNull();
    expect(offers[2]!.blocked).toMatch(/npm run build:engine/);
    const full = kindOffers(state({ phones: [phone, phone, phone, phone] }));
    expect(full[0]!.blocked).toMatch(/runs 4 virtual phones, its most/);
    expect(kindOffers(undefined)).toEqual([]);
  });

  it('names phones and says what to do next', () => {
    expect(phoneLabel({ vendor: 'samsung', engine: 'simulated' })).toBe('Samsung');
    expect(phoneLabel({ vendor: 'pixel', engine: 'cactus' })).toBe('Pixel (real engine, arm64)');
    expect(readyMessage(phone)).toMatch(/^Pixel virtual phone 127\.0\.0\.1:40001 is connected and ready: click Profile .*simulated/);
  });
});
