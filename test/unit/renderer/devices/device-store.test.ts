import { describe, expect, it, vi } from 'vitest';
import type { LabEventName, LabEvents } from '../../../../src/shared/contract';
import type { DeviceSummary } from '../../../../src/shared/devices';
import { DeviceStore, type DeviceStoreClient } from '../../../../src/renderer/src/devices/device-store';
import { LabInfoStore } from '../../../../src/renderer/src/app/lab-info-store';
import { LabApiError } from '../../../../src/shared/http-client';
import { makeDevice, makeStatus } from '../fixtures/devices';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeLab(list: () => Promise<DeviceSummary[]>) {
  const listeners = new Map<LabEventName, Set<(p: never) => void>>();
  const client = {
    devices: { list: vi.fn(list) },
    on<E extends LabEventName>(event: E, l: (p: LabEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(l as (p: never) => void);
      return () => set.delete(l as (p: never) => void);
    },
  } as unknown as DeviceStoreClient;
  const emit = <E extends LabEventName>(event: E, payload: LabEvents[E]) => {
    for (const l of listeners.get(event) ?? []) (l as (p: LabEvents[E]) => void)(payload);
  };
  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { client, emit, count };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('DeviceStore', () => {
  it('loads on first subscribe, applies events, stops on last unsubscribe', async () => {
    const lab = fakeLab(async () => [makeDevice({ serial: 'a' })]);
    const store = new DeviceStore(lab.client);
    expect(store.getSnapshot().devices).toBeNull();
    const onChange = vi.fn();
    const off = store.subscribe(onChange);
    await flush();
    expect(store.getSnapshot().devices!.map((d) => d.serial)).toEqual(['a']);
    expect(onChange).toHaveBeenCalled();

    lab.emit('devices.status', makeStatus({ serial: 'a', at: 99_000, batteryLevel: 12 }));
    expect(store.getSnapshot().devices![0]!.status!.batteryLevel).toBe(12);

    lab.emit('devices.changed', [makeDevice({ serial: 'a' }), makeDevice({ serial: 'b' })]);
    expect(store.getSnapshot().devices).toHaveLength(2);

    expect(lab.count()).toBe(2);
    off();
    expect(lab.count()).toBe(0);
  });

  it('a slow list answer never overwrites a newer devices.changed event', async () => {
    const slow = deferred<DeviceSummary[]>();
    const lab = fakeLab(() => slow.promise);
    const store = new DeviceStore(lab.client);
    store.subscribe(() => {});
    lab.emit('devices.changed', [makeDevice({ serial: 'new' })]);
    slow.resolve([makeDevice({ serial: 'old' })]);
    await flush();
    expect(store.getSnapshot().devices!.map((d) => d.serial)).toEqual(['new']);
    expect(store.getSnapshot().loading).toBe(false);
  });

  it('keeps the last list when a refresh fails, with the message', async () => {
    let fail = false;
    const lab = fakeLab(async () => {
      if (fail) throw new LabApiError(503, { code: 'unavailable', message: 'adb server is not running' });
      return [makeDevice()];
    });
    const store = new DeviceStore(lab.client);
    store.subscribe(() => {});
    await flush();
    fail = true;
    await store.refresh();
    expect(store.getSnapshot().error).toBe('adb server is not running');
    expect(store.getSnapshot().devices).toHaveLength(1);
  });

  it('upserts a reprobed device', async () => {
    const lab = fakeLab(async () => [makeDevice({ serial: 'a', lastSeen: 1 })]);
    const store = new DeviceStore(lab.client);
    store.subscribe(() => {});
    await flush();
    store.upsert(makeDevice({ serial: 'a', lastSeen: 5, error: 'probe failed' }));
    store.upsert(makeDevice({ serial: 'z' }));
    const list = store.getSnapshot().devices!;
    expect(list.map((d) => d.serial)).toEqual(['a', 'z']);
    expect(list[0]!.error).toBe('probe failed');
  });
});

describe('LabInfoStore', () => {
  it('loads once and reports errors with their code', async () => {
    const info = vi.fn(async () => {
      throw new LabApiError(401, { code: 'unauthorized', message: 'Missing or wrong token' });
    });
    const store = new LabInfoStore({ lab: { info } } as never);
    store.subscribe(() => {});
    store.subscribe(() => {});
    await flush();
    expect(info).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().error).toEqual({ message: 'Missing or wrong token', code: 'unauthorized' });
  });
});
