import { describe, expect, it } from 'vitest';
import { QueryController, sameDeps } from '../../../../src/renderer/src/lab/query';
import { LabApiError } from '../../../../src/shared/http-client';

/** A promise the test settles by hand, to order answers as a slow network would. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('QueryController', () => {
  it('goes loading → data, notifying subscribers', async () => {
    const q = new QueryController<number>();
    let calls = 0;
    q.subscribe(() => calls++);
    const d = deferred<number>();
    q.run(() => d.promise);
    expect(q.getSnapshot()).toEqual({ data: undefined, error: null, loading: true });
    d.resolve(7);
    await settle();
    expect(q.getSnapshot()).toEqual({ data: 7, error: null, loading: false });
    expect(calls).toBe(2);
  });

  it('keeps only the latest fetch: an earlier answer arriving last is dropped', async () => {
    const q = new QueryController<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    q.run(() => first.promise);
    q.run(() => second.promise);
    second.resolve('new');
    await settle();
    first.resolve('old');
    await settle();
    expect(q.getSnapshot().data).toBe('new');
  });

  it('drops the answer after cancel (unmount or arguments changed) and stops loading', async () => {
    const q = new QueryController<string>();
    const d = deferred<string>();
    q.run(() => d.promise);
    q.cancel();
    expect(q.getSnapshot().loading).toBe(false);
    d.resolve('late');
    await settle();
    expect(q.getSnapshot().data).toBeUndefined();
  });

  it('drops a failure after cancel too', async () => {
    const q = new QueryController<string>();
    const d = deferred<string>();
    q.run(() => d.promise);
    q.cancel();
    d.reject(new Error('late failure'));
    await settle();
    expect(q.getSnapshot().error).toBeNull();
  });

  it('describes a failure (with the API error code) and keeps the earlier data beside it', async () => {
    const q = new QueryController<string>();
    q.run(() => Promise.resolve('first'));
    await settle();
    q.run(() => Promise.reject(new LabApiError(404, { code: 'not-found', message: 'No run abc.' })));
    await settle();
    expect(q.getSnapshot()).toEqual({ data: 'first', error: { message: 'No run abc.', code: 'not-found' }, loading: false });
    q.run(() => Promise.resolve('again'));
    await settle();
    expect(q.getSnapshot().error).toBeNull();
  });

  it('turns a fetch that throws synchronously into an error, not a crash', async () => {
    const q = new QueryController<string>();
    q.run(() => {
      throw new Error('bad arguments');
    });
    await settle();
    expect(q.getSnapshot().error?.message).toBe('bad arguments');
  });

  it('reset forgets the previous arguments’ data while the new answer is on its way', async () => {
    const q = new QueryController<string>();
    q.run(() => Promise.resolve('run A'));
    await settle();
    const d = deferred<string>();
    q.run(() => d.promise, { reset: true });
    expect(q.getSnapshot().data).toBeUndefined();
    q.run(() => Promise.resolve('run B'));
    await settle();
    expect(q.getSnapshot().data).toBe('run B');
  });

  it('merges an answer with data set meanwhile (live rows are not lost to a slower fetch)', async () => {
    const q = new QueryController<number[]>();
    const d = deferred<number[]>();
    q.run(() => d.promise, { merge: (cur, answer) => [...new Set([...(cur ?? []), ...answer])].sort() });
    q.setData((cur) => [...(cur ?? []), 3]);
    d.resolve([1, 2]);
    await settle();
    expect(q.getSnapshot().data).toEqual([1, 2, 3]);
  });

  it('tells onData of kept answers only', async () => {
    const q = new QueryController<string>();
    const seen: string[] = [];
    const first = deferred<string>();
    q.run(() => first.promise, { onData: (v) => seen.push(v) });
    q.run(() => Promise.resolve('kept'), { onData: (v) => seen.push(v) });
    first.resolve('dropped');
    await settle();
    expect(seen).toEqual(['kept']);
  });

  it('setData with the same value does not notify', () => {
    const q = new QueryController<number>();
    let calls = 0;
    q.subscribe(() => calls++);
    q.setData(1);
    q.setData(1);
    q.setData((n) => n ?? 0);
    expect(calls).toBe(1);
  });

  it('starts loading when asked to (an enabled query shows "loading" on its first render)', () => {
    expect(new QueryController(true).getSnapshot().loading).toBe(true);
    expect(new QueryController().getSnapshot().loading).toBe(false);
  });

  it('unsubscribed listeners are not called', async () => {
    const q = new QueryController<number>();
    let calls = 0;
    const off = q.subscribe(() => calls++);
    off();
    q.run(() => Promise.resolve(1));
    await settle();
    expect(calls).toBe(0);
  });
});

describe('sameDeps', () => {
  it('compares item by item with Object.is', () => {
    expect(sameDeps(['a', 1], ['a', 1])).toBe(true);
    expect(sameDeps(['a', 1], ['a', 2])).toBe(false);
    expect(sameDeps(['a'], ['a', 1])).toBe(false);
    expect(sameDeps([NaN], [NaN])).toBe(true);
    expect(sameDeps([{}], [{}])).toBe(false);
  });
});
