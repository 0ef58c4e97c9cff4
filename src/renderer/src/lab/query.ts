/**
 * The state machine behind `useLabQuery`, free of React so it is unit-tested in node: one query's data, error and
 * loading flag. Every fetch gets a generation number and only the answer of the latest one is kept: an answer that
 * arrives after the arguments changed, after a newer fetch started, or after the page unmounted is dropped.
 */
import { describeError, type ShownError } from './errors';

export interface QueryState<T> {
  /** The last answer; undefined before the first one (and after the arguments changed, unless kept). */
  data: T | undefined;
  /** Why the last fetch failed; cleared by the next success. Earlier data stays next to it. */
  error: ShownError | null;
  /** A fetch is in flight. */
  loading: boolean;
}

export interface RunOptions<T> {
  /** Forget the data and error of earlier arguments when this fetch starts. */
  reset?: boolean;
  /** Combine the answer with the data held now (live events merged meanwhile) instead of replacing it. */
  merge?: (current: T | undefined, answer: T) => T;
  /** Told of an answer that was kept (never of a dropped one). */
  onData?: (answer: T) => void;
}

export type DataUpdate<T> = T | undefined | ((current: T | undefined) => T | undefined);

export class QueryController<T> {
  private state: QueryState<T>;
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(loading = false) {
    this.state = { data: undefined, error: null, loading };
  }

  getSnapshot = (): QueryState<T> => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Starts a fetch; whatever an earlier fetch answers from now on is ignored. */
  run(fetch: () => Promise<T>, opts: RunOptions<T> = {}): void {
    const generation = ++this.generation;
    this.set(opts.reset ? { data: undefined, error: null, loading: true } : { ...this.state, loading: true });
    let answer: Promise<T>;
    try {
      answer = fetch();
    } catch (e) {
      answer = Promise.reject(e);
    }
    answer.then(
      (value) => {
        if (generation !== this.generation) return;
        this.set({ data: opts.merge ? opts.merge(this.state.data, value) : value, error: null, loading: false });
        opts.onData?.(value);
      },
      (e: unknown) => {
        if (generation !== this.generation) return;
        this.set({ ...this.state, error: describeError(e), loading: false });
      },
    );
  }

  /** Drops the answer of the fetch in flight (the arguments changed, or the page went away). */
  cancel(): void {
    this.generation++;
    if (this.state.loading) this.set({ ...this.state, loading: false });
  }

  /** Data changed here rather than by a fetch (a live event, an action's answer). */
  setData(update: DataUpdate<T>): void {
    const data = typeof update === 'function' ? (update as (current: T | undefined) => T | undefined)(this.state.data) : update;
    if (data !== this.state.data) this.set({ ...this.state, data });
  }

  private set(next: QueryState<T>): void {
    const s = this.state;
    if (s.data === next.data && s.error === next.error && s.loading === next.loading) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}

/** Whether two dependency lists name the same arguments (React's own comparison: `Object.is` item by item). */
export function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
