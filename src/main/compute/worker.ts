/**
 * The compute worker's entry (spawned by worker-thread.ts, one job per thread): runs the job it is sent, posts its
 * progress and then its output or its error, rebuilt on the main thread as the same error class.
 */
import { parentPort } from 'node:worker_threads';
import { JOBS } from './jobs';
import { holdAfterProgress } from './test-hold';
import type { JobKind, JobRequest, WireError, WorkerReply } from './protocol';

function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & { code?: unknown; issues?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(Array.isArray(e.issues) ? { issues: e.issues.map((i: { path: string; message: string }) => ({ path: i.path, message: i.message })) } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
  };
}

const port = parentPort;
if (!port) throw new Error('compute worker: started outside a worker thread');
port.once('message', (req: JobRequest) => {
  const post = (m: WorkerReply<JobKind>) => port.postMessage(m);
  const job = JOBS[req.kind] as (input: unknown, progress: (p: unknown) => void) => Promise<unknown>;
  const hold = holdAfterProgress();
  job(req.input, (progress) => {
    post({ type: 'progress', progress } as WorkerReply<JobKind>);
    hold(progress);
  })
    .then((output) => post({ type: 'done', output } as WorkerReply<JobKind>))
    .catch((err: unknown) => post({ type: 'error', error: toWire(err) }));
});
