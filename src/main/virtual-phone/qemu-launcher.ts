/**
 * How the arm64 virtual phone runs a pushed aarch64 program on a host of another architecture: under Debian's
 * qemu-user (`qemu-aarch64 -cpu max`, which has the fp16, dot product and i8mm instructions Cactus uses). A
 * dynamically linked program needs an aarch64 loader and libc: the multiarch ones (/lib/ld-linux-aarch64.so.1,
 * from libc6:arm64) when installed, else the cross toolchain's (/usr/aarch64-linux-gnu, via -L). Never both:
 * mixing the two loaders hangs in pthread_create. A static program needs neither.
 */
import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { delimiter, join } from 'node:path';

/** e_machine of an ELF header (little-endian), or null when the bytes are not one. */
export function elfMachine(head: Buffer): number | null {
  if (head.length < 20 || head.toString('latin1', 0, 4) !== '\x7fELF' || head[5] !== 1) return null;
  return head.readUInt16LE(18);
}

export const EM_AARCH64 = 183;

const MULTIARCH_LOADER = '/lib/ld-linux-aarch64.so.1';
const CROSS_ROOT = '/usr/aarch64-linux-gnu';

export interface EmulatorOptions {
  /** The qemu program (default: qemu-aarch64 found on PATH). */
  qemu?: string;
  /** PATH to search (default process.env.PATH). */
  path?: string;
  /** Host architecture (default os.arch()). */
  hostArch?: string;
}

export type EmulatedCommand = { ok: true; command: string; argv: string[] } | { ok: false; reason: string };

function onPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * The host command for an aarch64 program, or why it cannot run. On an arm64 host the program runs as it is.
 * `argv0` is what the program sees as its argv[0] (the name typed on the phone).
 */
export function aarch64Command(program: string, args: string[], argv0: string, opts: EmulatorOptions = {}): EmulatedCommand {
  if ((opts.hostArch ?? arch()) === 'arm64') return { ok: true, command: program, argv: args };
  const qemu = opts.qemu ?? onPath('qemu-aarch64', opts.path ?? process.env.PATH ?? '/usr/bin:/bin');
  if (!qemu || !existsSync(qemu)) {
    return { ok: false, reason: 'this virtual phone runs arm64 programs with qemu-aarch64, which is not installed (Debian: apt-get install qemu-user)' };
  }
  const prefix = existsSync(MULTIARCH_LOADER) || !existsSync(join(CROSS_ROOT, 'lib', 'ld-linux-aarch64.so.1')) ? [] : ['-L', CROSS_ROOT];
  return { ok: true, command: qemu, argv: ['-cpu', 'max', ...prefix, '-0', argv0, program, ...args] };
}
