/**
 * Every write of one campaign session goes through its guard: in the same transaction as the write, the campaign's
 * fencing token must still be this session's (repository.fenced). When it is not (another lab process resumed the
 * campaign while this one was stopped) or the disk is full, the session halts once: it aborts, tells the user the
 * real cause and what to do, and refuses every later write, so nothing half-done or duplicated is stored.
 */
import type { RunRepository } from '../runs/repository';
import { diskFullMessage, storageFault } from '../store/storage-fault';
import { OwnershipLost, type CampaignRepository } from './repository';

export interface Halt {
  kind: 'ownership-lost' | 'disk-full';
  message: string;
}

/** Thrown instead of any write once the session halted. */
export class SessionHalted extends Error {
  constructor(readonly halt: Halt) {
    super(halt.message);
    this.name = 'SessionHalted';
  }
}

export interface SessionGuard {
  /** Runs `fn` under the fence; a lost token or a full disk halts the session and throws SessionHalted. */
  write<T>(fn: () => T): T;
  /** Halts the session for `err` if it is a lost token or a full disk; true when the session is halted. */
  note(err: unknown): boolean;
  lost(newOwner: OwnershipLost): void;
  readonly halted: Halt | null;
}

export function sessionGuard(opts: { campaigns: CampaignRepository; campaignId: string; token: string; databaseFile: string; onHalt: (h: Halt) => void }): SessionGuard {
  let halted: Halt | null = null;
  const halt = (h: Halt) => {
    if (halted) return;
    halted = h;
    opts.onHalt(h);
  };
  const guard: SessionGuard = {
    get halted() {
      return halted;
    },
    note(err) {
      if (err instanceof SessionHalted) return true;
      if (err instanceof OwnershipLost) halt({ kind: 'ownership-lost', message: err.message });
      const fault = storageFault(err, opts.databaseFile);
      if (fault) halt({ kind: 'disk-full', message: diskFullMessage(fault, `run \`aurora-lab resume ${opts.campaignId}\``) });
      return halted !== null;
    },
    lost(err) {
      halt({ kind: 'ownership-lost', message: err.message });
    },
    write(fn) {
      if (halted) throw new SessionHalted(halted);
      try {
        return opts.campaigns.fenced(opts.campaignId, opts.token, fn);
      } catch (err) {
        if (guard.note(err) && halted) throw new SessionHalted(halted);
        throw err;
      }
    },
  };
  return guard;
}

/** The run repository with every call under the session's guard (reads too: a halted session stops altogether). */
export function guardedRuns(runs: RunRepository, guard: SessionGuard): RunRepository {
  return new Proxy(runs, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]): unknown => guard.write(() => Reflect.apply(v, target, args));
    },
  });
}
