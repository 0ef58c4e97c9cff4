/** A Lab in a temp home watching the test worker's real adb server, and helpers to wait for a device's facts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceFacts, DeviceStatus, DeviceSummary } from '../../../src/shared/devices';
import { Lab } from '../../../src/main/lab/lab';

export interface TestLab {
  lab: Lab;
  home: string;
  close(): Promise<void>;
}

export async function testLab(): Promise<TestLab> {
  const home = mkdtempSync(join(tmpdir(), 'aurora-replay-home-'));
  const lab = new Lab({ host: 'cli', home, pollIntervalMs: 60_000 });
  await lab.start();
  return {
    lab,
    home,
    close: async () => {
      await lab.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Connects the address and waits until it is probed and has a first status reading. */
export async function probed(lab: Lab, address: string, timeoutMs = 30_000): Promise<DeviceSummary & { facts: DeviceFacts; status: DeviceStatus }> {
  await lab.services.devices.connect(address);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = lab.services.devices.find(address);
    if (d?.facts && d.status) return d as DeviceSummary & { facts: DeviceFacts; status: DeviceStatus };
    if (d?.error && !d.facts) throw new Error(`${address}: ${d.error}`);
    if (Date.now() > deadline) throw new Error(`${address} was not probed with a status within ${timeoutMs} ms (now: ${JSON.stringify(d)})`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Facts without what changes from one reading to the next (probe time, the live charge-counter value). */
export function stableFacts(f: DeviceFacts): unknown {
  const { probedAt: _p, energySources, ...rest } = f;
  const { chargeCounterCalibration: cal, ...sources } = energySources;
  return { ...rest, energySources: { ...sources, chargeCounterUnit: cal ? { uahPerUnit: cal.uahPerUnit, basis: cal.basis } : null } };
}
