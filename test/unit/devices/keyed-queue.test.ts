import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../src/main/devices/keyed-queue';

/** A task that finishes when its `release` is called. */
function gate() {
  let release = () => {};
  const done = new Promise<void>((r) => (release = r));
  return { done, release: () => release() };
}

describe('KeyedQueue', () => {
  it('runs at most `limit` tasks at once, one per key, and the next ones as tasks finish', async () => {
    const q = new KeyedQueue(2);
    const started: string[] = [];
    const gates = new Map(['a', 'b', 'c'].map((k) => [k, gate()]));
    for (const k of ['a', 'b', 'c', 'a']) q.add(k, async () => (started.push(k), gates.get(k)!.done));
    expect(started).toEqual(['a', 'b']);
    expect(q.has('a') && q.has('c')).toBe(true);
    gates.get('a')!.release();
    await gates.get('a')!.done;
    await new Promise<void>((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    expect(q.has('a')).toBe(false);
  });

  it('clear drops what has not started; a failing task frees its slot', async () => {
    const q = new KeyedQueue(1);
    const started: string[] = [];
    const g = gate();
    q.add('x', async () => (started.push('x'), g.done));
    q.add('y', async () => void started.push('y'));
    q.clear();
    expect(q.has('y')).toBe(false);
    g.release();
    await g.done;
    q.add('z', async () => {
      started.push('z');
      throw new Error('boom');
    });
    q.add('w', async () => void started.push('w'));
    await new Promise<void>((r) => setTimeout(r, 10));
    expect(started).toEqual(['x', 'z', 'w']);
  });
});
