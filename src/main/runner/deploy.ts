/**
 * Puts the runner, its engine library and a model folder on a phone under /data/local/tmp/aurora/, with a sha256
 * manifest. Unchanged files are skipped (the device manifest says so AND `sha256sum` on the device agrees); each
 * pushed file goes to `<name>.part` and is renamed only after its device-side hash matches, so an interrupted
 * deploy resumes: files already verified are skipped, and a complete `.part` is just renamed. Free space is
 * checked first.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, quietStderr, sh } from '../devices/shell-command';
import type { DeviceBridge } from '../devices/types';
import type { RunnerArtifacts } from './artifacts';
import { RunnerError } from './errors';
import { MANIFEST_NAME, diffManifest, mb, parseDf, parseManifest, parseSha256sum } from './manifest';
import type { DeployFile, DeviceManifest } from './manifest';
import type { ModelSource } from './models';
import { REMOTE_DIR } from './session';

const hashCache = new Map<string, { key: string; sha256: string }>();

/** sha256 of a local file, cached by path + size + mtime (weights are large and rarely change). */
export async function localSha256(path: string): Promise<{ sha256: string; size: number }> {
  const st = await stat(path);
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = hashCache.get(path);
  if (hit && hit.key === key) return { sha256: hit.sha256, size: st.size };
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  const sha256 = h.digest('hex');
  hashCache.set(path, { key, sha256 });
  return { sha256, size: st.size };
}

async function deployFile(local: string, remote: string, mode: number): Promise<DeployFile> {
  const { sha256, size } = await localSha256(local);
  return { local, remote, size, sha256, mode };
}

/** The files for a runner build plus one model folder. */
export async function deploymentFiles(artifacts: RunnerArtifacts, model: ModelSource): Promise<DeployFile[]> {
  const files: DeployFile[] = [await deployFile(artifacts.runner, 'aurora-runner', 0o755)];
  if (artifacts.engineLib && artifacts.engineLibName) files.push(await deployFile(artifacts.engineLib, artifacts.engineLibName, 0o644));
  for (const lib of artifacts.extraLibs) files.push(await deployFile(lib, lib.split('/').pop()!, 0o644));
  for (const f of model.files) files.push(await deployFile(join(model.dir, f), `models/${model.id}/${f}`, 0o644));
  return files;
}

export interface DeployProgress {
  bytesDone: number;
  bytesTotal: number;
  file: string | null;
}

export interface DeployOptions {
  remoteDir?: string;
  onProgress?: (p: DeployProgress) => void;
  signal?: AbortSignal;
  /** Space to keep free beyond the files, bytes. Default 16 MB. */
  marginBytes?: number;
}

export interface DeployResult {
  remoteDir: string;
  pushed: string[];
  /** Verified on the device and left alone. */
  skipped: string[];
  /** A complete `<name>.part` from an interrupted deploy, verified and renamed. */
  resumed: string[];
  bytesPushed: number;
  /**
   * Relative path → sha256 of everything deployed (recorded with the run), plus `models/<id>` → the model folder's
   * own hash (folderSha256: its files' paths and hashes), one figure that names the weights a run used.
   */
  hashes: Record<string, string>;
  freeBytesBefore: number | null;
}

const q = (dir: string, rel: string) => `${dir}/${rel}`;

/** sha256 over a folder's files as `path\0sha256\n` lines, paths relative to the folder and sorted. */
export function folderSha256(files: Array<{ path: string; sha256: string }>): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) h.update(`${f.path}\0${f.sha256}\n`);
  return h.digest('hex');
}

/** `models/<id>` → folderSha256 of that model's deployed files. */
function modelFolderHashes(files: DeployFile[]): Record<string, string> {
  const byModel = new Map<string, Array<{ path: string; sha256: string }>>();
  for (const f of files) {
    const m = /^models\/([^/]+)\/(.+)$/.exec(f.remote);
    if (!m) continue;
    const list = byModel.get(m[1]!) ?? [];
    list.push({ path: m[2]!, sha256: f.sha256 });
    byModel.set(m[1]!, list);
  }
  return Object.fromEntries([...byModel].map(([id, list]) => [`models/${id}`, folderSha256(list)]));
}

/** Free space (bytes) on the filesystem holding `dir`, from `df -k`. */
export async function freeSpace(bridge: DeviceBridge, serial: string, dir: string): Promise<number | null> {
  const r = await bridge.shell(serial, sh('df', '-k', dir), { timeoutMs: 15_000 });
  const rows = parseDf(r.stdout.toString('utf8'));
  const row = rows.at(-1);
  return row ? row.availKb * 1024 : null;
}

async function deviceHashes(bridge: DeviceBridge, serial: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Bounded argument lists: a model can have hundreds of .weights files.
  for (let i = 0; i < paths.length; i += 64) {
    const batch = paths.slice(i, i + 64);
    const r = await bridge.shell(serial, quietStderr(sh('sha256sum', ...batch)), { timeoutMs: 600_000 });
    for (const [p, h] of parseSha256sum(r.stdout.toString('utf8'))) out.set(p, h);
  }
  return out;
}

