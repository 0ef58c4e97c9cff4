// Whether the Electron desktop runtime can be used here, and if not, why, in words a user can act on.
// Electron is an optional dependency: where its binary cannot be downloaded (no route to github.com, a proxy, an
// air-gapped lab machine), npm drops the package and the install still succeeds; the CLI, `serve` and the tests
// need no binary. `npm start`, the postinstall note and the Electron typecheck all ask this one module.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @returns {{ ok: true, binary: string, version: string } | { ok: false, packageInstalled: boolean, reason: string }} */
export function electronStatus() {
  let pkgJson;
  try {
    pkgJson = require.resolve('electron/package.json');
  } catch {
    return {
      ok: false,
      packageInstalled: false,
      reason: 'the electron package is not installed (npm skips it when its binary cannot be downloaded)',
    };
  }
  const dir = dirname(pkgJson);
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) {
    return { ok: false, packageInstalled: true, reason: `electron ${version} is installed without its binary (the download was skipped or failed)` };
  }
  const binary = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { ok: false, packageInstalled: true, reason: `electron's binary is missing at ${binary}` };
  return { ok: true, binary, version };
}

/** The version range package.json asks for, so messages can say exactly what to install. */
export function wantedElectron(rootDir) {
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8'));
  return pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? 'latest';
}
