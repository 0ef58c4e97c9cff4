/**
 * Which runner build a device gets, and where it is (resources/runner/build/<build>/):
 * - host-<arch>: runner + simulated engine, for Aurora virtual phones, which execute host binaries;
 * - linux-aarch64: runner + the real libcactus.so built with Debian's cross toolchain (npm run build:engine), for
 *   arm64 virtual phones (`virtual-phone --engine cactus`, run under qemu-aarch64);
 * - android-arm64-v8a: runner + the real libcactus.so built with the NDK, for phones; when it is missing, the
 *   static build (static-aarch64: one executable, engine inside, untested on phones) if the user made one.
 * A missing host build is built on demand when `make` and a C compiler are there; a missing engine build is explained.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceFacts } from '../../shared/devices';
import { RunnerError } from './errors';

export interface RunnerArtifacts {
  /** Local folder holding the files below. */
  dir: string;
  runner: string;
  /** The engine library, pushed next to the runner (the runner's rpath is $ORIGIN); null: linked into the runner. */
  engineLib: string | null;
  engineLibName: string | null;
  /** Extra libraries to push alongside (e.g. libc++_shared.so), when present in the build folder. */
  extraLibs: string[];
  /** 'host-x86_64', 'host-aarch64', 'linux-aarch64', 'android-arm64-v8a' or 'static-aarch64'. */
  build: string;
  /** True for the simulated engine. */
  simulated: boolean;
}

/** resources/runner for every way the core runs: packaged app, electron-vite build, CLI and tests from source. */
export function findRunnerResources(): string {
  const candidates: string[] = [];
  if (process.env.AURORA_LAB_RESOURCES) candidates.push(join(process.env.AURORA_LAB_RESOURCES, 'runner'));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'resources', 'runner'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'runner'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => existsSync(join(c, 'Makefile')) || existsSync(join(c, 'models')));
  if (!found) throw new RunnerError('runner-missing', `Cannot find the runner's resources folder (looked in: ${candidates.join(', ')}).`);
  return found;
}

function hostMachine(): string {
  const a = arch();
  return a === 'x64' ? 'x86_64' : a === 'arm64' ? 'aarch64' : a;
}

/** The build a device needs, or a refusal with the reason. */
export function buildForDevice(facts: DeviceFacts): { build: string; simulated: boolean } {
  if (!facts.cactus.supported) {
    throw new RunnerError('cactus-unsupported', `Cactus cannot run on this phone: ${facts.cactus.reason ?? 'unsupported CPU'}`);
  }
  const abis = new Set([facts.abi, ...facts.abiList]);
  if (facts.virtual && facts.virtualEngine === 'cactus') {
    if (!abis.has('arm64-v8a')) throw new RunnerError('cactus-unsupported', `This virtual phone runs the real engine but reports ${facts.abi || 'no ABI'}, not arm64-v8a.`);
    return { build: 'linux-aarch64', simulated: false };
  }
  if (facts.virtual) {
    // A virtual phone executes host binaries: it reports the host's ABI.
    const machine = abis.has('x86_64') ? 'x86_64' : abis.has('arm64-v8a') ? 'aarch64' : facts.abi;
    if (machine !== hostMachine()) {
      throw new RunnerError('runner-missing', `This virtual phone reports ${facts.abi}, but this computer is ${hostMachine()}; it cannot run the host runner build.`);
    }
    return { build: `host-${machine}`, simulated: true };
  }
  if (abis.has('arm64-v8a')) return { build: 'android-arm64-v8a', simulated: false };
  throw new RunnerError('cactus-unsupported', `No runner build for ABI ${facts.abi || 'unknown'}; the lab runs Cactus on arm64-v8a phones.`);
}

function run(cmd: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => res({ ok: !err, output: `${stdout}${stderr}` }));
  });
}

async function hasMake(): Promise<boolean> {
  return (await run('make', ['--version'])).ok;
}

export interface FindArtifactsOptions {
  /** resources/runner (default: found next to the code). */
  resourcesDir?: string;
  /** Where an on-demand host build goes when resources/runner/build is not writable (the lab home). */
  buildCacheDir?: string;
  /** Build the host runner when it is missing (default true). */
  buildIfMissing?: boolean;
}

function artifactsIn(dir: string, build: string, simulated: boolean): RunnerArtifacts | null {
  const runner = join(dir, 'aurora-runner');
  if (!existsSync(runner)) return null;
  if (build === 'static-aarch64') return { dir, runner, engineLib: null, engineLibName: null, extraLibs: [], build, simulated: false };
  const libName = simulated ? 'libcactus_sim.so' : 'libcactus.so';
  const engineLib = join(dir, libName);
  if (!existsSync(engineLib)) return null;
  const extraLibs = simulated ? [] : ['libc++_shared.so'].map((n) => join(dir, n)).filter((p) => existsSync(p));
  return { dir, runner, engineLib, engineLibName: libName, extraLibs, build, simulated };
}

