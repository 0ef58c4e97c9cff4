import type { CommandContext } from './types';

/** A path as the phone's shell names it, and where it lives on the host. */
export function resolve(ctx: CommandContext, p: string): { dev: string; host: string } {
  const dev = ctx.phone.fs.devicePath(p, ctx.cwd);
  return { dev, host: ctx.phone.fs.hostPath(dev) };
}

/** Files under the shell user's areas belong to shell; everything else to root, as on a real phone. */
export function ownerOf(devPath: string): { uid: number; name: string } {
  return devPath.startsWith('/data/local/tmp') || devPath.startsWith('/sdcard') || devPath.startsWith('/storage')
    ? { uid: 2000, name: 'shell' }
    : { uid: 0, name: 'root' };
}

export function modeString(mode: number): string {
  const type = (mode & 0o170000) === 0o040000 ? 'd' : (mode & 0o170000) === 0o120000 ? 'l' : '-';
  const bits = 'rwxrwxrwx';
  let s = type;
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}
