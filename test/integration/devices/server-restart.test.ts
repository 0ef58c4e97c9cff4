/**
 * Tracking survives the adb server going away: on a private adb server (its own port, never 5037 nor the workers' ports) the
 * server is killed under a running DeviceManager; the tracker restarts it and the manager re-connects its phone.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdbBridge } from '../../../src/main/devices/adb-bridge';
import { DeviceManager } from '../../../src/main/devices/device-manager';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { DeviceRepository } from '../../../src/main/devices/repository';
import { tempDir, until, virtualPhone, type PhoneHandle } from './helpers';

let port: number;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let vp: PhoneHandle;
let manager: DeviceManager;

function killServer(): void {
  try {
    execFileSync('adb', ['-P', String(port), 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  tmp = tempDir('aurora-restart-');
  db = openDatabase(join(tmp.dir, 'lab.sqlite'));
  vp = await virtualPhone('pixel');
});

afterAll(async () => {
  await manager?.stop();
  killServer();
  await vp?.cleanup();
  db?.close();
  tmp?.cleanup();
});

it('restarts a killed adb server and re-connects the phone', async () => {
  const bridge = new AdbBridge({ port });
  manager = new DeviceManager({ bridge, repository: new DeviceRepository(db), pollIntervalMs: 250, reconnectIntervalMs: 250 });
  const adbErrors: string[] = [];
  manager.on('adb-error', (e) => adbErrors.push(e));
  await manager.start(); // starts the private server: nothing listens on `port` yet
  await manager.connect(vp.phone.address);
  await until(() => manager.get(vp.phone.address)?.facts, 15_000, 'probe on the private server');

  const t0 = performance.now();
  killServer();
  await until(() => manager.get(vp.phone.address)?.state === 'disconnected', 10_000, 'the loss to be seen');
  expect(adbErrors.some((e) => e.includes(`port ${port}`))).toBe(true);
  await until(() => manager.get(vp.phone.address)?.state === 'device', 20_000, 'server restart and re-connect');
  console.log(`adb server killed -> phone back online: ${(performance.now() - t0).toFixed(0)} ms`);
  expect(manager.adbError).toBeNull();
}, 60_000);
