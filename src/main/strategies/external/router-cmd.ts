/**
 * `--router-cmd "CMD"`: a user's router as a program. The lab starts CMD once (argv from splitCommand, no shell),
 * writes one request line per prompt and preference (protocol.ts) and reads one reply line per request, strictly in
 * turn: one request outstanding at a time, so a reply is always attributable.
 *
 * What can go wrong is charged to the prompt it happened on, and the run goes on where it can:
 * - no reply within `timeoutMs` (the first within `startupTimeoutMs`, for routers that load a model): `timeout`;
 *   a late reply to a timed-out request is recognised by its id and dropped. After `maxConsecutiveTimeouts` in a
 *   row the router is considered hung: it is stopped and the remaining prompts are `not-sent`;
 * - a reply that is not JSON, has no string id/model, answers another id, or names a model that is not a
 *   candidate: `invalid-reply` / `wrong-id` / `unknown-model`, and the next request goes out;
 * - the program exits: that prompt is `crashed`, the rest `not-sent`, with the exit code or signal and the tail of
 *   its stderr (kept bounded, `maxStderrBytes`).
 * The process (and its process group) is always reaped: stdin is closed, then SIGTERM after `exitGraceMs`, then
 * SIGKILL. The lab's own API keys are removed from the environment it gets.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { KEY_ENV_VARS } from '../../settings/secret-store';
import type { MatrixModel } from '../matrix';
import { NO_PICK } from '../strategies';
import type { ExternalPrompt, RouterCandidate, RouterRequest } from './protocol';
import { checkReply, requestId } from './protocol';
import type { ExternalPromptResult, ExternalStrategyResult } from './result';
import { buildResult } from './result';
import { splitCommand } from './split-command';
import { StderrTail, LineReader } from './streams';

export interface RouterCmdOptions {
  /** The command line, split without a shell. */
  command: string;
  /** Strategy name (default `router-cmd`); rows are `<name>@<preference>`. */
  name?: string;
  prompts: readonly ExternalPrompt[];
  /** The matrix's models, in matrix order (picks are indexes into it). */
  models: readonly MatrixModel[];
  /** Sent with every request; default: each model with its size only. See candidatesFromMatrix. */
  candidates?: readonly RouterCandidate[];
  /** Default [0.5]. */
  preferences?: readonly number[];
  timeoutMs?: number;
  startupTimeoutMs?: number;
  maxConsecutiveTimeouts?: number;
  maxStderrBytes?: number;
  maxLineBytes?: number;
  exitGraceMs?: number;
  cwd?: string;
  /** Environment of the program (default: the lab's, without its API key variables). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface RouterCmdResult extends ExternalStrategyResult {
  argv: string[];
  pid: number | null;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Last bytes the program wrote to stderr. */
  stderrTail: string;
  /** Replies that arrived after their request had timed out (dropped). */
  lateReplies: number;
}

function labEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const names of Object.values(KEY_ENV_VARS)) for (const n of names) delete env[n];
  return env;
}

const EXIT_DRAIN_MS = 500;

type Next = { kind: 'line'; line: string } | { kind: 'overlong'; bytes: number } | { kind: 'timeout' } | { kind: 'exit' } | { kind: 'aborted' };

