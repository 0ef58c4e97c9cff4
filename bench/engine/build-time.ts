/**
 * Engine build time, cold and cached: `buildEngine` (what `npm run build:engine` runs) into a fresh lab home (cold:
 * every engine source compiled) and again into the same home (cached: libcactus.so copied, runner relinked).
 * Besides wall time it reports the CPU time of the build's processes (children of this one, from /proc/self/stat),
 * which does not depend on how busy the shared machine is: CPU / 2 is the wall time on an idle 2-core machine.
 * Skipped (with a line) without the vendored Cactus source or the cross toolchain.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildEngine } from '../../src/main/runner/engine-build';

const root = resolve(import.meta.dirname, '../..');
const source = process.env.CACTUS_SRC ?? resolve(root, '..', 'shared', 'vendor', 'cactus-v1.14');

function childCpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (100/s)
}

function hasCross(): boolean {
  try {
    execFileSync('aarch64-linux-gnu-g++', ['--version'], { stdio: 'ignore' });
    execFileSync('cmake', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(join(source, 'cactus', 'CMakeLists.txt')) || !hasCross()) {
  console.log(`engine build time: skipped (needs ${source} and g++-aarch64-linux-gnu + cmake)`);
} else {
  const home = mkdtempSync(join(tmpdir(), 'aurora-bench-engine-'));
  const out = join(home, 'out');
  try {
    const load0 = loadavg()[0]!;
    const c0 = childCpuSeconds();
    const cold = await buildEngine({ projectRoot: root, cacheDir: home, source, outDir: out });
    const cpuCold = childCpuSeconds() - c0;
    const c1 = childCpuSeconds();
    const cached = await buildEngine({ projectRoot: root, cacheDir: home, source, outDir: out });
    const cpuCached = childCpuSeconds() - c1;
    if (cold.cached || !cached.cached) throw new Error('expected a cold build, then a cached one');
    console.log(`machine: ${cpus().length} cores, load average ${load0.toFixed(1)} at the start (other work shares these cores)`);
    console.log(`cold build:   ${cold.totalSeconds.toFixed(1)} s wall (engine ${cold.engineSeconds.toFixed(1)} s), ${cpuCold.toFixed(1)} s CPU -> ~${(cpuCold / 2 / 60).toFixed(1)} min on an idle 2-core machine`);
    console.log(`cached build: ${cached.totalSeconds.toFixed(2)} s wall, ${cpuCached.toFixed(1)} s CPU (libcactus.so from the cache; the runner is re-made only when its sources changed)`);
    console.log(`cached / cold wall: ${(cached.totalSeconds / cold.totalSeconds).toFixed(4)} (n=1 each; source hash ${cold.hash.slice(0, 16)})`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
