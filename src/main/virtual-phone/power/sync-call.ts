/**
 * Synchronous calls from one thread into a worker: the caller posts the request on a MessagePort, sleeps on a
 * shared Int32 with Atomics.wait, and takes the reply with receiveMessageOnPort once the worker has posted it
 * and flipped the flag. The worker answers from its own event loop, so a call costs a thread wake-up (well
 * under a millisecond on an idle machine) and never waits for the caller's event loop. The caller's port must
 * have no 'message' listener (it would consume the replies).
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

interface Request {
  method: string;
  args: unknown[];
}

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

export class SyncCaller {
  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly what: string,
    private readonly timeoutMs = 30_000,
  ) {}

  call<T>(method: string, ...args: unknown[]): T {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ method, args } satisfies Request);
    const deadline = Date.now() + this.timeoutMs;
    while (Atomics.load(this.flag, 0) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.what}: no answer to ${method} within ${this.timeoutMs / 1000} s (is its thread alive?)`);
      Atomics.wait(this.flag, 0, 0, left);
    }
    const reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!reply) throw new Error(`${this.what}: the answer to ${method} went missing`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as T;
  }
}

/** Serves SyncCaller requests on the worker side, one at a time, in the order they were posted. */
export function serveSyncCalls(port: MessagePort, flag: Int32Array, handlers: Record<string, (...args: never[]) => unknown>): void {
  port.on('message', (req: Request) => {
    let reply: Reply;
    try {
      const handler = handlers[req.method];
      if (!handler) throw new Error(`unknown call ${req.method}`);
      reply = { ok: true, result: (handler as (...args: unknown[]) => unknown)(...req.args) };
    } catch (e) {
      reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}
