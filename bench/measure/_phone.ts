/** A virtual phone connected to a Lab in a temp home, for the measuring benchmarks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../src/main/lab/lab';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';
import { median as kitMedian, quantile } from '../../src/shared/kit/stats';

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

/** The kit's median and quantile (interpolated), NaN for no values: the benches print them as figures. */
export const median = (xs: number[]): number => kitMedian(xs) ?? NaN;
export const percentile = (xs: number[], p: number): number => quantile(xs, p) ?? NaN;
