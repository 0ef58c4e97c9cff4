// `npm run build:cli`: the CLI as one JavaScript bundle (dist/cli/), so `aurora-lab` starts in a fraction of a second
// instead of transforming ~300 TypeScript modules through tsx on every call (about 3 s of CPU). bin/aurora-lab.js
// runs the bundle only while it is newer than every file of src/main and src/shared, so an edited source is never
// shadowed by a stale bundle: it falls back to tsx. The compute worker and the virtual phone's power-clock worker are
// bundled beside it, where compute/worker-thread.ts and power-clock.ts look for them. Native modules stay external.
// `--if-stale` (postinstall, pretest) builds only when the bundle is missing or older than a source. A failed build is
// said in one line and leaves the CLI on tsx: slower, same code.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR as out, ROOT as root, bundleIsFresh } from './cli-bundle.mjs';

if (process.argv.includes('--if-stale') && bundleIsFresh()) process.exit(0);
const t0 = performance.now();
const startedAt = new Date();
let build;
try {
  ({ build } = await import('esbuild'));
} catch (err) {
  process.stdout.write(`build:cli: esbuild is not installed (${err.message}); the CLI runs from source through tsx\n`);
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/main/cli/main.ts',
      'compute-worker': 'src/main/compute/worker.ts',
      'power-clock-worker': 'src/main/virtual-phone/power/power-clock-worker.ts',
    },
    outdir: out,
    bundle: true,
    splitting: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native addons load their .node files relative to their own package; ws's optional accelerators may be absent.
    external: ['better-sqlite3', '@resvg/resvg-js', 'bufferutil', 'utf-8-validate', 'electron'],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __auroraRequire } from 'node:module'; const require = __auroraRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
} catch (err) {
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(`build:cli: the CLI bundle failed to build (${err.message.split('\n')[0]}); the CLI runs from source through tsx\n`);
  process.exit(0);
}
writeFileSync(join(out, 'built.json'), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
// Stamped with the build's start: a source saved while esbuild ran is newer than the bundle, so it is not shadowed.
for (const f of ['main.js', 'compute-worker.js', 'power-clock-worker.js']) utimesSync(join(out, f), startedAt, startedAt);
process.stdout.write(`build:cli: dist/cli/ in ${Math.round(performance.now() - t0)} ms\n`);
