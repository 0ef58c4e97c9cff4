import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus, DeviceSummary } from '../../../src/shared/devices';
import { DeviceManager, UNAUTHORIZED_HELP } from '../../../src/main/devices/device-manager';
import { DeviceError } from '../../../src/main/devices/errors';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { DeviceRepository } from '../../../src/main/devices/repository';
import { FakeBridge, entry } from './fake-bridge';
import { fixture } from './fixtures';

function sectioned(parts: Array<[string, string, number?]>): string {
  return parts.map(([name, text, code]) => `${text}@@AURORA@@${name} ${code ?? 0}\n`).join('');
}

const PROBE_OUT = sectioned([
  ['getprop', fixture('pixel8pro.getprop.txt')],
  ['cpuinfo', fixture('pixel8pro.cpuinfo.txt')],
  ['meminfo', fixture('pixel8pro.meminfo.txt')],
  ['current_now', '-1469687\n'],
  ['voltage_now', '4012000\n'],
  ['charge_counter', '4113000\n'],
  ['powerstats', fixture('pixel8pro.powerstats.txt')],
  ['powerstats_hal', fixture('pixel8pro.powerstats-hal.txt')],
]);
const STATUS_OUT = sectioned([
  ['battery', fixture('pixel8pro.battery.txt')],
  ['thermal', fixture('pixel8pro.thermalservice.txt')],
]);

function fixtureShell(_serial: string, command: { text: string }): string {
  if (command.text.includes('@@AURORA@@getprop')) return PROBE_OUT;
  if (command.text.includes('@@AURORA@@battery')) return STATUS_OUT;
  throw new Error(`unexpected command ${command.text}`);
}

let dir: string;
let db: Db;
let repo: DeviceRepository;
const managers: DeviceManager[] = [];

