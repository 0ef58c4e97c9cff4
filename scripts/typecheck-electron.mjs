// Typechecks the Electron glue (src/main/index.ts, src/main/electron/, src/preload/) against Electron's own types.
// Electron is an optional dependency: where npm dropped it (its binary could not be downloaded), there are no types
// to check against, so this says so in one line and checks nothing rather than failing a working install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('electron/package.json');
} catch {
  process.stdout.write('typecheck:electron skipped: the electron package is not installed, so the Electron glue has no types to be checked against.\n');
  process.exit(0);
}
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.electron.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
