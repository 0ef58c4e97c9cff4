import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceFacts, DeviceStatus } from '../../../src/shared/devices';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { DeviceRepository } from '../../../src/main/devices/repository';

let dir: string;
let db: Db;
let repo: DeviceRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-repo-'));
  db = openDatabase(join(dir, 'lab.sqlite'));
  repo = new DeviceRepository(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = (at: number, level: number): DeviceStatus => ({
  serial: 'S1',
  at,
  batteryLevel: level,
  batteryStatus: 'discharging',
  chargingSource: null,
  batteryTempC: 30.5,
  batteryVoltageMv: 3900,
  thermalStatus: 0,
  skinTempC: null,
});

describe('DeviceRepository', () => {
  it('inserts on first sight and keeps first_seen and known identity afterwards', () => {
    repo.upsertDevice({ serial: 'S1', transport: 'usb', state: 'device', product: 'husky', model: 'Pixel_8_Pro', device: 'husky', at: 100 });
    repo.upsertDevice({ serial: 'S1', transport: 'usb', state: 'unauthorized', product: null, model: null, device: null, at: 200 });
    expect(repo.getDevice('S1')).toMatchObject({
      state: 'unauthorized',
      product: 'husky',
      model: 'Pixel_8_Pro',
      firstSeen: 100,
      lastSeen: 200,
      facts: null,
      virtual: false,
    });
    repo.setState('S1', 'disconnected');
    expect(repo.getDevice('S1')?.lastSeen).toBe(200);
    expect(repo.getDevice('nope')).toBeNull();
  });

  it('stores facts as JSON with fingerprint and virtual flag, clearing the last error', () => {
    repo.upsertDevice({ serial: 'S1', transport: 'tcp', state: 'device', product: null, model: null, device: null, at: 1 });
    repo.setError('S1', 'Probe failed: boom');
    expect(repo.getDevice('S1')?.lastError).toBe('Probe failed: boom');
    const facts: DeviceFacts = {
      manufacturer: 'Aurora', brand: 'aurora', model: 'Virtual', device: 'v', soc: null, abi: 'x86_64', abiList: ['x86_64'], androidRelease: '14', sdk: 34,
      fingerprint: 'aurora/v/v:14/X/1:user/release-keys', ramMb: 8192, cpuCores: 8, cpuFeatures: [], cactus: { supported: true, reason: null, missingFeatures: [] },
      energySources: { odpm: true, odpmChannels: [], fuelGauge: true, chargeCounter: true }, virtual: true, probedAt: 1,
    };
    repo.saveFacts('S1', facts);
    const rec = repo.getDevice('S1');
    expect(rec?.facts).toEqual(facts);
    expect(rec?.virtual).toBe(true);
    expect(rec?.lastError).toBeNull();
    // Facts that no longer fit the shape (an old lab, a hand edit) count as not probed: the phone is probed again.
    repo.saveFacts('S1', { ...facts, cactus: 'yes' } as unknown as DeviceFacts);
    expect(repo.getDevice('S1')?.facts).toBeNull();
    expect(db.prepare('SELECT fingerprint FROM devices').get()).toEqual({ fingerprint: facts.fingerprint });
  });

  it('returns the newest readings oldest first, since a time, and prunes', () => {
    repo.upsertDevice({ serial: 'S1', transport: 'usb', state: 'device', product: null, model: null, device: null, at: 1 });
    for (let i = 1; i <= 10; i++) repo.saveStatus(status(i * 1000, 100 - i));
    expect(repo.latestStatus('S1')).toEqual(status(10_000, 90));
    expect(repo.statusHistory('S1').map((s) => s.at)).toHaveLength(10);
    expect(repo.statusHistory('S1', 0, 3).map((s) => s.at)).toEqual([8000, 9000, 10_000]);
    expect(repo.statusHistory('S1', 9000).map((s) => s.batteryLevel)).toEqual([91, 90]);
    expect(repo.pruneStatus(5000)).toBe(4);
    expect(repo.statusHistory('S1')[0]?.at).toBe(5000);
    expect(repo.latestStatus('S2')).toBeNull();
  });

  it('lists devices in order of first sight', () => {
    repo.upsertDevice({ serial: 'B', transport: 'usb', state: 'device', product: null, model: null, device: null, at: 2 });
    repo.upsertDevice({ serial: 'A', transport: 'tcp', state: 'offline', product: null, model: null, device: null, at: 5 });
    expect(repo.listDevices().map((d) => [d.serial, d.transport, d.state])).toEqual([
      ['B', 'usb', 'device'],
      ['A', 'tcp', 'offline'],
    ]);
  });
});
