/**
 * A request written while another runs waits in the runner's stdin (requests run one at a time): its timeout
 * counts from the reply it queued behind, not from when it was written. A fake bridge stands in for adb and the
 * runner (the real ones are in test/integration/runner and test/integration/runs).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceBridge, DeviceProcess, SpawnOptions } from '../../../src/main/devices/types';
import { RunnerError } from '../../../src/main/runner/errors';
import { RunnerSession } from '../../../src/main/runner/session';

/** A runner that answers only when the test says so. */
function fakeRunner() {
  const written: Array<{ id: number; type: string }> = [];
  let say: (line: string) => void = () => {};
  let exit: (code: number | null) => void = () => {};
  const bridge = {
    spawn: async (_serial: string, _cmd: unknown, opts?: SpawnOptions): Promise<DeviceProcess> => {
      say = (line) => opts?.onStdout?.(Buffer.from(`${line}\n`));
      const exited = new Promise<number | null>((r) => (exit = r));
      queueMicrotask(() => say('{"type":"ready","load_ms":1,"rss_mb":1,"engine":"sim","simulated":true,"runner":"t","model":"m"}'));
      return {
        write: async (data) => {
          for (const l of String(data).split('\n').filter(Boolean)) written.push(JSON.parse(l) as { id: number; type: string });
        },
        closeStdin: async () => {},
        stdout: (async function* () {})(),
        stderr: (async function* () {})(),
        exit: exited,
        kill: async () => exit(null),
      };
    },
    shell: async () => ({ stdout: '', stderr: '', exitCode: 0 }),
  } as unknown as DeviceBridge;
  const result = (id: number) => say(JSON.stringify({ type: 'result', id, ok: true, t_start_ms: 1, t_end_ms: 2, response: 'A' }));
  return { bridge, written, result, exit: (c: number | null) => exit(c) };
}

const ask = { messages: [{ role: 'user', content: 'Q' }] };

describe('RunnerSession: requests queued behind one that runs', () => {
  afterEach(() => vi.useRealTimers());

  it('starts a queued request’s timeout when the reply ahead of it arrives', async () => {
    const r = fakeRunner();
    const s = await RunnerSession.start({ bridge: r.bridge, serial: 'x', modelPath: '/m', sampleHz: 0 });
    vi.useFakeTimers();
    const first = s.complete(ask, 0);
    const second = s.complete(ask, 100, first);
    let secondError: unknown = null;
    second.catch((e: unknown) => (secondError = e));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.written.map((w) => w.id), 'both requests are written at once').toEqual([1, 2]);
    // The first takes long: the second, queued behind it, must not time out meanwhile.
    await vi.advanceTimersByTimeAsync(1000);
    expect(secondError).toBeNull();
    r.result(1);
    await expect(first).resolves.toMatchObject({ id: 1 });
    await vi.advanceTimersByTimeAsync(99);
    expect(secondError).toBeNull();
    await vi.advanceTimersByTimeAsync(2);
    expect(secondError).toBeInstanceOf(RunnerError);
    expect((secondError as RunnerError).code).toBe('timeout');
  });

  it('times an unqueued request from when it was written, and fails every queued request when the runner dies', async () => {
    const r = fakeRunner();
    const s = await RunnerSession.start({ bridge: r.bridge, serial: 'x', modelPath: '/m', sampleHz: 0 });
    vi.useFakeTimers();
    const lone = s.complete(ask, 100);
    const lonely = lone.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(101);
    expect(((await lonely) as RunnerError).code).toBe('timeout');
    vi.useRealTimers();
    const a = s.complete(ask, 1000);
    const b = s.complete(ask, 1000, a);
    const both = Promise.allSettled([a, b]);
    r.exit(139);
    const [ra, rb] = await both;
    expect(ra.status === 'rejected' && (ra.reason as RunnerError).code).toBe('runner-crashed');
    expect(rb.status === 'rejected' && (rb.reason as RunnerError).code).toBe('runner-crashed');
  });
});
