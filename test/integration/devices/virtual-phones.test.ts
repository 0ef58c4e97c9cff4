/**
 * Virtual phones the lab owns, on a real Lab (temp home, real SQLite) and the real adb server of this worker:
 * started through the API (dispatch), connected and probed, listed, captured into the lab home with progress,
 * stopped from the API, and stopped when the lab closes.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureProgress, VirtualPhonesState } from '../../../src/shared/api/devices';
import { Lab } from '../../../src/main/lab/lab';
import { adb } from '../../helpers/adb-cli';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir();
let lab: Lab;

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const portOf = (serial: string) => Number(serial.slice(serial.lastIndexOf(':') + 1));

beforeAll(async () => {
  lab = new Lab({ home: home.path, host: 'cli', pollIntervalMs: 1000 });
  await lab.start();
});

afterAll(async () => {
  await lab?.close();
  home.cleanup();
});

describe('devices.startVirtual / virtualPhones / stopVirtual', () => {
  it('starts a phone on 127.0.0.1, connects it through adb and resolves once it is probed', async () => {
    const states: VirtualPhonesState[] = [];
    const onState = (s: VirtualPhonesState) => states.push(s);
    lab.events.on('devices.virtualPhones', onState);
    const phone = await lab.api.devices.startVirtual({ vendor: 'samsung' });
    lab.events.off('devices.virtualPhones', onState);
    expect(phone.serial).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(phone.stateDir).toBe(join(home.path, 'virtual-phones', 'lab-samsung-1'));
    const d = await lab.api.devices.get({ serial: phone.serial });
    expect(d).toMatchObject({ state: 'device', virtual: true, facts: { manufacturer: 'samsung', virtual: true } });
    expect((await adb(['devices'])).stdout).toContain(phone.serial);
    const listed = await lab.api.devices.virtualPhones({});
    expect(listed.phones.map((p) => p.serial)).toEqual([phone.serial]);
    expect(listed.kinds.map((k) => `${k.vendor}/${k.engine}`)).toEqual(['pixel/simulated', 'samsung/simulated', 'pixel/cactus']);
    expect(states.at(-1)?.phones.map((p) => p.serial)).toEqual([phone.serial]);

    // Capture into the lab home, with progress on the bus.
    const progress: CaptureProgress[] = [];
    const onProgress = (p: CaptureProgress) => progress.push(p);
    lab.events.on('devices.captureProgress', onProgress);
    const cap = await lab.api.devices.capture({ serial: phone.serial, seconds: 1 });
    lab.events.off('devices.captureProgress', onProgress);
    expect(cap.dir.startsWith(join(home.path, 'captures'))).toBe(true);
    expect(existsSync(join(cap.dir, 'manifest.json'))).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((p) => p.serial === phone.serial)).toBe(true);
    expect(progress.at(-1)?.message).toMatch(/^Captured \d+ files into /);

    const stopped = await lab.api.devices.stopVirtual({ serial: phone.serial });
    expect(stopped.message).toMatch(/Stopped the virtual phone/);
    expect(await listening(portOf(phone.serial))).toBe(false);
    expect((await adb(['devices'])).stdout).not.toContain(phone.serial);
    expect((await lab.api.devices.virtualPhones({})).phones).toEqual([]);
  }, 120_000);

  it('refuses to stop a phone it did not start, and a bad vendor with the field named', async () => {
    await expect(lab.api.devices.stopVirtual({ serial: '127.0.0.1:5555' })).rejects.toThrow(/not a virtual phone this lab started/);
    await expect(lab.api.devices.startVirtual({ vendor: 'nokia' as 'pixel' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/vendor/) });
  });

  it('stops its phones when the lab closes', async () => {
    const other = tempDir();
    const second = new Lab({ home: other.path, host: 'cli', pollIntervalMs: 1000 });
    try {
      await second.start();
      const phone = await second.api.devices.startVirtual({ vendor: 'pixel' });
      expect(await listening(portOf(phone.serial))).toBe(true);
      await second.close();
      expect(await listening(portOf(phone.serial))).toBe(false);
      expect((await adb(['devices'])).stdout).not.toContain(phone.serial);
    } finally {
      other.cleanup();
    }
  }, 120_000);
});
