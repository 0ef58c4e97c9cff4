#!/usr/bin/env node
// The lab's CLI. It runs the bundle `npm run build:cli` made (dist/cli/: starts in a fraction of a second) while that
// bundle is newer than every source file and the lockfile; otherwise it runs the TypeScript core directly through tsx,
// so the CLI always runs the code in src/. AURORA_LAB_CLI_FROM_SOURCE=1 always runs the source.
import { BUNDLE, bundleIsFresh } from '../scripts/cli-bundle.mjs';

let main;
if (process.env.AURORA_LAB_CLI_FROM_SOURCE !== '1' && bundleIsFresh()) ({ main } = await import(BUNDLE));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main/cli/main.ts'));
}
process.exitCode = await main(process.argv);
