/** A virtual phone connected to a Lab in a temp home, for the measuring benchmarks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../src/main/lab/lab';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';

process.env.ANDROID_ADB_SERVER_PORT ??= '5139';

export async function benchPhone(vendor: 'pixel' | 'samsung'): Promise<{ phone: VirtualPhone; lab: Lab; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-bench-measure-'));
  const phone = await startVirtualPhone({ port: 0, vendor, stateDir: join(dir, 'phone') });
  const lab = new Lab({ host: 'cli', home: join(dir, 'home'), pollIntervalMs: 5000 });
  await lab.start();
  await lab.services.devices.connect(phone.address);
  const deadline = Date.now() + 20_000;
  while (!lab.services.devices.find(phone.address)?.facts && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return {
    phone,
    lab,
    close: async () => {
      await lab.services.devices.disconnect(phone.address).catch(() => {});
      await lab.close();
      await phone.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}
