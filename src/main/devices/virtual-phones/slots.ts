/**
 * Where a lab-owned virtual phone keeps its files: `<lab home>/virtual-phones/lab-<kind>-<n>`, the lowest n no
 * running phone holds. The same folder serves the next phone of that kind, so what the lab deployed to it (runner,
 * models, manifest) is still there and is not pushed again. A lock file with the owner's pid keeps two labs on one
 * home (the app and `aurora-lab demo`) from sharing a folder; a lock whose process is gone is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface Slot {
  /** `pixel-1`, `samsung-2`, `pixel-arm64-1`. */
  name: string;
  stateDir: string;
  release(): void;
}

const MAX_SLOTS = 64;

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let holder = NaN;
  try {
    holder = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    // Removed meanwhile: try once more below.
  }
  if (holder === process.pid || alive(holder)) return false;
  rmSync(lock, { force: true });
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** Claims the first free folder for a phone of `kind` under `<home>/virtual-phones/`. */
export function claimSlot(home: string, kind: string): Slot {
  const root = join(home, 'virtual-phones');
  mkdirSync(root, { recursive: true });
  for (let n = 1; n <= MAX_SLOTS; n++) {
    const name = `${kind}-${n}`;
    const lock = join(root, `lab-${name}.lock`);
    if (!tryLock(lock)) continue;
    let released = false;
    return {
      name,
      stateDir: join(root, `lab-${name}`),
      release() {
        if (released) return;
        released = true;
        rmSync(lock, { force: true });
      },
    };
  }
  throw new Error(`Every virtual-phone folder for ${kind} in ${root} is in use by a running lab; stop some virtual phones first.`);
}

const PORT_FILE = 'lab-port';

/** The port the phone in this folder listened on last time, or null. */
export function lastPort(stateDir: string): number | null {
  try {
    const n = Number(readFileSync(join(stateDir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(n) && n >= 1024 && n <= 65535 ? n : null;
  } catch {
    return null;
  }
}

export function rememberPort(stateDir: string, port: number): void {
  try {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, PORT_FILE), `${port}\n`);
  } catch {
    // Only a convenience: the next phone gets another port.
  }
}
