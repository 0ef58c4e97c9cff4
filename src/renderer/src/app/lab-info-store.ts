/** `lab.info` fetched once and shared by the status strip and the Settings page; retried on demand. */
import type { LabClient, LabInfo } from '../../../shared/contract';
import { describeError } from '../lab/errors';

export interface LabInfoSnapshot {
  info: LabInfo | null;
  error: { message: string; code: string | null } | null;
  loading: boolean;
}

export class LabInfoStore {
  private snapshot: LabInfoSnapshot = { info: null, error: null, loading: false };
  private readonly listeners = new Set<() => void>();
  private started = false;

  constructor(private readonly lab: Pick<LabClient, 'lab'>) {}

  getSnapshot = (): LabInfoSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.started) {
      this.started = true;
      void this.reload();
    }
    return () => {
      this.listeners.delete(listener);
    };
  };

  reload = async (): Promise<void> => {
    this.set({ ...this.snapshot, loading: true });
    try {
      const info = await this.lab.lab.info({});
      this.set({ info, error: null, loading: false });
    } catch (e) {
      this.set({ ...this.snapshot, error: describeError(e), loading: false });
    }
  };

  private set(next: LabInfoSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
