/**
 * Which lab process runs a campaign: the owner (pid and host), its heartbeat, and a fencing token. Several lab
 * processes may share a lab home (the app and a CLI `profile`); a campaign whose owner is gone (killed, crashed,
 * or stopped for longer than the heartbeat allows) is marked interrupted at the next start or resume, and `resume`
 * continues it exactly where it stopped under a new token. The process that lost it notices at its next heartbeat
 * or write (repository.fenced), whichever comes first, and stops without writing.
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

/** A whole number of ms from the environment (AURORA_LAB_HEARTBEAT_MS, AURORA_LAB_STALE_MS), else undefined. */
function envMs(name: string): number | undefined {
  const v = process.env[name];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export class Ownership {
  readonly owner: Owner = { pid: process.pid, host: hostname() };
  readonly heartbeatMs: number;
  readonly staleMs: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly campaigns: CampaignRepository,
    opts: { heartbeatMs?: number; staleMs?: number } = {},
  ) {
    // The environment lets a slow shared disk (or a test) move both.
    this.heartbeatMs = opts.heartbeatMs ?? envMs('AURORA_LAB_HEARTBEAT_MS') ?? 2000;
    this.staleMs = opts.staleMs ?? envMs('AURORA_LAB_STALE_MS') ?? 30_000;
  }

  /** Marks campaigns whose lab process is gone as interrupted. Returns their ids. */
  recover(): string[] {
    return this.campaigns.markInterrupted(isAlive, this.owner.host, this.staleMs);
  }

  /** Beats for the campaigns `held()` lists while there are any; `lost(id)` for one whose token was taken. */
  beat(held: () => Array<{ id: string; token: string }>, lost: (id: string) => void): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      const list = held();
      try {
        for (const id of this.campaigns.heartbeat(list)) lost(id);
      } catch {
        /* closing */
      }
      if (list.length === 0) this.stop();
    }, this.heartbeatMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
