/**
 * `npm run bench`: runs every benchmark script under bench/<area>/ (files not starting with `_`) in its own
 * process, one after another (the machine has 2 cores; benchmarks must not compete), echoes what each prints
 * and saves all of it in bench/results/latest.json. With --expose-gc: a bench may start a measurement from a
 * collected heap (campaigns/ingest.ts). Pass area names to run only those: `npm run bench -- devices`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname);
const only = process.argv.slice(2);
const scripts = readdirSync(root)
  .filter((area) => statSync(join(root, area)).isDirectory() && area !== 'results' && (only.length === 0 || only.includes(area)))
  .flatMap((area) =>
    readdirSync(join(root, area))
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
      .map((f) => join(root, area, f)),
  )
  .sort();

const results: Array<{ script: string; exitCode: number | null; seconds: number; output: string }> = [];
for (const script of scripts) {
  const name = relative(root, script);
  process.stdout.write(`\n=== ${name}\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(r.stdout ?? '');
  results.push({ script: name, exitCode: r.status, seconds, output: r.stdout ?? '' });
}
mkdirSync(join(root, 'results'), { recursive: true });
writeFileSync(join(root, 'results', 'latest.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
const failed = results.filter((r) => r.exitCode !== 0);
process.stdout.write(`\n${results.length - failed.length} benchmarks ran, ${failed.length} failed. Figures saved in bench/results/latest.json\n`);
process.exitCode = failed.length ? 1 : 0;
