import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the SQL migrations live, for every way the core runs: packaged app (resources/db next to app.asar),
 * the electron-vite build (out/main -> ../../db), the CLI and tests from source (src/main/store -> ../../../db).
 */
export function findMigrationsDir(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.AURORA_LAB_MIGRATIONS) candidates.push(process.env.AURORA_LAB_MIGRATIONS);
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'db'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'db'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => existsSync(join(c, '0001_devices.sql')));
  if (!found) throw new Error(`Cannot find the lab's SQL migrations (looked in: ${candidates.join(', ')})`);
  return found;
}
