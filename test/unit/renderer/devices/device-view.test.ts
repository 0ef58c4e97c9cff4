import { describe, expect, it } from 'vitest';
import {
  applyStatus,
  batteryView,
  cactusView,
  chargingText,
  classifyConnectMessage,
  deviceName,
  disconnectAddress,
  freshestDevice,
  sortDevices,
  stateHelp,
  stateTone,
  validateAddress,
} from '../../../../src/renderer/src/devices/device-view';
import { MISSING } from '../../../../src/shared/format';
import { makeDevice, makeFacts, makeStatus } from '../fixtures/devices';

describe('device view-model', () => {
  it('states have tones and help', () => {
    expect(stateTone('device')).toBe('ok');
    expect(stateTone('unauthorized')).toBe('warn');
    expect(stateTone('offline')).toBe('bad');
    expect(stateTone('disconnected')).toBe('muted');
    expect(stateHelp('device')).toBeNull();
    expect(stateHelp('unauthorized')).toMatch(/Accept the USB debugging prompt on the phone/);
    expect(stateHelp('bootloader')).toMatch(/bootloader/);
  });

  it('never tells a network device or a virtual phone to reconnect a cable', () => {
    const usb = { serial: 'R5CT1234', transport: 'usb' as const, virtual: false };
    const wifi = { serial: '192.168.1.20:5555', transport: 'tcp' as const, virtual: false };
    const virtual = { serial: '127.0.0.1:5555', transport: 'tcp' as const, virtual: false, facts: { virtual: true } };
    expect(stateHelp('offline', usb)).toMatch(/unplug and replug the cable/);
    for (const d of [wifi, virtual]) {
      for (const state of ['offline', 'unauthorized', 'connecting', 'disconnected'] as const) expect(stateHelp(state, d)).not.toMatch(/cable|USB/);
    }
    expect(stateHelp('offline', wifi)).toBe(
      'adb reaches 192.168.1.20:5555 but the phone does not answer: check that Wi-Fi debugging is still on (Developer options) and that the phone is on the same network, then connect it again with the form above (or `aurora-lab connect 192.168.1.20:5555`).',
    );
    expect(stateHelp('offline', virtual)).toMatch(/^The virtual phone at 127\.0\.0\.1:5555 does not answer adb: is it still running\? Start it again \(`npx aurora-lab virtual-phone`\)/);
    expect(stateHelp('offline', virtual)).toMatch(/aurora-lab connect 127\.0\.0\.1:5555/);
    expect(stateHelp('connecting', wifi)).toMatch(/Wi-Fi debugging is on/);
  });

  it('charging text names the source', () => {
    expect(chargingText(makeStatus({ batteryStatus: 'charging', chargingSource: 'usb' }))).toBe('charging (USB)');
    expect(chargingText(makeStatus({ batteryStatus: 'discharging', chargingSource: null }))).toBe('on battery');
    expect(chargingText(makeStatus({ batteryStatus: 'full', chargingSource: 'ac' }))).toBe('full (AC)');
    expect(chargingText(makeStatus({ batteryStatus: 'not-charging', chargingSource: 'wireless' }))).toBe(
      'not charging (wireless)',
    );
    expect(chargingText(null)).toBe(MISSING);
  });

  it('battery view: integer percent and a tone', () => {
    expect(batteryView(makeStatus({ batteryLevel: 79.6 }))).toMatchObject({ level: '80%', tone: 'ok' });
    expect(batteryView(makeStatus({ batteryLevel: 12 })).tone).toBe('bad');
    expect(batteryView(makeStatus({ batteryLevel: 25 })).tone).toBe('warn');
    expect(batteryView(null)).toEqual({ level: MISSING, charging: '', tone: 'muted' });
  });

  it('cactus view gives the reason as the title', () => {
    expect(cactusView(makeFacts()).text).toBe('yes');
    const no = cactusView(
      makeFacts({ cactus: { supported: false, reason: 'The CPU lacks i8mm', missingFeatures: ['i8mm'] } }),
    );
    expect(no).toMatchObject({ text: 'no', tone: 'bad' });
    expect(no.title).toBe('The CPU lacks i8mm (missing: i8mm)');
    expect(cactusView(null).text).toBe(MISSING);
  });

  it('device names', () => {
    expect(deviceName(makeDevice())).toBe('Google Pixel 8');
    expect(deviceName(makeDevice({ facts: makeFacts({ manufacturer: 'samsung', model: 'SM-S921B' }) }))).toBe(
      'Samsung SM-S921B',
    );
    expect(deviceName(makeDevice({ facts: makeFacts({ manufacturer: 'Google', model: 'Google Pixel 8' }) }))).toBe(
      'Google Pixel 8',
    );
    expect(deviceName(makeDevice({ facts: null }))).toBe('Pixel 8');
    expect(deviceName(makeDevice({ facts: null, model: null }))).toBe('ABC123');
  });

  it('sorts ready devices first, then attention, then disconnected', () => {
    const list = [
      makeDevice({ serial: 'd', state: 'disconnected' }),
      makeDevice({ serial: 'u', state: 'unauthorized', facts: null, model: null }),
      makeDevice({ serial: 'b', facts: makeFacts({ model: 'B' }) }),
      makeDevice({ serial: 'a', facts: makeFacts({ model: 'A' }) }),
    ];
    expect(sortDevices(list).map((d) => d.serial)).toEqual(['a', 'b', 'u', 'd']);
    expect(list[0]!.serial).toBe('d');
  });

  it('applies newer status readings only', () => {
    const list = [makeDevice({ serial: 'x' }), makeDevice({ serial: 'y' })];
    const newer = makeStatus({ serial: 'y', at: 20_000, batteryLevel: 50 });
    const next = applyStatus(list, newer);
    expect(next).not.toBe(list);
    expect(next[1]!.status).toBe(newer);
    expect(next[1]!.lastSeen).toBe(20_000);
    expect(next[0]).toBe(list[0]);
    expect(applyStatus(list, makeStatus({ serial: 'y', at: 5 }))).toBe(list);
    expect(applyStatus(list, makeStatus({ serial: 'zzz', at: 99_999 }))).toBe(list);
  });

  it('freshestDevice takes the newest of each part', () => {
    const listed = makeDevice({ lastSeen: 30_000, status: makeStatus({ at: 30_000 }), facts: makeFacts({ probedAt: 1 }) });
    const reprobed = makeDevice({ lastSeen: 20_000, status: makeStatus({ at: 20_000 }), facts: makeFacts({ probedAt: 25_000, soc: 'New' }) });
    const d = freshestDevice(listed, reprobed)!;
    expect(d.status!.at).toBe(30_000);
    expect(d.facts!.soc).toBe('New');
    expect(d.lastSeen).toBe(30_000);
    expect(freshestDevice(null, reprobed)).toBe(reprobed);
    expect(freshestDevice(listed, undefined)).toBe(listed);
    expect(freshestDevice(null, null)).toBeNull();
    expect(freshestDevice(listed, listed)).toBe(listed);
  });

  it('classifies adb connect answers', () => {
    expect(classifyConnectMessage('connected to 127.0.0.1:5555')).toBe('ok');
    expect(classifyConnectMessage('already connected to 127.0.0.1:5555')).toBe('ok');
    expect(classifyConnectMessage('failed to connect to 10.0.0.9:5555: Connection refused')).toBe('failed');
    expect(classifyConnectMessage('cannot connect to 10.0.0.9:5555: No route to host')).toBe('failed');
  });

  it('validates addresses with the contract schema', () => {
    expect(validateAddress(' 127.0.0.1:5555 ')).toEqual({ ok: true, address: '127.0.0.1:5555' });
    const empty = validateAddress('');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/host:port/);
    const port = validateAddress('phone.local:70000');
    expect(port.ok).toBe(false);
    if (!port.ok) expect(port.message).toMatch(/between 1 and 65535/);
    expect(validateAddress('rm -rf /').ok).toBe(false);
  });

  it('disconnect address only for tcp host:port serials', () => {
    expect(disconnectAddress(makeDevice({ transport: 'tcp', serial: '127.0.0.1:5555' }))).toBe('127.0.0.1:5555');
    expect(disconnectAddress(makeDevice({ transport: 'usb', serial: '127.0.0.1:5555' }))).toBeNull();
    expect(disconnectAddress(makeDevice({ transport: 'tcp', serial: 'adb-X._adb-tls-connect._tcp' }))).toBeNull();
  });
});
