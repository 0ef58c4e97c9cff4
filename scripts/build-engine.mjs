// `npm run build:engine [-- --static] [--source DIR] [--jobs N] [--force]`: builds the real Cactus engine (and the
// runner against it) for aarch64 Linux with Debian's cross toolchain; see src/main/runner/engine-build.ts.
import { register } from 'tsx/esm/api';
import { resolve } from 'node:path';

register();
const { buildEngine } = await import('../src/main/runner/engine-build.ts');
const { labHome } = await import('../src/main/store/lab-home.ts');

const args = process.argv.slice(2);
const opts = { static: false, force: false };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--static') opts.static = true;
  else if (a === '--force') opts.force = true;
  else if (a === '--source' && args[i + 1]) opts.source = args[++i];
  else if (a === '--out' && args[i + 1]) opts.outDir = resolve(args[++i]);
  else if (a === '--jobs' && /^\d+$/.test(args[i + 1] ?? '')) opts.jobs = Number(args[++i]);
  else {
    process.stderr.write(`unknown argument ${a}\nusage: npm run build:engine [-- --static] [--source DIR] [--out DIR] [--jobs N] [--force]\n`);
    process.exit(2);
  }
}
try {
  const r = await buildEngine({
    ...opts,
    projectRoot: resolve(import.meta.dirname, '..'),
    cacheDir: labHome(),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`engine ${r.cached ? 'cached' : `built in ${r.engineSeconds.toFixed(0)} s`}, all done in ${r.totalSeconds.toFixed(1)} s\n`);
} catch (err) {
  process.stderr.write(`build:engine: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
