/** Real virtual phones connected to a real Lab (real adb server, SQLite in a temp home), for the measuring tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../../src/main/lab/lab';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';
import { connectPhones, disconnectPhones } from '../../helpers/virtual-lab';

export { usePrivateAdbServer } from '../../helpers/adb-server';

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
