/**
 * Where the Cactus source for `npm run build:engine` comes from, and its identity: CACTUS_SRC, else the vendored
 * copy beside the project (tests, CI), else a checkout of the pinned tag that is fetched with git into the lab's
 * cache folder (a product never bundles the engine: users build it from the pinned tag, see PROVENANCE). The
 * source hash covers every file an engine build reads, so a cached build is reused only for the same source.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { RunnerError } from './errors';

/** The engine version the runner is pinned to (resources/runner/CACTUS_VERSION) and where its tag lives. */
export const PINNED_ENGINE = {
  version: 'v1.14',
  commit: '40a7123b',
  repo: 'https://github.com/cactus-compute/cactus.git',
} as const;

export interface EngineSource {
  dir: string;
  /** How it was found: 'env' (CACTUS_SRC), 'vendored' (../shared/vendor), 'checkout' (fetched with git). */
  origin: 'env' | 'vendored' | 'checkout' | 'given';
  /** The tree's CACTUS_VERSION file, trimmed; null when it has none. */
  version: string | null;
}

function run(cmd: string, args: string[], cwd?: string): Promise<{ ok: boolean; out: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => res({ ok: !err, out: `${stdout}${stderr}`.trim() }));
  });
}

function isCactusTree(dir: string): boolean {
  return existsSync(join(dir, 'cactus', 'CMakeLists.txt'));
}

function versionOf(dir: string): string | null {
  const f = join(dir, 'CACTUS_VERSION');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() || null : null;
}

export interface FindSourceOptions {
  /** The project root (the folder holding resources/runner). */
  projectRoot: string;
  /** Where a fetched checkout goes (the lab's cache folder). */
  cacheDir: string;
  /** An explicit tree (--source); wins over everything. */
  given?: string;
  env?: NodeJS.ProcessEnv;
  /** Fetch the pinned tag with git when nothing else is there (default true). */
  fetch?: boolean;
  log?: (line: string) => void;
}

function checked(dir: string, origin: EngineSource['origin'], what: string): EngineSource {
  if (!isCactusTree(dir)) {
    throw new RunnerError('runner-missing', `${what} ${dir} is not a Cactus source tree (no cactus/CMakeLists.txt in it).`);
  }
  return { dir, origin, version: versionOf(dir) };
}

export async function findEngineSource(opts: FindSourceOptions): Promise<EngineSource> {
  const env = opts.env ?? process.env;
  if (opts.given) return checked(resolve(opts.given), 'given', 'The source folder');
  if (env.CACTUS_SRC) return checked(resolve(env.CACTUS_SRC), 'env', 'CACTUS_SRC');
  const vendored = resolve(opts.projectRoot, '..', 'shared', 'vendor', `cactus-${PINNED_ENGINE.version}`);
  if (isCactusTree(vendored)) return checked(vendored, 'vendored', 'The vendored source');
  const checkout = join(opts.cacheDir, 'cactus-src', PINNED_ENGINE.version);
  if (isCactusTree(checkout)) return checked(checkout, 'checkout', 'The checkout');
  if (opts.fetch === false) {
    throw new RunnerError('runner-missing', `No Cactus source: set CACTUS_SRC to a checkout of ${PINNED_ENGINE.version} (${PINNED_ENGINE.repo}).`);
  }
  // AURORA_CACTUS_GIT: a mirror of the repository (the commit is checked all the same)
  return fetchPinned(checkout, env.AURORA_CACTUS_GIT || PINNED_ENGINE.repo, opts.log ?? (() => {}));
}

/** A shallow clone of the pinned tag, checked against the pinned commit, moved into place only when complete. */
async function fetchPinned(dest: string, repo: string, log: (line: string) => void): Promise<EngineSource> {
  const tmp = `${dest}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(dest, '..'), { recursive: true });
  log(`fetching Cactus ${PINNED_ENGINE.version} from ${repo} (git clone --depth 1)`);
  const clone = await run('git', ['clone', '--quiet', '--depth', '1', '--branch', PINNED_ENGINE.version, repo, tmp]);
  if (!clone.ok) {
    await rm(tmp, { recursive: true, force: true });
    throw new RunnerError(
      'runner-missing',
      `Could not fetch Cactus ${PINNED_ENGINE.version} with git (${clone.out.split('\n').slice(-2).join(' ')}). ` +
        'Check the network and that git is installed, or clone it yourself and set CACTUS_SRC to it.',
    );
  }
  const head = await run('git', ['rev-parse', 'HEAD'], tmp);
  if (!head.ok || !head.out.startsWith(PINNED_ENGINE.commit)) {
    await rm(tmp, { recursive: true, force: true });
    throw new RunnerError(
      'runner-missing',
      `The tag ${PINNED_ENGINE.version} of ${repo} is at ${head.out.slice(0, 12) || 'an unknown commit'}, not the pinned ${PINNED_ENGINE.commit}: ` +
        'the tag was moved. Refusing to build from it; set CACTUS_SRC to a checkout you trust.',
    );
  }
  await rm(dest, { recursive: true, force: true });
  await rename(tmp, dest);
  return checked(dest, 'checkout', 'The checkout');
}

async function listFiles(root: string, dir: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'build') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await listFiles(root, p, out);
    else if (e.isFile()) out.push(relative(root, p));
  }
}

/**
 * sha256 over what a build reads (every file under cactus/ and libs/curl/, CACTUS_VERSION) and over the recipe
 * (flags, compiler): paths sorted, each with its content's hash.
 */
export async function engineSourceHash(src: EngineSource, recipe: string): Promise<string> {
  const files: string[] = [];
  await listFiles(src.dir, join(src.dir, 'cactus'), files);
  if (existsSync(join(src.dir, 'libs', 'curl'))) await listFiles(src.dir, join(src.dir, 'libs', 'curl'), files);
  if (existsSync(join(src.dir, 'CACTUS_VERSION'))) files.push('CACTUS_VERSION');
  files.sort();
  const h = createHash('sha256');
  h.update(`recipe\0${recipe}\0`);
  for (const f of files) {
    const c = createHash('sha256').update(await readFile(join(src.dir, f))).digest('hex');
    h.update(`${f.split('\\').join('/')}\0${c}\0`);
  }
  return h.digest('hex');
}