export async function runRouterCommand(opts: RouterCmdOptions): Promise<RouterCmdResult> {
  const name = opts.name ?? 'router-cmd';
  const argv = splitCommand(opts.command);
  const prefs = [...new Set(opts.preferences ?? [0.5])].sort((a, b) => a - b);
  for (const p of prefs) if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: preference ${p} is outside 0..1`);
  const many = prefs.length > 1;
  const modelIds = opts.models.map((m) => m.id);
  const candidates = opts.candidates ?? opts.models.map((m) => ({ model: m.id, sizeMb: m.size_mb, meanLatencyMs: null, latencyN: 0, meanEnergyJ: null, energyN: 0 }));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const startupTimeoutMs = Math.max(timeoutMs, opts.startupTimeoutMs ?? 60_000);
  const maxTimeouts = Math.max(1, opts.maxConsecutiveTimeouts ?? 3);
  const grace = opts.exitGraceMs ?? 2_000;
  const n = opts.prompts.length;
  const picks = prefs.map(() => new Int32Array(n).fill(NO_PICK));
  const perPrompt: ExternalPromptResult[] = [];
  const stderr = new StderrTail(opts.maxStderrBytes ?? 16 * 1024);
  const total = n * prefs.length;
  const meta = { command: argv, timeoutMs };

  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(argv[0] as string, argv.slice(1), { cwd: opts.cwd, env: opts.env ?? labEnv(), stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: process.platform !== 'win32', windowsHide: true });
  } catch (err) {
    return { ...buildResult({ source: 'router-cmd', name, nPrompts: n, preferences: prefs, picks, perPrompt, fatal: `${name}: cannot start ${argv[0]}: ${err instanceof Error ? err.message : String(err)}`, meta }), argv, pid: null, exit: null, stderrTail: '', lateReplies: 0 };
  }

  let exit: RouterCmdResult['exit'] = null;
  let exitAt = 0;
  let stdoutEnded = false;
  let spawnError: Error | null = null;
  const lines = new LineReader(opts.maxLineBytes ?? 1024 * 1024);
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      exitAt = Date.now();
      // 'exit' can come before the last stdout bytes: look again once stdout ends, or after EXIT_DRAIN_MS at most
      // (a grandchild may hold the pipe open).
      setTimeout(poke, EXIT_DRAIN_MS).unref();
      poke();
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      // A process that never started emits no 'exit'.
      if (child.pid === undefined) resolve();
      poke();
    });
  });
  child.stdout.on('data', (chunk: Buffer) => {
    lines.push(chunk);
    poke();
  });
  child.stdout.once('end', () => {
    stdoutEnded = true;
    poke();
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // Writes after the program died fail with EPIPE; the exit is what gets reported.
  child.stdin.on('error', () => undefined);
  const onAbort = () => poke();
  opts.signal?.addEventListener('abort', onAbort);

  const next = (ms: number): Promise<Next> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve({ kind: 'timeout' });
      }, ms);
      const check = () => {
        const item = lines.shift();
        if (item !== undefined) {
          clearTimeout(timer);
          resolve(typeof item === 'string' ? { kind: 'line', line: item } : { kind: 'overlong', bytes: item.overlong });
          return;
        }
        if (spawnError || (exit && (stdoutEnded || Date.now() - exitAt >= EXIT_DRAIN_MS))) {
          clearTimeout(timer);
          resolve({ kind: 'exit' });
          return;
        }
        if (opts.signal?.aborted) {
          clearTimeout(timer);
          resolve({ kind: 'aborted' });
          return;
        }
        wake = check;
      };
      check();
    });

  const late = new Set<string>();
  let lateReplies = 0;
  let consecutiveTimeouts = 0;
  let answered = 0;
  let stopped: string | null = null;
  let done = 0;
  const deathReason = () => {
    if (spawnError) return `cannot start ${argv[0]}: ${(spawnError as Error).message}`;
    const e = exit as RouterCmdResult['exit'];
    const how = e?.signal ? `was killed by ${e.signal}` : `exited with code ${e?.code ?? '?'}`;
    const tail = stderr.lastLines(3);
    return `the router ${how} after ${answered} repl${answered === 1 ? 'y' : 'ies'}${tail ? `; its stderr ends: ${tail}` : ''}`;
  };

  for (let k = 0; k < prefs.length; k++) {
    const pref = prefs[k] as number;
    for (let p = 0; p < n; p++) {
      const prompt = opts.prompts[p] as ExternalPrompt;
      const record = (status: ExternalPromptResult['status'], model: string | null, error?: string) => {
        perPrompt.push({ promptId: prompt.id, preference: pref, status, model, ...(error ? { error } : {}) });
        done++;
        opts.onProgress?.(done, total);
      };
      if (stopped) {
        record('not-sent', null, stopped);
        continue;
      }
      const id = requestId(prompt.id, pref, many);
      const req: RouterRequest = { id, promptId: prompt.id, text: prompt.text, subject: prompt.subject, preference: pref, candidates };
      if (!exit && !spawnError) child.stdin.write(`${JSON.stringify(req)}\n`);
      // Until the first reply the program may still be starting (loading a model): the longer window.
      const waitMs = answered === 0 && consecutiveTimeouts === 0 ? startupTimeoutMs : timeoutMs;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const got = await next(Math.max(0, deadline - Date.now()));
        if (got.kind === 'line') {
          if (got.line.trim() === '') continue;
          const check = checkReply(got.line, id, modelIds);
          if (check.kind === 'wrong-id' && late.delete(check.id)) {
            lateReplies++;
            continue;
          }
          consecutiveTimeouts = 0;
          if (check.kind === 'ok') {
            answered++;
            (picks[k] as Int32Array)[p] = check.modelIndex;
            record('ok', check.model);
          } else record(check.kind, null, check.error);
          break;
        }
        if (got.kind === 'overlong') {
          consecutiveTimeouts = 0;
          record('invalid-reply', null, `the reply line is longer than ${opts.maxLineBytes ?? 1024 * 1024} bytes (${got.bytes} bytes dropped)`);
          break;
        }
        if (got.kind === 'timeout') {
          late.add(id);
          consecutiveTimeouts++;
          record('timeout', null, `no reply within ${waitMs} ms`);
          if (consecutiveTimeouts >= maxTimeouts) stopped = `not sent: the router did not answer ${consecutiveTimeouts} requests in a row and was stopped`;
          break;
        }
        if (got.kind === 'aborted') {
          stopped = 'not sent: cancelled';
          record('not-sent', null, stopped);
          break;
        }
        const why = deathReason();
        record('crashed', null, why);
        stopped = `not sent: ${why}`;
        break;
      }
    }
  }
  opts.signal?.removeEventListener('abort', onAbort);
  await reap(child, exited, () => exit !== null || spawnError !== null, grace);
  const notes: string[] = [];
  if (lateReplies) notes.push(`${name}: ${lateReplies} replies came after their request had timed out and were dropped.`);
  const finalExit = exit as RouterCmdResult['exit'];
  if (finalExit && !stopped && (finalExit.code ?? 0) !== 0) notes.push(`${name}: answered every request, then exited with code ${finalExit.code ?? finalExit.signal}.`);
  const fatal = spawnError && answered === 0 ? `${name}: ${deathReason()}` : null;
  return {
    ...buildResult({ source: 'router-cmd', name, nPrompts: n, preferences: prefs, picks, perPrompt, fatal, meta, notes }),
    argv,
    pid: child.pid ?? null,
    exit: finalExit,
    stderrTail: stderr.text(),
    lateReplies,
  };
}

/** Closes stdin, waits `grace` ms for the program to leave, then SIGTERM, then SIGKILL; always waits for the exit. */
async function reap(child: ChildProcessWithoutNullStreams, exited: Promise<void>, isDead: () => boolean, grace: number): Promise<void> {
  child.stdin.end();
  const wait = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  const kill = (sig: NodeJS.Signals) => {
    if (isDead() || child.pid === undefined) return;
    try {
      // The whole process group: a wrapper script's children go too.
      if (process.platform !== 'win32') process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      child.kill(sig);
    }
  };
  if (!isDead() && !(await wait(grace))) {
    kill('SIGTERM');
    if (!(await wait(grace))) {
      kill('SIGKILL');
      await exited;
    }
  }
  // Leftover children of a wrapper may still hold the pipes open: do not wait for them.
  child.stdout.destroy();
  child.stderr.destroy();
}
