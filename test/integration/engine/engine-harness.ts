/**
 * What the real-engine tests need: the aarch64 runner + libcactus.so from `npm run build:engine`
 * (resources/runner/build/linux-aarch64/), qemu-aarch64 to run them on a host of another architecture, and the tiny
 * Cactus model copied into test/fixtures. Each is checked, and a missing one skips the tests with one line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aarch64Command } from '../../../src/main/virtual-phone/qemu-launcher';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RUNNER_DIR = path.join(ROOT, 'resources', 'runner');
export const LINUX_BUILD = path.join(RUNNER_DIR, 'build', 'linux-aarch64');
export const TINY_MODEL = path.join(ROOT, 'test', 'fixtures', 'cactus-tiny', 'cactus-qwen3-tiny-int8');
export const VENDORED_SOURCE = path.resolve(ROOT, '..', 'shared', 'vendor', 'cactus-v1.14');

/** Why the real-engine tests cannot run here, or null. */
export function engineSkipReason(): string | null {
  if (!existsSync(path.join(LINUX_BUILD, 'aurora-runner')) || !existsSync(path.join(LINUX_BUILD, 'libcactus.so'))) {
    return `no real-engine build in ${path.relative(ROOT, LINUX_BUILD)} (run npm run build:engine; needs ../shared/vendor or CACTUS_SRC)`;
  }
  const probe = aarch64Command('/bin/true', [], 'true');
  if (!probe.ok) return probe.reason;
  return null;
}

/** Starts an aarch64 program the way the arm64 virtual phone does (qemu-aarch64 on other hosts). */
export function underQemu(program: string, args: string[]): { command: string; argv: string[] } {
  const c = aarch64Command(program, args, path.basename(program));
  if (!c.ok) throw new Error(c.reason);
  return { command: c.command, argv: c.argv };
}

/** The cross C compiler, if installed (for the test probes linked against libcactus.so). */
export function hasCrossCompiler(): boolean {
  try {
    execFileSync('aarch64-linux-gnu-gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
