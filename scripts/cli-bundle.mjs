// Whether the CLI bundle (dist/cli/, made by scripts/build-cli.mjs) may run: it exists and is newer than every file
// of src/main and src/shared and than the lockfile (bundled dependencies). Shared by bin/aurora-lab.js and the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(ROOT, 'dist', 'cli');
export const BUNDLE = join(BUNDLE_DIR, 'main.js');
const SOURCES = ['src/main', 'src/shared'];

/** The newest modification time (ms) of the sources and the lockfile under `root`. */
export function newestSourceMs(root = ROOT) {
  let newest = statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  for (const dir of SOURCES) {
    if (!existsSync(join(root, dir))) continue;
    // Files only: a folder's time changes when anything is added to it, a bundle's inputs are files.
    for (const e of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const m = statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs;
      if (m > newest) newest = m;
    }
  }
  return newest;
}

export function bundleIsFresh(root = ROOT, bundle = join(root, 'dist', 'cli', 'main.js')) {
  const b = statSync(bundle, { throwIfNoEntry: false });
  return b !== undefined && b.mtimeMs > newestSourceMs(root);
}
