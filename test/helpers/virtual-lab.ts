/** A real Lab (temp home, real SQLite) with real virtual phones connected through the real adb server. */
import { waitFor } from '../../src/shared/kit/backoff';
import type { Lab } from '../../src/main/lab/lab';

/** Connects the phones and waits until the lab has probed them all. */
export async function connectPhones(lab: Lab, addresses: readonly string[], timeoutMs = 30_000): Promise<void> {
  const { devices } = lab.services;
  for (const a of addresses) await devices.connect(a);
  const probed = () => addresses.every((a) => devices.find(a)?.facts);
  if (!(await waitFor(probed, { timeoutMs, intervalMs: 50 }))) throw new Error(`${addresses.join(', ')} not probed in time`);
}

/** Disconnects the phones (ignoring ones already gone). */
export async function disconnectPhones(lab: Lab, addresses: readonly string[]): Promise<void> {
  for (const a of addresses) await lab.services.devices.disconnect(a).catch(() => {});
}
