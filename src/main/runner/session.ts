/**
 * A runner process on a phone: started with `bridge.spawn` from validated command parts, requests as JSON lines on
 * its stdin (never on the command line), results correlated by id, power samples collected as they stream.
 * Garbled or truncated output lines are recorded as warnings, never fatal. A runner that dies with requests
 * pending rejects them with a typed error carrying the exit code and the tail of stderr; a device that goes away
 * rejects them with 'device-disconnected'.
 */
import { EventEmitter } from 'node:events';
import { inDir, sh, withEnv } from '../devices/shell-command';
import type { DeviceBridge, DeviceProcess } from '../devices/types';
import { markEngineResult } from './engine-result';
import { RunnerError } from './errors';
import { LineSplitter, parseRunnerLine } from './protocol';
import type { ErrorMessage, ReadyMessage, ResultMessage, RunnerMessage, SampleMessage } from './protocol';

export const REMOTE_DIR = '/data/local/tmp/aurora';
const STDERR_TAIL = 4000;

export interface RunnerSessionOptions {
  bridge: DeviceBridge;
  serial: string;
  /** Device path of the model folder. */
  modelPath: string;
  /** Fuel-gauge sampler rate; 0 turns it off. */
  sampleHz: number;
  /** Folder holding the runner and the engine library on the device. */
  remoteDir?: string;
  /** The program, relative to remoteDir. Default ./aurora-runner. */
  program?: string;
  /** Extra environment (virtual phones: AURORA_SIM_*). Names and values are quoted by the shell builder. */
  env?: Record<string, string>;
  extraArgs?: string[];
  /** How long the model may take to load. Default 180 s. */
  readyTimeoutMs?: number;
}

export interface SessionEvents {
  sample: [SampleMessage];
  warning: [string];
  message: [RunnerMessage];
  exit: [{ code: number | null; error: RunnerError | null }];
}

interface Pending {
  resolve: (m: RunnerMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
  sentAt: number;
}

export interface CompleteRequest {
  messages: Array<{ role: string; content: string }>;
  options?: Record<string, unknown>;
}

/** The exact command line the runner starts with (exported for tests and for the report). */
export function runnerCommand(opts: Pick<RunnerSessionOptions, 'modelPath' | 'sampleHz' | 'remoteDir' | 'program' | 'env' | 'extraArgs'>) {
  const env = { CACTUS_NO_CLOUD_TELE: '1', CACTUS_DISABLE_CLOUD_HANDOFF: '1', ...(opts.env ?? {}) };
  const program = sh(opts.program ?? './aurora-runner', '--model', opts.modelPath, '--sample-hz', opts.sampleHz, ...(opts.extraArgs ?? []));
  return inDir(opts.remoteDir ?? REMOTE_DIR, withEnv(env, program));
}

export class RunnerSession extends EventEmitter<SessionEvents> {
  ready: ReadyMessage | null = null;
  readonly samples: SampleMessage[] = [];
  readonly warnings: string[] = [];
  #stderr = '';
  #proc: DeviceProcess | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #exited: { code: number | null; error: RunnerError | null } | null = null;
  #exitPromise: Promise<{ code: number | null; error: RunnerError | null }> | null = null;
  #readyWaiter: { resolve: (r: ReadyMessage) => void; reject: (e: Error) => void } | null = null;
  #closing = false;

  private constructor(private readonly opts: RunnerSessionOptions) {
    super();
  }

  /** Starts the runner and resolves once it printed `ready` (the model is loaded). */
  static async start(opts: RunnerSessionOptions): Promise<RunnerSession> {
    const s = new RunnerSession(opts);
    await s.#start();
    return s;
  }

  get stderrTail(): string {
    return this.#stderr.slice(-STDERR_TAIL);
  }

