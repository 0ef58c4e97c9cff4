/**
 * Heavy computations (router profile builds, comparison groups) on a worker thread, so the lab's event loop keeps
 * serving the UI, the API and live device status while they run. One worker per job: cancelling terminates it,
 * and since a job only returns a value (the caller stores it), nothing half-done is ever stored.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LabError } from '../api/lab-error';
import { RoutingError, type RoutingErrorCode } from '../routing/errors';
import type { JobInput, JobKind, JobOutput, JobProgress, WorkerReply, WireError } from './protocol';

/** Thrown (and rejected with) when a job was cancelled: the API maps it to `failed` with this message. */
export class JobCancelledError extends LabError {
  constructor(what: string) {
    super('failed', `${what} cancelled; nothing was stored.`);
    this.name = 'JobCancelledError';
  }
}

/**
 * Under tsx (the CLI) or vitest the worker registers tsx itself and imports the TypeScript entry (as the virtual
 * phone's power clock does); in the built app the bundled worker.js sits beside the main bundle.
 */
function spawn(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true });
  }
  const bundled = [new URL('./compute-worker.js', here), new URL('../compute-worker.js', here)].find((u) => existsSync(fileURLToPath(u)));
  if (!bundled) throw new LabError('failed', `The lab's compute-worker.js is missing beside ${fileURLToPath(here)}: rebuild the app (npm run build).`);
  return new Worker(bundled);
}

function fromWire(e: WireError): Error {
  if (e.name === 'RoutingError') return new RoutingError(e.code as RoutingErrorCode, e.message, e.issues ?? []);
  if (e.name === 'LabError') return new LabError(e.code as LabError['code'], e.message, e.issues);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

export interface JobOptions<K extends JobKind> {
  onProgress?: (p: JobProgress<K>) => void;
  /** Aborting terminates the worker; the job rejects with JobCancelledError. */
  signal?: AbortSignal;
  /** What the cancellation message calls the job ("Router profile build"). */
  label: string;
}

/** A worker thread started ahead of its job (its start-up overlaps other work): `run` sends the job, once. */
export interface StartedJob<K extends JobKind> {
  run(input: JobInput<K>): Promise<JobOutput<K>>;
  /** Ends the thread; a job still running rejects with JobCancelledError. */
  cancel(): void;
}

/** Starts a fresh worker thread for one job of `kind`, to be sent later with `run`. */
export function startJob<K extends JobKind>(kind: K, opts: JobOptions<K>): StartedJob<K> {
  const worker = spawn();
  let settled = false;
  let resolveRun: (v: JobOutput<K>) => void = () => undefined;
  let rejectRun: (e: unknown) => void = () => undefined;
  const result = new Promise<JobOutput<K>>((resolve, reject) => {
    resolveRun = resolve;
    rejectRun = reject;
  });
  // A thread cancelled or failed before (or without) `run` has no caller to tell.
  result.catch(() => undefined);
  const finish = (fn: () => void) => {
    if (settled) return;
    settled = true;
    opts.signal?.removeEventListener('abort', onAbort);
    fn();
    void worker.terminate();
  };
  const onAbort = () => finish(() => rejectRun(new JobCancelledError(opts.label)));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  worker.on('message', (m: WorkerReply<K>) => {
    if (m.type === 'progress') {
      if (!settled) opts.onProgress?.(m.progress);
    } else if (m.type === 'done') finish(() => resolveRun(m.output));
    else finish(() => rejectRun(fromWire(m.error)));
  });
  worker.on('error', (err) => finish(() => rejectRun(err)));
  worker.on('exit', (code) => finish(() => rejectRun(new LabError('failed', `${opts.label}: the worker thread stopped (exit code ${code}) before answering.`))));
  let sent = false;
  return {
    run(input) {
      if (sent) return Promise.reject(new Error(`${opts.label}: a started job runs once`));
      sent = true;
      if (!settled) worker.postMessage({ kind, input });
      return result;
    },
    cancel: onAbort,
  };
}

/** Runs one job on a fresh worker thread; resolves with its output. */
export function runJob<K extends JobKind>(kind: K, input: JobInput<K>, opts: JobOptions<K>): Promise<JobOutput<K>> {
  if (opts.signal?.aborted) return Promise.reject(new JobCancelledError(opts.label));
  return startJob(kind, opts).run(input);
}