async function writeManifest(bridge: DeviceBridge, serial: string, dir: string, manifest: DeviceManifest): Promise<void> {
  manifest.updatedAt = Date.now();
  await bridge.push(serial, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`), q(dir, MANIFEST_NAME));
}

export async function deploy(bridge: DeviceBridge, serial: string, files: DeployFile[], opts: DeployOptions = {}): Promise<DeployResult> {
  const dir = opts.remoteDir ?? REMOTE_DIR;
  const dirs = [...new Set(files.map((f) => q(dir, f.remote).split('/').slice(0, -1).join('/')))];
  const mk = await bridge.shell(serial, sh('mkdir', '-p', dir, ...dirs), { timeoutMs: 15_000 });
  if (mk.exitCode !== 0 && mk.exitCode !== null) {
    throw new RunnerError('deploy-failed', `Could not create ${dir} on ${serial}: ${mk.stderr.toString().trim()}`);
  }
  const manifestText = await bridge.shell(serial, quietStderr(sh('cat', q(dir, MANIFEST_NAME))), { timeoutMs: 15_000 });
  const manifest: DeviceManifest = parseManifest(manifestText.exitCode === 0 ? manifestText.stdout.toString('utf8') : null) ?? { version: 1, files: {}, updatedAt: 0 };
  const diff = diffManifest(files, manifest);

  // Verify with the device's own hashes: what the manifest claims, and anything it does not know (incl. .part files).
  const toCheck = [...diff.claimedUnchanged, ...diff.unknown];
  const hashes = await deviceHashes(bridge, serial, toCheck.flatMap((f) => [q(dir, f.remote), `${q(dir, f.remote)}.part`]));
  const result: DeployResult = { remoteDir: dir, pushed: [], skipped: [], resumed: [], bytesPushed: 0, hashes: {}, freeBytesBefore: null };
  const todo: DeployFile[] = [];
  const renameOnly: DeployFile[] = [];
  Object.assign(result.hashes, modelFolderHashes(files));
  for (const f of files) {
    result.hashes[f.remote] = f.sha256;
    if (hashes.get(q(dir, f.remote)) === f.sha256) {
      result.skipped.push(f.remote);
      manifest.files[f.remote] = { sha256: f.sha256, size: f.size };
    } else if (hashes.get(`${q(dir, f.remote)}.part`) === f.sha256) {
      renameOnly.push(f);
    } else {
      delete manifest.files[f.remote];
      todo.push(f);
    }
  }

  const needed = todo.reduce((n, f) => n + f.size, 0);
  const total = needed;
  if (needed > 0) {
    const free = await freeSpace(bridge, serial, dir);
    result.freeBytesBefore = free;
    const margin = opts.marginBytes ?? 16 * 1024 * 1024;
    if (free !== null && free < needed + margin) {
      throw new RunnerError(
        'insufficient-storage',
        `Not enough storage on ${serial}: deploying needs ${mb(needed)} (+${mb(margin)} margin) in ${dir}, but only ${mb(free)} is free. ` +
          'Free space on the phone (or remove other models from /data/local/tmp/aurora/models) and try again.',
      );
    }
  }

  let done = 0;
  opts.onProgress?.({ bytesDone: 0, bytesTotal: total, file: null });
  for (const f of renameOnly) {
    await finish(f);
    result.resumed.push(f.remote);
  }
  for (const f of todo) {
    opts.signal?.throwIfAborted();
    const part = `${q(dir, f.remote)}.part`;
    let verified = false;
    for (let attempt = 0; attempt < 2 && !verified; attempt++) {
      const base = done;
      await bridge.push(serial, f.local, part, {
        mode: f.mode,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (bytes) => opts.onProgress?.({ bytesDone: base + bytes, bytesTotal: total, file: f.remote }),
      });
      const h = await deviceHashes(bridge, serial, [part]);
      verified = h.get(part) === f.sha256;
    }
    if (!verified) {
      throw new RunnerError('deploy-failed', `${f.remote} arrived on ${serial} with a different sha256 twice (storage or transfer fault); it was not installed.`);
    }
    done += f.size;
    result.bytesPushed += f.size;
    await finish(f);
    result.pushed.push(f.remote);
    opts.onProgress?.({ bytesDone: done, bytesTotal: total, file: f.remote });
  }
  if (todo.length === 0 && renameOnly.length === 0 && Object.keys(manifest.files).length === files.length && diff.unknown.length === 0) {
    return result; // nothing changed; the manifest is already right
  }
  await writeManifest(bridge, serial, dir, manifest);
  return result;

  async function finish(f: DeployFile): Promise<void> {
    const final = q(dir, f.remote);
    const mv = await bridge.shell(serial, and(sh('mv', '-f', `${final}.part`, final), sh('chmod', f.mode.toString(8), final)), { timeoutMs: 30_000 });
    if (mv.exitCode !== 0 && mv.exitCode !== null) {
      throw new RunnerError('deploy-failed', `Could not install ${f.remote} on ${serial}: ${mv.stderr.toString().trim()}`);
    }
    manifest.files[f.remote] = { sha256: f.sha256, size: f.size };
    // Recorded per file, so a deploy cut after this point knows this file is in place.
    await writeManifest(bridge, serial, dir, manifest);
  }
}