  get exited(): boolean {
    return this.#exited !== null;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  async #start(): Promise<void> {
    const splitter = new LineSplitter();
    const command = runnerCommand(this.opts);
    const readyP = new Promise<ReadyMessage>((resolve, reject) => (this.#readyWaiter = { resolve, reject }));
    readyP.catch(() => {});
    this.#proc = await this.opts.bridge.spawn(this.opts.serial, command, {
      onStdout: (chunk) => {
        for (const line of splitter.push(chunk)) this.#onLine(line);
      },
      onStderr: (chunk) => {
        this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-STDERR_TAIL * 2);
      },
    });
    // The iterables must be drained, or the queues grow; the callbacks above already saw every chunk.
    void (async () => {
      for await (const _ of this.#proc!.stdout) void _;
    })();
    void (async () => {
      for await (const _ of this.#proc!.stderr) void _;
    })();
    this.#exitPromise = this.#proc.exit.then(async (code) => {
      const rest = splitter.end();
      if (rest !== null) this.#onLine(rest);
      const error = await this.#exitError(code);
      this.#exited = { code, error };
      this.#failAll(error ?? new RunnerError('runner-crashed', 'The runner exited while a request was pending.', { exitCode: code, stderrTail: this.stderrTail }));
      this.emit('exit', this.#exited);
      return this.#exited;
    });
    const timeoutMs = this.opts.readyTimeoutMs ?? 180_000;
    const timer = setTimeout(() => {
      this.#readyWaiter?.reject(new RunnerError('timeout', `The runner did not load ${this.opts.modelPath} within ${Math.round(timeoutMs / 1000)} s.`, { stderrTail: this.stderrTail }));
    }, timeoutMs);
    try {
      this.ready = await readyP;
    } catch (err) {
      await this.kill();
      throw err;
    } finally {
      clearTimeout(timer);
      this.#readyWaiter = null;
    }
  }

  /** Why the process ended, as a typed error (null for a clean quit). */
  async #exitError(code: number | null): Promise<RunnerError | null> {
    const tail = this.stderrTail;
    if (this.#closing && (code === 0 || code === null)) return null;
    if (code === 0 && this.#pending.size === 0 && this.ready) return null;
    if (code === null) {
      // No exit status: the adb stream broke. Is the device still there?
      const alive = await this.opts.bridge
        .shell(this.opts.serial, sh('true'), { timeoutMs: 3000 })
        .then(() => true)
        .catch(() => false);
      if (!alive) {
        return new RunnerError('device-disconnected', `Lost ${this.opts.serial} while the runner was running (unplugged, or the network link dropped). Results stored so far are kept.`, { exitCode: null, stderrTail: tail });
      }
      return new RunnerError('runner-crashed', 'The runner was killed (no exit status).', { exitCode: null, stderrTail: tail });
    }
    if (!this.ready) {
      const initError = this.warnings.find((w) => w.startsWith('runner error:'));
      return new RunnerError('runner-init-failed', `The runner could not start (exit ${code})${initError ? `: ${initError.slice('runner error: '.length)}` : ''}${tail ? `. stderr: ${tail.trim().slice(-500)}` : ''}`, { exitCode: code, stderrTail: tail });
    }
    const signal = code > 128 ? ` (signal ${code - 128}${code === 134 ? ', SIGABRT' : code === 139 ? ', SIGSEGV' : code === 137 ? ', SIGKILL' : ''})` : '';
    return new RunnerError('runner-crashed', `The runner died with exit code ${code}${signal}${tail ? `; stderr: ${tail.trim().slice(-500)}` : ''}`, { exitCode: code, stderrTail: tail });
  }

  #failAll(err: Error): void {
    for (const [id, p] of this.#pending) {
      if (p.timer) clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(err);
    }
    this.#readyWaiter?.reject(err);
  }

  #warn(text: string): void {
    this.warnings.push(text);
    this.emit('warning', text);
  }

