/**
 * `npm run build:engine`: the real Cactus engine for aarch64 Linux, built with Debian's cross toolchain through
 * resources/runner's Makefile (targets engine-aarch64, linux-aarch64, static-aarch64), cached by source hash in the
 * lab's cache folder (`<home>/engine-cache/<version>-<hash>/`), so a second build of the same source and recipe
 * only copies files. The runner is always rebuilt against it (it takes a second). Progress and times are printed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunnerError } from './errors';
import { engineSourceHash, findEngineSource, type EngineSource } from './engine-source';

export interface EngineBuildOptions {
  /** The project root (holds resources/runner). */
  projectRoot: string;
  /** The lab's cache folder (engine cache and fetched sources go below it). */
  cacheDir: string;
  /** An explicit Cactus tree; otherwise CACTUS_SRC, the vendored copy, or a fetched checkout. */
  source?: string;
  /** Where the runner + libcactus.so go (default resources/runner/build/linux-aarch64). */
  outDir?: string;
  /** Also build the static runner (runner + engine in one executable) into build/static-aarch64. */
  static?: boolean;
  /** Parallel compile jobs (default: the machine's cores). */
  jobs?: number;
  /** Rebuild even when the cache has this source. */
  force?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface EngineBuildResult {
  source: EngineSource;
  hash: string;
  cacheDir: string;
  /** True when the engine came from the cache (no compile). */
  cached: boolean;
  engineSeconds: number;
  totalSeconds: number;
  outDir: string;
  staticRunner: string | null;
}

interface MakeRun {
  ok: boolean;
  tail: string;
}

/** Runs make, echoing CMake's `[ 42%]` progress as one line per step with the elapsed time. */
function make(runnerDir: string, args: string[], log: (line: string) => void, env: NodeJS.ProcessEnv, t0: number): Promise<MakeRun> {
  return new Promise((resolve) => {
    const child = spawn('make', ['--no-print-directory', '-C', runnerDir, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let lastPct = -1;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > 60) lines.shift();
        const m = /^\[\s*(\d+)%\]\s+(Building|Linking)\s+\S+\s+(?:object|shared library|static library)?\s*(\S+)/.exec(line);
        if (m) {
          const pct = Number(m[1]);
          if (pct !== lastPct || m[2] === 'Linking') log(`  ${String(pct).padStart(3)}%  ${elapsed(t0)}  ${m[2] === 'Linking' ? 'linking ' : ''}${m[3]!.replace(/^CMakeFiles\/[^/]+\.dir\//, '').replace(/\.o$/, '')}`);
          lastPct = pct;
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => resolve({ ok: false, tail: `could not run make: ${e.message}` }));
    child.on('close', (code) => resolve({ ok: code === 0, tail: lines.slice(-25).join('\n') }));
  });
}

function elapsed(t0: number): string {
  const s = Math.round((Date.now() - t0) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out.trim()));
  });
}

/** The engine's build recipe as the Makefile has it, plus the compiler's version: part of the cache key. */
async function recipe(runnerDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const flags = await capture('make', ['--no-print-directory', '-s', '-C', runnerDir, 'engine-recipe'], env);
  if (!flags) throw new RunnerError('runner-missing', `make -C ${runnerDir} engine-recipe printed nothing: is make installed?`);
  return flags;
}

export async function buildEngine(opts: EngineBuildOptions): Promise<EngineBuildResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const env = { ...(opts.env ?? process.env) };
  const runnerDir = join(opts.projectRoot, 'resources', 'runner');
  const outDir = opts.outDir ?? join(runnerDir, 'build', 'linux-aarch64');
  const src = await findEngineSource({ projectRoot: opts.projectRoot, cacheDir: opts.cacheDir, ...(opts.source ? { given: opts.source } : {}), env, log });
  log(`Cactus ${src.version ?? '(no CACTUS_VERSION)'} source: ${src.dir} (${src.origin})`);
  const rec = await recipe(runnerDir, env);
  const hash = await engineSourceHash(src, rec);
  const entry = join(opts.cacheDir, 'engine-cache', `${src.version ?? 'unknown'}-${hash.slice(0, 16)}`);
  const lib = join(entry, 'libcactus.so');
  const archive = join(entry, 'libcactus.a');
  const cached = !opts.force && existsSync(lib) && existsSync(archive);
  let engineSeconds = 0;
  if (cached) {
    log(`engine: cached build for source hash ${hash.slice(0, 16)} (${entry})`);
  } else {
    const work = `${entry}.build-${process.pid}`;
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    log(`engine: building libcactus.so for aarch64 (source hash ${hash.slice(0, 16)}); about 3 min of CPU on 2 idle cores, longer on a busy machine`);
    const tb = Date.now();
    const args = ['engine-aarch64', `CACTUS_SRC=${src.dir}`, `ENGINE_BUILD=${join(work, 'cmake')}`, ...(opts.jobs ? [`ENGINE_JOBS=${opts.jobs}`] : [])];
    const r = await make(runnerDir, args, log, env, tb);
    if (!r.ok) {
      throw new RunnerError('runner-missing', `Building the Cactus engine failed (build folder kept: ${work}):\n${r.tail}`);
    }
    engineSeconds = (Date.now() - tb) / 1000;
    await rm(entry, { recursive: true, force: true });
    await mkdir(entry, { recursive: true });
    await copyFile(join(work, 'cmake', 'libcactus.so'), `${lib}.tmp`);
    await copyFile(join(work, 'cmake', 'libcactus.a'), `${archive}.tmp`);
    await rename(`${archive}.tmp`, archive);
    await writeFile(
      join(entry, 'build.json'),
      `${JSON.stringify({ version: src.version, source: src.dir, origin: src.origin, hash, recipe: rec, seconds: engineSeconds, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    await rename(`${lib}.tmp`, lib); // last: its presence means the entry is complete
    await rm(work, { recursive: true, force: true });
    log(`engine: built in ${elapsed(tb)} (cached in ${entry})`);
  }
  await mkdir(outDir, { recursive: true });
  const runner = await make(runnerDir, ['linux-aarch64', `CACTUS_SRC=${src.dir}`, `ENGINE_LIB=${lib}`, `LINUX_OUT=${outDir}`], log, env, t0);
  if (!runner.ok) throw new RunnerError('runner-missing', `Building the aarch64 runner failed:\n${runner.tail}`);
  let staticRunner: string | null = null;
  if (opts.static) {
    const staticOut = join(runnerDir, 'build', 'static-aarch64');
    const s = await make(runnerDir, ['static-aarch64', `CACTUS_SRC=${src.dir}`, `ENGINE_ARCHIVE=${archive}`, `STATIC_OUT=${staticOut}`], log, env, t0);
    if (!s.ok) throw new RunnerError('runner-missing', `Building the static runner failed:\n${s.tail}`);
    staticRunner = join(staticOut, 'aurora-runner');
  }
  const totalSeconds = (Date.now() - t0) / 1000;
  log(`done in ${elapsed(t0)}${cached ? ' (engine from the cache)' : ''}: ${outDir}${staticRunner ? `, ${staticRunner}` : ''}`);
  return { source: src, hash, cacheDir: entry, cached, engineSeconds, totalSeconds, outDir, staticRunner };
}
