/**
 * Which lab process runs a campaign: the owner (pid and host) and its heartbeat. Several lab processes may share
 * a lab home (the app and a CLI `profile`); a campaign whose owner is gone (killed, crashed) is marked
 * interrupted at the next start, and `resume` continues it exactly where it stopped.
 */
import { hostname } from 'node:os';
import type { CampaignRepository, Owner } from './repository';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

export class Ownership {
  readonly owner: Owner = { pid: process.pid, host: hostname() };
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly opts: { heartbeatMs?: number; staleMs?: number } = {},
  ) {}

  /** Marks campaigns whose lab process is gone as interrupted. Returns their ids. */
  recover(): string[] {
    return this.campaigns.markInterrupted(isAlive, this.owner.host, this.opts.staleMs ?? 30_000);
  }

  /** Beats for the campaigns `active()` lists while there are any. */
  beat(active: () => string[]): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      const ids = active();
      try {
        this.campaigns.heartbeat(ids, this.owner);
      } catch {
        /* closing */
      }
      if (ids.length === 0) this.stop();
    }, this.opts.heartbeatMs ?? 2000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