function manager(bridge: FakeBridge, opts: Partial<ConstructorParameters<typeof DeviceManager>[0]> = {}): DeviceManager {
  const m = new DeviceManager({ bridge, repository: repo, pollIntervalMs: 30, reconnectIntervalMs: 30, ...opts });
  managers.push(m);
  return m;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-dm-'));
  db = openDatabase(join(dir, 'lab.sqlite'));
  repo = new DeviceRepository(db);
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DeviceManager', () => {
  it('lists a new device, probes it, polls status and stores both', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    const changes: DeviceSummary[][] = [];
    const statuses: DeviceStatus[] = [];
    m.on('changed', (l) => changes.push(l));
    m.on('status', (s) => statuses.push(s));
    await m.start();
    expect(bridge.ensureServerCalls).toBe(1);

    bridge.emit([entry('3A101FDJG00ABC')]);
    expect(m.list().map((d) => [d.serial, d.state, d.transport])).toEqual([['3A101FDJG00ABC', 'device', 'usb']]);
    await vi.waitFor(() => expect(m.get('3A101FDJG00ABC')?.facts?.model).toBe('Pixel 8 Pro'));
    await vi.waitFor(() => expect(statuses.length).toBeGreaterThan(0));
    expect(statuses[0]).toMatchObject({ serial: '3A101FDJG00ABC', batteryLevel: 87, chargingSource: 'usb', skinTempC: 35.524 });
    expect(changes.at(-1)?.[0]?.facts?.soc).toBe('Tensor G3');

    const stored = repo.getDevice('3A101FDJG00ABC');
    expect(stored?.facts?.fingerprint).toMatch(/^google\/husky/);
    expect(repo.statusHistory('3A101FDJG00ABC').length).toBeGreaterThan(0);
    expect(m.history('3A101FDJG00ABC', 0, 1)).toHaveLength(1);
    await m.settled(100);
  });

  it('keeps a vanished device listed as disconnected, also after a restart', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('S1')]);
    await vi.waitFor(() => expect(m.get('S1')?.status).not.toBeNull());
    bridge.emit([]);
    expect(m.get('S1')?.state).toBe('disconnected');
    expect(m.get('S1')?.facts?.model).toBe('Pixel 8 Pro');
    await m.stop();

    const again = manager(new FakeBridge(fixtureShell));
    await again.start();
    const d = again.get('S1');
    expect(d?.state).toBe('disconnected');
    expect(d?.facts?.model).toBe('Pixel 8 Pro');
    expect(d?.status?.batteryLevel).toBe(87);
  });

  it('re-probes when the device comes back on a new transport', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('S1', 'device', '1')]);
    await vi.waitFor(() => expect(m.get('S1')?.facts).not.toBeNull());
    const probes = () => bridge.shellCalls.filter((c) => c.text.includes('getprop')).length;
    expect(probes()).toBe(1);
    bridge.emit([]);
    bridge.emit([entry('S1', 'device', '2')]);
    await vi.waitFor(() => expect(probes()).toBe(2));
  });

  it('shows unauthorized devices with help, then probes once accepted', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('R5CX10ABCDE', 'unauthorized')]);
    expect(m.get('R5CX10ABCDE')).toMatchObject({ state: 'unauthorized', error: UNAUTHORIZED_HELP, facts: null });
    expect(UNAUTHORIZED_HELP).toMatch(/Accept the USB debugging prompt on the phone/i);
    expect(bridge.shellCalls).toHaveLength(0);
    bridge.emit([entry('R5CX10ABCDE', 'device')]);
    await vi.waitFor(() => expect(m.get('R5CX10ABCDE')?.facts).not.toBeNull());
    expect(m.get('R5CX10ABCDE')?.error).toBeNull();
  });

  it('marks network serials as tcp', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([{ ...entry('192.168.1.20:5555', 'offline'), transport: 'tcp' }]);
    expect(m.get('192.168.1.20:5555')).toMatchObject({ transport: 'tcp', state: 'offline' });
    expect(m.get('192.168.1.20:5555')?.error).toMatch(/offline/);
  });

  it('stores a probe failure on the device record without crashing', async () => {
    const bridge = new FakeBridge(() => {
      throw new DeviceError('device-not-found', "device 'S1' not found");
    });
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('S1')]);
    await vi.waitFor(() => expect(m.get('S1')?.error).toMatch(/^Probe failed: device 'S1' not found/));
    expect(repo.getDevice('S1')?.lastError).toMatch(/Probe failed/);
    bridge.emit([]);
    expect(m.get('S1')?.state).toBe('disconnected');
  });

  it('keeps one poll in flight per device and caps polls globally', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const perDevice = new Map<string, number>();
    let maxPerDevice = 0;
    const bridge = new FakeBridge(async (serial, command) => {
      if (command.text.includes('getprop')) return PROBE_OUT;
      inFlight += 1;
      perDevice.set(serial, (perDevice.get(serial) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxPerDevice = Math.max(maxPerDevice, perDevice.get(serial)!);
      await new Promise((r) => setTimeout(r, 80)); // slower than the 10 ms poll period
      inFlight -= 1;
      perDevice.set(serial, perDevice.get(serial)! - 1);
      return STATUS_OUT;
    });
    const m = manager(bridge, { pollIntervalMs: 10, maxConcurrentPolls: 2 });
    let statuses = 0;
    m.on('status', () => (statuses += 1));
    await m.start();
    bridge.emit(['A', 'B', 'C', 'D', 'E'].map((s, i) => entry(s, 'device', String(i))));
    await vi.waitFor(() => expect(statuses).toBeGreaterThanOrEqual(10), { timeout: 5000 });
    expect(maxInFlight).toBe(2);
    expect(maxPerDevice).toBe(1);
    // Every device got polled despite the cap.
    expect(new Set(repo.listDevices().filter((d) => repo.latestStatus(d.serial)).map((d) => d.serial)).size).toBe(5);
  });

  it('re-connects network devices it was asked to connect, until disconnected', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    const connecting = m.connect('127.0.0.1:40001');
    bridge.emit([entry('127.0.0.1:40001')]);
    await expect(connecting).resolves.toEqual({ serial: '127.0.0.1:40001', message: 'connected to 127.0.0.1:40001' });
    bridge.emit([]); // the link dropped
    await vi.waitFor(() => expect(bridge.connectCalls.length).toBeGreaterThanOrEqual(2));
    await m.disconnect('127.0.0.1:40001');
    const count = bridge.connectCalls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(bridge.connectCalls.length).toBe(count);
  });

  it("reports adb's failure message when connect fails, with what to check", async () => {
    const bridge = new FakeBridge(fixtureShell);
    bridge.connectAnswer = (a) => `failed to connect to '${a}': Connection refused`;
    const m = manager(bridge);
    await m.start();
    await expect(m.connect('127.0.0.1:1')).rejects.toThrow(/^Could not connect to 127\.0\.0\.1:1: nothing is listening on that address and port \(adb: "Connection refused"\)\. Check that: the phone's Wi-Fi debugging is on/);
  });

  it('does not throw from start when adb is unusable, and says why', async () => {
    const bridge = new FakeBridge(fixtureShell);
    bridge.ensureServerError = new DeviceError('adb-not-found', 'adb was not found. Install Android platform-tools');
    const m = manager(bridge);
    const errors: string[] = [];
    m.on('adb-error', (e) => errors.push(e));
    await expect(m.start()).resolves.toBeUndefined();
    expect(m.adbError).toMatch(/adb was not found/);
    expect(errors).toHaveLength(1);
    await m.settled(50); // does not hang
  });

  it('marks every device disconnected when the adb server goes away', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('S1'), entry('S2', 'device', '2')]);
    bridge.handlers?.onError?.(new Error('connection reset'));
    expect(m.list().map((d) => d.state)).toEqual(['disconnected', 'disconnected']);
    expect(m.adbError).toMatch(/Lost the adb server on port 5137/);
    bridge.emit([entry('S1')]);
    expect(m.adbError).toBeNull();
    expect(m.get('S1')?.state).toBe('device');
  });

  it('reprobes on request, and refuses for devices that are not online', async () => {
    const bridge = new FakeBridge(fixtureShell);
    const m = manager(bridge);
    await m.start();
    bridge.emit([entry('S1'), entry('S2', 'unauthorized', '2')]);
    await vi.waitFor(() => expect(m.get('S1')?.facts).not.toBeNull());
    const d = await m.reprobe('S1');
    expect(d.facts?.model).toBe('Pixel 8 Pro');
    await expect(m.reprobe('S2')).rejects.toThrow(/unauthorized/);
    await expect(m.reprobe('nope')).rejects.toThrow(/No device/);
  });
});
