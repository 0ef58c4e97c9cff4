/**
 * Finding, checking and starting the user's adb server. The lab shares the server the user's own `adb`
 * commands use (port ANDROID_ADB_SERVER_PORT, default 5037) so phones never flip between two servers.
 * Uses plain sockets and child processes: no adb library here, so failures can be explained precisely.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { ADB_NOT_FOUND_MESSAGE, DeviceError, adbPortInUseMessage } from './errors';
import type { AdbInfo } from '../../shared/devices';
import type { AdbServerInfo } from './types';

export const DEFAULT_ADB_PORT = 5037;
export const ADB_HOST = '127.0.0.1';

/** The adb server port from ANDROID_ADB_SERVER_PORT (what adb itself reads), else 5037. */
export function adbServerPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ANDROID_ADB_SERVER_PORT?.trim();
  if (!raw) return DEFAULT_ADB_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DeviceError('adb-server-failed', `ANDROID_ADB_SERVER_PORT="${raw}" is not a port number (1-65535).`);
  }
  return port;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The adb to use: the Settings value, else $ADB, else `adb` on PATH. Null when none exists. */
export async function findAdb(explicit: string | null | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  for (const candidate of [explicit, env.ADB]) {
    if (candidate && (await isExecutable(candidate))) return candidate;
  }
  // An explicit path that does not exist is an error, not a reason to silently use another adb.
  if (explicit || env.ADB) return null;
  const exe = process.platform === 'win32' ? 'adb.exe' : 'adb';
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, exe);
    if (await isExecutable(file)) return file;
  }
  return null;
}

export type ServerProbe =
  | { kind: 'adb'; version: number }
  | { kind: 'refused' }
  | { kind: 'not-adb'; detail: string };

/** Asks whatever listens on the port for `host:version`, the cheapest request an adb server answers. */
export function probeServer(port: number, host = ADB_HOST, timeoutMs = 3000): Promise<ServerProbe> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (result: ServerProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ kind: 'not-adb', detail: `no adb reply within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish({ kind: 'refused' });
      else finish({ kind: 'not-adb', detail: err.message });
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const head = received.subarray(0, 4).toString('latin1');
      if (received.length >= 4 && head !== 'OKAY' && head !== 'FAIL') {
        finish({ kind: 'not-adb', detail: `it answered "${received.subarray(0, 16).toString('latin1').replace(/\s+/g, ' ')}"` });
      } else if (head === 'FAIL') {
        finish({ kind: 'adb', version: 0 });
      } else if (received.length >= 12) {
        const version = parseInt(received.subarray(8, 12).toString('latin1'), 16);
        finish({ kind: 'adb', version: Number.isFinite(version) ? version : 0 });
      }
    });
    socket.once('end', () => finish({ kind: 'not-adb', detail: 'it closed the connection without an adb reply' }));
    socket.connect(port, host, () => {
      const request = 'host:version';
      socket.write(request.length.toString(16).padStart(4, '0') + request);
    });
  });
}

function runAdb(adbPath: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // stdin ignored and 'exit' (not 'close') awaited: the server adb forks may keep inherited pipes open.
    const child = spawn(adbPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new DeviceError('adb-server-failed', `\`${adbPath} ${args.join(' ')}\` did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, output: output.trim() });
    });
  });
}

/** First line of `adb version`, e.g. "1.0.41"; null when it cannot be run. */
export async function adbVersion(adbPath: string): Promise<string | null> {
  try {
    const { output } = await runAdb(adbPath, ['version'], process.env, 10_000);
    return /version\s+(\S+)/.exec(output)?.[1] ?? null;
  } catch {
    return null;
  }
}

export interface EnsureServerOptions {
  port: number;
  adbPath?: string | null;
  env?: NodeJS.ProcessEnv;
  host?: string;
  startTimeoutMs?: number;
}

export async function ensureAdbServer(opts: EnsureServerOptions): Promise<AdbServerInfo> {
  const env = opts.env ?? process.env;
  const host = opts.host ?? ADB_HOST;
  const first = await probeServer(opts.port, host);
  if (first.kind === 'adb') return { port: opts.port, serverVersion: first.version, started: false, adbPath: null };
  if (first.kind === 'not-adb') throw new DeviceError('adb-port-in-use', `${adbPortInUseMessage(opts.port)} (${first.detail})`);

  const adbPath = await findAdb(opts.adbPath, env);
  if (!adbPath) {
    const tried = [opts.adbPath, env.ADB].filter(Boolean);
    const where = tried.length ? `Looked for: ${tried.join(', ')}.` : 'Looked for adb on PATH.';
    throw new DeviceError('adb-not-found', `${ADB_NOT_FOUND_MESSAGE}. ${where}`);
  }
  const childEnv = { ...env, ANDROID_ADB_SERVER_PORT: String(opts.port) };
  const { code, output } = await runAdb(adbPath, ['-P', String(opts.port), 'start-server'], childEnv, opts.startTimeoutMs ?? 30_000);
  const after = await probeServer(opts.port, host);
  if (after.kind === 'adb') return { port: opts.port, serverVersion: after.version, started: true, adbPath };
  if (after.kind === 'not-adb' || /address already in use|smartsocket/i.test(output)) {
    throw new DeviceError('adb-port-in-use', adbPortInUseMessage(opts.port));
  }
  throw new DeviceError(
    'adb-server-failed',
    `Could not start the adb server on port ${opts.port} with ${adbPath} (exit code ${code ?? 'none'}): ${output || 'no output'}`,
  );
}

const versionCache = new Map<string, Promise<string | null>>();

/** What Settings and `lab.info` show about adb: which executable, its version, and what is wrong if anything. */
export async function describeAdb(opts: EnsureServerOptions): Promise<AdbInfo> {
  const env = opts.env ?? process.env;
  const path = await findAdb(opts.adbPath, env);
  let version: string | null = null;
  if (path) {
    if (!versionCache.has(path)) versionCache.set(path, adbVersion(path));
    version = (await versionCache.get(path)) ?? null;
  }
  const probe = await probeServer(opts.port, opts.host ?? ADB_HOST);
  const base = { path, version, serverPort: opts.port };
  if (probe.kind === 'adb') return { ...base, available: true, error: null };
  if (probe.kind === 'not-adb') return { ...base, available: false, error: adbPortInUseMessage(opts.port) };
  // Nothing listens yet: fine as long as there is an adb to start the server with.
  if (path) return { ...base, available: true, error: null };
  return { ...base, available: false, error: ADB_NOT_FOUND_MESSAGE };
}
