/** Virtual phones for integration tests, each in its own temp folder, always closed and disconnected. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualPhone, type VirtualPhone } from '../../../src/main/virtual-phone';

export interface PhoneHandle {
  phone: VirtualPhone;
  cleanup(): Promise<void>;
}

export async function virtualPhone(
  vendor: 'pixel' | 'samsung',
  opts: { authorized?: boolean; charging?: 'usb' | 'ac' | null } = {},
): Promise<PhoneHandle> {
  const dir = mkdtempSync(join(tmpdir(), `aurora-vp-${vendor}-`));
  const phone = await startVirtualPhone({ port: 0, vendor, stateDir: dir, ...opts });
  return {
    phone,
    cleanup: async () => {
      await phone.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function until<T>(fn: () => T | undefined | null | false, timeoutMs: number, what: string | (() => string)): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