  #onLine(line: string): void {
    const parsed = parseRunnerLine(line);
    if (!parsed) return;
    if (parsed.kind === 'garbage') {
      this.#warn(`ignored a runner output line (${parsed.reason}): ${parsed.line}`);
      return;
    }
    const m = parsed.message;
    this.emit('message', m);
    switch (m.type) {
      case 'sample':
        this.samples.push(m as SampleMessage);
        this.emit('sample', m as SampleMessage);
        return;
      case 'ready':
        this.#readyWaiter?.resolve(m as ReadyMessage);
        return;
      case 'warning':
        this.#warn(`runner: ${(m as { warning: string }).warning}`);
        return;
      case 'bye':
        return;
      case 'error': {
        const e = m as ErrorMessage;
        const p = typeof e.id === 'number' ? this.#pending.get(e.id) : undefined;
        if (p) {
          this.#settle(e.id as number);
          p.reject(new RunnerError('request-failed', `The runner refused the request: ${e.error}${e.engine_error ? ` (engine: ${e.engine_error})` : ''}`));
        } else {
          this.#warn(`runner error: ${e.error}${e.engine_error ? ` (engine: ${e.engine_error})` : ''}`);
        }
        return;
      }
      default: {
        const id = (m as { id?: unknown }).id;
        const p = typeof id === 'number' ? this.#pending.get(id) : undefined;
        if (p) {
          this.#settle(id as number);
          p.resolve(m);
        } else if (m.type === 'result') {
          this.#warn(`a result for an unknown request id ${JSON.stringify(id)} was ignored`);
        }
      }
    }
  }

  #settle(id: number): void {
    const p = this.#pending.get(id);
    if (p?.timer) clearTimeout(p.timer);
    this.#pending.delete(id);
  }

  /**
   * Sends one request line and resolves with its reply (matched by id). The runner answers requests one at a time,
   * in order, so a request written while another runs waits in its stdin: `queuedBehind` (the reply it waits
   * behind) starts its timeout when that one settles, not when it was written.
   */
  async request(body: Record<string, unknown>, timeoutMs = 600_000, queuedBehind?: Promise<unknown>): Promise<RunnerMessage> {
    if (this.#exited) throw this.#exited.error ?? new RunnerError('runner-crashed', 'The runner has exited.');
    if (!this.#proc) throw new RunnerError('runner-crashed', 'The runner is not running.');
    const id = this.#nextId++;
    const line = `${JSON.stringify({ ...body, id })}\n`;
    const reply = new Promise<RunnerMessage>((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: null, sentAt: Date.now() };
      const arm = () => {
        if (timeoutMs <= 0 || this.#pending.get(id) !== pending) return;
        pending.timer = setTimeout(() => {
          this.#pending.delete(id);
          reject(new RunnerError('timeout', `The runner did not answer request ${id} within ${Math.round(timeoutMs / 1000)} s.`, { stderrTail: this.stderrTail }));
        }, timeoutMs);
      };
      this.#pending.set(id, pending);
      if (queuedBehind) queuedBehind.then(arm, arm);
      else arm();
    });
    try {
      await this.#proc.write(line);
    } catch (err) {
      this.#settle(id);
      throw new RunnerError('device-disconnected', `Could not send the request to the runner on ${this.opts.serial}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return reply;
  }

  async complete(req: CompleteRequest, timeoutMs?: number, queuedBehind?: Promise<unknown>): Promise<ResultMessage> {
    const m = await this.request({ type: 'complete', messages: req.messages, options: req.options ?? {} }, timeoutMs, queuedBehind);
    if (m.type !== 'result') throw new RunnerError('request-failed', `Expected a result, got a ${m.type} line.`);
    return markEngineResult(m as ResultMessage);
  }

  /** Resolves when the process has exited (with the reason). */
  waitExit(): Promise<{ code: number | null; error: RunnerError | null }> {
    return this.#exitPromise ?? Promise.resolve({ code: null, error: null });
  }

  /** Asks the runner to quit; kills it if it does not within `timeoutMs`. */
  async close(timeoutMs = 5000): Promise<void> {
    if (!this.#proc || this.#exited) return;
    this.#closing = true;
    await this.#proc.write('{"type":"quit"}\n').catch(() => {});
    const done = await Promise.race([this.waitExit().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
    if (!done) await this.kill();
  }

  async kill(): Promise<void> {
    this.#closing = true;
    await this.#proc?.kill().catch(() => {});
  }
}
