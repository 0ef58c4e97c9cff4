/**
 * Test harness for resources/runner: builds the host runner + simulated engine into a temp folder and drives
 * the real process over its JSON-lines protocol.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNNER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/runner');
export const MODELS_DIR = path.join(RUNNER_DIR, 'models');
/** Where models live on the (virtual) phone. */
export const PHONE_MODELS = '/data/local/tmp/aurora/models';
export const POWER_DIR = '/sys/class/power_supply/battery';

export interface RunnerLine {
  type: string;
  id?: unknown;
  [key: string]: unknown;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `make host` into a fresh temp folder; returns the folder holding aurora-runner and libcactus_sim.so. */
export function buildHostRunner(): { binDir: string; log: string } {
  const binDir = mkdtempSync(path.join(tmpdir(), 'aurora-runner-build-'));
  const log = execFileSync('make', ['-C', RUNNER_DIR, 'host', `OUT=${binDir}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { binDir, log };
}

export interface FakePhoneOptions {
  models?: string[];
  /** Power supply files to create (name -> content); omitted ones are missing. */
  power?: Record<string, string>;
}

/** A folder standing for the phone's "/": models under PHONE_MODELS, fuel-gauge files under POWER_DIR. */
export function makeFakePhone(opts: FakePhoneOptions = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aurora-phone-'));
  const models = path.join(root, PHONE_MODELS);
  mkdirSync(models, { recursive: true });
  for (const id of opts.models ?? []) cpSync(path.join(MODELS_DIR, id), path.join(models, id), { recursive: true });
  const power = path.join(root, POWER_DIR);
  mkdirSync(power, { recursive: true });
  for (const [name, content] of Object.entries(opts.power ?? {})) writeFileSync(path.join(power, name), content);
  return root;
}

export interface StartOptions {
  binDir: string;
  model: string;
  args?: string[];
  env?: Record<string, string>;
  /** How to start the program (e.g. under qemu-aarch64); default: run it directly. */
  wrap?: (program: string, args: string[]) => { command: string; argv: string[] };
}

export class RunnerProcess {
  readonly lines: RunnerLine[] = [];
  /** stdout lines that were not valid JSON objects: must stay empty. */
  readonly badLines: string[] = [];
  stderr = '';
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | null = null;
  private readonly proc: ChildProcessWithoutNullStreams;
  private partial = '';
  private listeners: Array<() => void> = [];

  constructor(opts: StartOptions) {
    const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
    const program = path.join(opts.binDir, 'aurora-runner');
    const args = ['--model', opts.model, ...(opts.args ?? [])];
    const { command, argv } = opts.wrap ? opts.wrap(program, args) : { command: program, argv: args };
    this.proc = spawn(command, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => this.onData(chunk));
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.proc.stdin.on('error', () => undefined); // EPIPE after the runner died: the tests look at exit info
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        this.exitInfo = { code, signal };
        this.notify();
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  private onData(chunk: string): void {
    this.partial += chunk;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const text = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && typeof (parsed as RunnerLine).type === 'string')
          this.lines.push(parsed as RunnerLine);
        else this.badLines.push(text);
      } catch {
        this.badLines.push(text);
      }
    }
    this.notify();
  }

  private notify(): void {
    const ls = this.listeners;
    this.listeners = [];
    for (const l of ls) l();
  }

  send(request: object | string | Buffer): void {
    if (Buffer.isBuffer(request)) this.proc.stdin.write(Buffer.concat([request, Buffer.from('\n')]));
    else this.proc.stdin.write(`${typeof request === 'string' ? request : JSON.stringify(request)}\n`);
  }

  /** The first line (from index `from`) matching pred, waiting for it up to timeoutMs. */
  waitFor(pred: (l: RunnerLine) => boolean, timeoutMs = 20_000, from = 0): Promise<RunnerLine> {
    return new Promise((resolve, reject) => {
      let idx = from;
      const timer = setTimeout(() => {
        reject(new Error(`timed out; last lines: ${JSON.stringify(this.lines.slice(-5))}; stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const check = (): void => {
        for (; idx < this.lines.length; idx++) {
          const l = this.lines[idx];
          if (l && pred(l)) {
            clearTimeout(timer);
            resolve(l);
            return;
          }
        }
        if (this.exitInfo) {
          clearTimeout(timer);
          reject(new Error(`runner exited (${JSON.stringify(this.exitInfo)}); stderr: ${this.stderr.slice(-500)}`));
          return;
        }
        this.listeners.push(check);
      };
      check();
    });
  }

  ready(timeoutMs = 20_000): Promise<RunnerLine> {
    return this.waitFor((l) => l.type === 'ready' || (l.type === 'error' && l.id === null), timeoutMs);
  }

  /** Sends a request with an id and waits for the reply with that id (samples and warnings skipped). */
  async request(req: { id: unknown; type: string; [k: string]: unknown }, timeoutMs = 20_000): Promise<RunnerLine> {
    const from = this.lines.length;
    this.send(req);
    const want = JSON.stringify(req.id);
    return this.waitFor((l) => l.type !== 'sample' && l.type !== 'warning' && JSON.stringify(l.id) === want, timeoutMs, from);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.proc.kill(signal);
  }

  /** Closes stdin (EOF) and waits for the exit. */
  async close(): Promise<ExitInfo> {
    this.proc.stdin.end();
    return this.exited;
  }

  ofType(type: string): RunnerLine[] {
    return this.lines.filter((l) => l.type === type);
  }
}

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number, ticksPerSecond = 100): number {
  const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' });
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ": state is field 3 -> index 0, utime field 14 -> index 11, stime field 15 -> index 12
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * Time a process's threads were runnable, in ms: on a CPU plus waiting on a run queue (/proc/<pid>/task/<tid>/schedstat,
 * summed over threads alive at the read). A thread that computes is runnable all along however busy the host is;
 * one that sleeps is not. So this tells busy work from sleep where CPU time alone cannot (a loaded host's CPU share).
 * Null where the kernel keeps no schedstats.
 */
export function runnableMs(pid: number): number | null {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      ns += run! + wait!;
    }
  } catch {
    return null;
  }
  return ns / 1e6;
}

/** Pulls the answer letter out of a reply the way a lenient grader would; null when it can't. */
export function parseAnswerLetter(reply: string): string | null {
  const m =
    /answer is \(?([A-D])\)?/i.exec(reply) ??
    /^answer:\s*\(?([a-d])\)?/i.exec(reply) ??
    /^\**\(?([A-D])\)?\**(?:[.\s]|$)/.exec(reply);
  return m?.[1] ? m[1].toUpperCase() : null;
}