const ENGINE_HELP =
  'Build the real engine with `npm run build:engine` (Debian: g++-aarch64-linux-gnu, cmake, libcurl4-openssl-dev:arm64; see resources/runner/README.md).';

/** The runner build for a device; builds the host one if missing and possible; explains what to do otherwise. */
export async function findRunnerArtifacts(facts: DeviceFacts, opts: FindArtifactsOptions = {}): Promise<RunnerArtifacts> {
  const { build, simulated } = buildForDevice(facts);
  const res = opts.resourcesDir ?? findRunnerResources();
  const primary = join(res, 'build', build);
  const found = artifactsIn(primary, build, simulated) ?? (opts.buildCacheDir ? artifactsIn(join(opts.buildCacheDir, build), build, simulated) : null);
  if (found) return found;
  if (build === 'linux-aarch64') {
    throw new RunnerError('runner-missing', `No aarch64 runner with the real Cactus engine in ${primary} for this arm64 virtual phone. ${ENGINE_HELP}`);
  }
  if (!simulated) {
    const stat = artifactsIn(join(res, 'build', 'static-aarch64'), 'static-aarch64', false);
    if (stat) return stat;
    throw new RunnerError(
      'runner-missing',
      `No runner build for this phone (${build}) in ${primary}. Build it with the Android NDK: ` +
        'ANDROID_NDK_HOME=/path/to/ndk CACTUS_LIB=/path/to/libcactus.so npm run build:runner:android ' +
        '(see resources/runner/README.md, "Pointing at a Cactus build"); or, untested on phones, the static build: ' +
        '`npm run build:engine -- --static` (README, "A static build for phones").',
    );
  }
  const manual = 'Build it with `npm run build:runner:host` (needs make and a C compiler).';
  if (opts.buildIfMissing === false || !existsSync(join(res, 'Makefile'))) {
    throw new RunnerError('runner-missing', `The host runner build is missing (${primary}). ${manual}`);
  }
  if (!(await hasMake())) {
    throw new RunnerError('runner-missing', `The host runner build is missing (${primary}) and \`make\` is not installed. ${manual}`);
  }
  for (const out of [primary, ...(opts.buildCacheDir ? [join(opts.buildCacheDir, build)] : [])]) {
    const r = await run('make', ['-C', res, 'host', `OUT=${out}`]);
    const built = r.ok ? artifactsIn(out, build, simulated) : null;
    if (built) return built;
    if (out === primary && opts.buildCacheDir) continue;
    throw new RunnerError('runner-missing', `Building the host runner failed. ${manual}\n${r.output.trim().split('\n').slice(-15).join('\n')}`);
  }
  throw new RunnerError('runner-missing', `The host runner build is missing. ${manual}`);
}

/**
 * Environment for the simulated engine on a virtual phone: its speed follows the persona (published Cactus
 * figures: Galaxy S25 Ultra ~1.4x the S24 Ultra reference, a Tensor G3 Pixel ~0.6x). The virtual phone itself
 * does not set AURORA_SIM_DEVICE_SPEED, so the lab does.
 */
export function simulatedEngineEnv(facts: DeviceFacts, extra: Record<string, string> = {}): Record<string, string> {
  const speed = /S25|SM-S938/i.test(facts.model) ? 1.4 : /Pixel 8|Pixel 9/i.test(facts.model) ? 0.6 : /Pixel 6a/i.test(facts.model) ? 0.35 : 1.0;
  const env: Record<string, string> = { AURORA_SIM_DEVICE_SPEED: String(speed) };
  for (const k of ['AURORA_SIM_TIME_SCALE', 'AURORA_SIM_CRASH_AFTER', 'AURORA_SIM_RSS_SCALE', 'AURORA_SIM_DEVICE_SPEED']) {
    const v = process.env[k];
    if (v !== undefined && v !== '') env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Whether the real-engine build for arm64 virtual phones (`npm run build:engine`) is where findRunnerArtifacts looks
 * for it; when it is not, what to run. For offering `virtual-phone --engine cactus` only when it can run.
 */
export function realEngineBuild(opts: { resourcesDir?: string; buildCacheDir?: string } = {}): { dir: string } | { missing: string } {
  let res: string;
  try {
    res = opts.resourcesDir ?? findRunnerResources();
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
  const dirs = [join(res, 'build', 'linux-aarch64'), ...(opts.buildCacheDir ? [join(opts.buildCacheDir, 'linux-aarch64')] : [])];
  const found = dirs.map((d) => artifactsIn(d, 'linux-aarch64', false)).find((a) => a !== null);
  return found ? { dir: found.dir } : { missing: `The real engine is not built (no aurora-runner and libcactus.so in ${dirs[0]}). ${ENGINE_HELP}` };
}
