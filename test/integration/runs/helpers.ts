/** Real virtual phones connected to a real Lab (real adb server, SQLite in a temp home), for the measuring tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../../src/main/lab/lab';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import { connectPhones, disconnectPhones } from '../../helpers/virtual-lab';

/**
 * A private real adb server for this test file (an OS-assigned port, like server-restart.test.ts): these tests
 * keep runner sessions open for tens of seconds, and a shared server restarted or emptied by another test run on
 * this machine would cut them (which the lab reports correctly as a lost device, but the test would not be about
 * that). Sets ANDROID_ADB_SERVER_PORT, so the bridge, the Lab and spawned CLIs all use it; `stop` kills it.
 */
export async function usePrivateAdbServer(): Promise<{ port: number; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  process.env.ANDROID_ADB_SERVER_PORT = String(port);
  return {
    port,
    stop: () => {
      try {
        execFileSync('adb', ['-P', String(port), 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // already gone
      }
    },
  };
}

export interface MeasuredPhone {
  phone: VirtualPhone;
  lab: Lab;
  home: string;
  cleanup(): Promise<void>;
}

export async function measuredPhone(vendor: 'pixel' | 'samsung', opts: { charging?: 'usb' | 'ac' | null } = {}): Promise<MeasuredPhone> {
  const stateDir = mkdtempSync(join(tmpdir(), `aurora-measure-${vendor}-`));
  const home = mkdtempSync(join(tmpdir(), 'aurora-measure-home-'));
  const phone = await startVirtualPhone({ port: 0, vendor, stateDir, charging: opts.charging ?? null });
  const lab = new Lab({ host: 'cli', home, pollIntervalMs: 5000 });
  await lab.start();
  await connectPhones(lab, [phone.address], 20_000);
  return {
    phone,
    lab,
    home,
    cleanup: async () => {
      await disconnectPhones(lab, [phone.address]);
      await lab.close();
      await phone.close();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Prompts long enough to span >= 10 fuel-gauge updates at the speed below, and one short one. */
export const LONG_PROMPTS = [
  { id: 'long-1', text: 'Tell me about phones and batteries. '.repeat(30) },
  { id: 'short', text: 'hi' },
  { id: 'long-2', text: 'Explain energy. '.repeat(40) },
];

/** A Tensor-G3-like speed for the simulated engine on both personas, so prompts last a few seconds. */
export const SIM_ENV = { AURORA_SIM_DEVICE_SPEED: '0.6' };

export function relErr(measured: number, truth: number): number {
  return Math.abs(measured / truth - 1);
}
