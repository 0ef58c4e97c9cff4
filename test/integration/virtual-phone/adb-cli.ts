import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualPhone, VirtualPhoneOptions } from '../../../src/main/virtual-phone';
import { startVirtualPhone } from '../../../src/main/virtual-phone';

export interface AdbResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real adb client against the test server (ANDROID_ADB_SERVER_PORT from global-setup). Always async:
 * the phone lives in this process, so a synchronous exec would freeze it mid-handshake.
 */
export function adb(args: string[], opts: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<AdbResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('adb', args, { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`adb ${args.join(' ')} timed out`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** `adb -s <phone> shell <command>`. */
export function shell(phone: VirtualPhone, command: string, input?: string): Promise<AdbResult> {
  return adb(['-s', phone.address, 'shell', command], { input });
}

export async function startConnectedPhone(opts: Partial<VirtualPhoneOptions> & Pick<VirtualPhoneOptions, 'vendor'>): Promise<VirtualPhone> {
  const phone = await startVirtualPhone({ stateDir: mkdtempSync(join(tmpdir(), `vp-${opts.vendor}-`)), ...opts });
  const r = await adb(['connect', phone.address]);
  if (!r.stdout.includes(`connected to ${phone.address}`)) {
    await phone.close();
    throw new Error(`adb connect ${phone.address} failed: ${r.stdout}${r.stderr}`);
  }
  return phone;
}

/** The state adb reports for the phone (`device`, `offline`, `unauthorized`), or null when not listed. */
export async function deviceState(phone: VirtualPhone): Promise<string | null> {
  const r = await adb(['devices']);
  const line = r.stdout.split('\n').find((l) => l.startsWith(`${phone.address}\t`));
  return line ? line.split('\t')[1]!.trim() : null;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function disconnectAndClose(...phones: (VirtualPhone | undefined)[]): Promise<void> {
  for (const p of phones) {
    if (!p) continue;
    await adb(['disconnect', p.address]).catch(() => undefined);
    await p.close();
    // Every test phone lives in its own temp dir; the sync test leaves 100 MB there.
    rmSync(p.stateDir, { recursive: true, force: true });
  }
}
