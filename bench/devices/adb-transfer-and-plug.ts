/**
 * Device-layer benchmarks through the REAL adb server to a virtual phone:
 * - push throughput (MB/s) of a 64 MB file through the lab's bridge, against `adb push` of the same file
 *   measured in the same run (the baseline: adb's own client);
 * - plug-to-visible latency in the API: from `phone.plug()` until the lab's DeviceManager lists the device as
 *   `device`, and unplug-to-visible, over several cycles.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdbBridge } from '../../src/main/devices/adb-bridge';
import { DeviceManager } from '../../src/main/devices/device-manager';
import { openDatabase } from '../../src/main/store/database';
import { DeviceRepository } from '../../src/main/devices/repository';
import { startVirtualPhone } from '../../src/main/virtual-phone';

process.env.ANDROID_ADB_SERVER_PORT ??= '5160';
const dir = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
const MB = 64;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function waitFor(pred: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const phone = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: join(dir, 'phone') });
  log('phone up');
  const bridge = new AdbBridge();
  await bridge.ensureServer();
  const db = openDatabase(join(dir, 'lab.sqlite'));
  const manager = new DeviceManager({ bridge, repository: new DeviceRepository(db), pollIntervalMs: 60_000 });
  await manager.start();
  await manager.connect(phone.address);
  await waitFor(() => manager.get(phone.address)?.state === 'device', 15_000);

  log('connected');
  const file = join(dir, 'payload.bin');
  writeFileSync(file, randomBytes(MB * 1024 * 1024));

  const adbRuns: number[] = [];
  const bridgeRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    // Async: the virtual phone lives in this process and must keep serving while adb pushes.
    await promisify(execFile)('adb', ['-s', phone.address, 'push', file, '/data/local/tmp/bench-adb.bin']);
    adbRuns.push(MB / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    await bridge.push(phone.address, file, '/data/local/tmp/bench-lab.bin');
    bridgeRuns.push(MB / ((performance.now() - t0) / 1000));
  }

  log('pushed');
  const plug: number[] = [];
  const unplug: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    phone.unplug();
    await waitFor(() => manager.get(phone.address)?.state !== 'device', 10_000);
    unplug.push(performance.now() - t0);
    t0 = performance.now();
    phone.plug();
    await waitFor(() => manager.get(phone.address)?.state === 'device', 10_000);
    plug.push(performance.now() - t0);
  }

  await manager.disconnect(phone.address);
  await manager.stop();
  db.close();
  await phone.close();
  rmSync(dir, { recursive: true, force: true });

  const adbMBs = median(adbRuns);
  const labMBs = median(bridgeRuns);
  console.log(
    JSON.stringify(
      {
        push: { sizeMB: MB, adbCliMBps: +adbMBs.toFixed(1), labBridgeMBps: +labMBs.toFixed(1), ratioLabToAdbCli: +(labMBs / adbMBs).toFixed(2) },
        plugToVisibleMs: { median: +median(plug).toFixed(0), max: +Math.max(...plug).toFixed(0), runs: plug.length },
        unplugToVisibleMs: { median: +median(unplug).toFixed(0), max: +Math.max(...unplug).toFixed(0), runs: unplug.length },
      },
      null,
      2,
    ),
  );
}

await main();
