/**
 * The one way a page reads from the lab: `useLabQuery((lab) => lab.runs.get({ runId }), [runId])` gives
 * `{ data, error, loading, refetch, setData }`. It fetches on mount and whenever the dependencies change, drops
 * answers that arrive after the arguments changed or the page unmounted, and can follow the lab: refetch on an event
 * (throttled), patch the data held with an event's payload (subscribed before the first fetch, so nothing falls
 * between the answer and the live stream), or refetch on a timer. The dependency list is checked by eslint's
 * exhaustive-deps like an effect's. The state machine is `QueryController` (query.ts, unit-tested); small
 * per-domain hooks (`useRun`, `useSettings`, …) sit on top.
 */
import { useEffect, useEffectEvent, useRef, useState, useSyncExternalStore, type DependencyList } from 'react';
import type { LabClient, LabEventName, LabEvents } from '../../../shared/contract';
import { getLab } from './client';
import { throttled } from './event-pacing';
import { QueryController, sameDeps, type DataUpdate, type QueryState } from './query';

/** Refetch when a lab event arrives (made with `refreshOn`, so `when` is typed by the event). */
export interface RefreshSpec {
  event: LabEventName;
  when?: (payload: never) => boolean;
  /** At most one refetch per this many ms; the last event of a burst always gets one. */
  throttleMs?: number;
}

export function refreshOn<E extends LabEventName>(
  event: E,
  opts: { when?: (payload: LabEvents[E]) => boolean; throttleMs?: number } = {},
): RefreshSpec {
  return { event, ...opts };
}

/** Change the data held when a lab event arrives (made with `patchOn`). */
export interface PatchSpec<T> {
  event: LabEventName;
  apply: (data: T | undefined, payload: never) => T | undefined;
}

export function patchOn<T, E extends LabEventName>(event: E, apply: (data: T | undefined, payload: LabEvents[E]) => T | undefined): PatchSpec<T> {
  return { event, apply };
}

export interface LabQueryOptions<T> {
  /** False: no fetch (and none in flight); the data held stays. Default true. */
  enabled?: boolean;
  /** Keep showing the previous arguments' data until the new answer arrives. Default false. */
  keepPreviousData?: boolean;
  /** Combine an answer with the data held now (e.g. rows that arrived live while it was fetched). */
  merge?: (current: T | undefined, answer: T) => T;
  /** Told of each answer that is kept (not of one dropped because the arguments changed). */
  onData?: (answer: T) => void;
  refreshOn?: RefreshSpec | readonly RefreshSpec[];
  patchOn?: PatchSpec<T> | readonly PatchSpec<T>[];
  /** Refetch every this many ms while enabled. */
  pollMs?: number;
  /** A value whose change means "read again" without changing the arguments (the data held stays meanwhile). */
  refetchOn?: unknown;
}

export interface LabQuery<T> extends QueryState<T> {
  refetch: () => void;
  /** Change the data held (a live event, an action's answer) without fetching. */
  setData: (update: DataUpdate<T>) => void;
}

export function useLabQuery<T>(
  fetch: (lab: LabClient) => Promise<T>,
  deps: DependencyList,
  options: LabQueryOptions<T> = {},
): LabQuery<T> {
  const { enabled = true, keepPreviousData = false, merge, onData, pollMs, refetchOn } = options;
  const [controller] = useState(() => new QueryController<T>(enabled));
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [version, setVersion] = useState(0);
  const lastDeps = useRef<DependencyList | null>(null);

  // Live patches first: React runs effects in order, so this subscription is in place before the fetch starts.
  const patches = toList(options.patchOn);
  const patchKey = patches.map((p) => p.event).join('|');
  const patch = useEffectEvent((i: number, payload: unknown) => {
    const apply = patches[i]?.apply as ((data: T | undefined, p: unknown) => T | undefined) | undefined;
    if (apply) controller.setData((cur) => apply(cur, payload));
  });
  useEffect(() => {
    if (!enabled || patchKey === '') return;
    const lab = getLab();
    const offs = patchKey.split('|').map((event, i) => lab.on(event as LabEventName, (payload) => patch(i, payload)));
    return () => {
      for (const off of offs) off();
    };
  }, [patchKey, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const changed = lastDeps.current !== null && !sameDeps(lastDeps.current, deps);
    lastDeps.current = deps;
    controller.run(() => fetch(getLab()), { reset: changed && !keepPreviousData, merge, onData });
    return () => controller.cancel();
    // The caller's dependencies stand for `fetch`, `merge` and `onData` (checked at the call site); a refetch bumps
    // `version`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version, refetchOn, enabled, controller]);

  const specs = toList(options.refreshOn);
  const specKey = specs.map((s) => `${s.event}:${s.throttleMs ?? 0}`).join('|');
  const wanted = useEffectEvent((i: number, payload: unknown) => {
    const when = specs[i]?.when as ((p: unknown) => boolean) | undefined;
    return when ? when(payload) : true;
  });
  useEffect(() => {
    if (!enabled || specKey === '') return;
    const lab = getLab();
    const parsed = specKey.split('|').map((s) => {
      const at = s.lastIndexOf(':');
      return { event: s.slice(0, at) as LabEventName, throttleMs: Number(s.slice(at + 1)) };
    });
    const pacers = parsed.map((p) => throttled(() => setVersion((v) => v + 1), p.throttleMs));
    const offs = parsed.map((p, i) => lab.on(p.event, (payload) => (wanted(i, payload) ? pacers[i]!.call() : undefined)));
    return () => {
      for (const off of offs) off();
      for (const p of pacers) p.cancel();
    };
  }, [specKey, enabled]);

  useEffect(() => {
    if (!enabled || !pollMs) return;
    const timer = setInterval(() => setVersion((v) => v + 1), pollMs);
    return () => clearInterval(timer);
  }, [enabled, pollMs]);

  const [api] = useState(() => ({
    refetch: () => setVersion((v) => v + 1),
    setData: (update: DataUpdate<T>) => controller.setData(update),
  }));
  return { ...state, ...api };
}

function toList<S extends object>(r: S | readonly S[] | undefined): readonly S[] {
  if (!r) return [];
  return Array.isArray(r) ? r : [r as S];
}
