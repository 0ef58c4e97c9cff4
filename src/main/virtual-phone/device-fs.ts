import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, posix, sep } from 'node:path';

export class DevicePathError extends Error {
  readonly code = 'EACCES';
}

/**
 * The phone's "/" is a folder on the host. Device paths are resolved like a kernel would (cwd, `.`, `..`
 * clamped at "/"), and anything that would still land outside the folder is refused.
 */
export class DeviceFs {
  readonly root: string;
  /** Temp files live beside the tree (same filesystem, so rename is atomic) but outside what the device sees. */
  readonly stagingDir: string;

  constructor(stateDir: string) {
    this.root = join(stateDir, 'fs');
    this.stagingDir = join(stateDir, 'staging');
    mkdirSync(this.root, { recursive: true });
    mkdirSync(this.stagingDir, { recursive: true });
  }

  /** Absolute, normalised device path. */
  devicePath(path: string, cwd = '/'): string {
    if (path.includes('\0')) throw new DevicePathError(`${path}: invalid path`);
    return posix.resolve('/', cwd, path);
  }

  hostPath(path: string, cwd = '/'): string {
    const dev = this.devicePath(path, cwd);
    const parts = dev.split('/').filter(Boolean);
    if (parts.some((p) => p === '..')) throw new DevicePathError(`${path}: path escapes the device root`);
    const host = parts.length === 0 ? this.root : join(this.root, ...parts);
    if (host !== this.root && !host.startsWith(this.root + sep)) throw new DevicePathError(`${path}: path escapes the device root`);
    return host;
  }

  /** Device path of a host path inside the tree (for cwd of spawned programs and the like). */
  toDevicePath(host: string): string | null {
    if (host === this.root) return '/';
    if (!host.startsWith(this.root + sep)) return null;
    return '/' + host.slice(this.root.length + 1).split(sep).join('/');
  }

  stagingPath(tag: string): string {
    return join(this.stagingDir, `${tag}-${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /** Readers never see a half-written file: write beside, then rename over. */
  async writeAtomic(path: string, data: string | Buffer): Promise<void> {
    const host = this.hostPath(path);
    const tmp = this.stagingPath('w');
    await writeFile(tmp, data);
    try {
      await rename(tmp, host);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dirname(host), { recursive: true });
      await rename(tmp, host);
    }
  }
}
