import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every Linux the lab runs on. */
const CLOCK_TICKS_PER_S = 100;

export interface ProcStat {
  pgrp: number;
  /** utime + stime */
  own: number;
  /** cutime + cstime: reaped descendants */
  reaped: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields start after the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text.slice(close + 2).trim().split(/\s+/);
  // f[0] is the state; pgrp, utime, stime, cutime, cstime are fields 5, 14-17 of stat(5).
  const num = (i: number) => Number(f[i]);
  const pgrp = num(2);
  const own = num(11) + num(12);
  const reaped = num(13) + num(14);
  if (![pgrp, own, reaped].every(Number.isFinite)) return null;
  return { pgrp, own, reaped };
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

interface Member {
  pgrp: number;
  own: number;
  reaped: number;
}

/**
 * Real CPU time of everything the phone spawned. Each spawned program leads its own process group; members are
 * rediscovered periodically. A member's time is counted from its own counters while alive; when it dies its
 * total later reappears in its parent's cutime, which is then not counted again (the "departed" credit).
 */
export class ProcessGroupCpu {
  private groups = new Set<number>();
  private members = new Map<number, Member>();
  private departed = new Map<number, number>();
  private totalTicks = 0;
  private lastScan = 0;
  readonly supported: boolean;

  constructor(private readonly scanIntervalMs = 200) {
    let ok = false;
    try {
      readFileSync('/proc/self/stat');
      ok = true;
    } catch {
      ok = false;
    }
    this.supported = ok;
  }

  track(pid: number): void {
    if (!this.supported) return;
    this.groups.add(pid);
    if (!this.members.has(pid)) this.members.set(pid, { pgrp: pid, own: 0, reaped: 0 });
  }

  get activeGroups(): number {
    return this.groups.size;
  }

  /** Cumulative CPU seconds consumed by tracked processes since the phone started. */
  sampleSeconds(nowMs: number): number {
    if (!this.supported || (this.groups.size === 0 && this.members.size === 0)) return this.totalTicks / CLOCK_TICKS_PER_S;
    if (nowMs - this.lastScan >= this.scanIntervalMs && this.groups.size > 0) {
      this.lastScan = nowMs;
      this.discover();
    }
    for (const [pid, m] of this.members) {
      const st = readStat(pid);
      if (!st || !this.groups.has(st.pgrp)) {
        this.members.delete(pid);
        this.departed.set(m.pgrp, (this.departed.get(m.pgrp) ?? 0) + m.own + m.reaped);
        continue;
      }
      const dOwn = Math.max(0, st.own - m.own);
      let dReaped = Math.max(0, st.reaped - m.reaped);
      const available = this.departed.get(st.pgrp) ?? 0;
      const credit = Math.min(dReaped, available);
      dReaped -= credit;
      if (credit > 0) this.departed.set(st.pgrp, available - credit);
      this.totalTicks += dOwn + dReaped;
      m.own = st.own;
      m.reaped = st.reaped;
      m.pgrp = st.pgrp;
    }
    return this.totalTicks / CLOCK_TICKS_PER_S;
  }

  private discover(): void {
    let pids: string[];
    try {
      pids = readdirSync('/proc');
    } catch {
      return;
    }
    const alive = new Set<number>();
    for (const m of this.members.values()) alive.add(m.pgrp);
    for (const name of pids) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      if (this.members.has(pid)) continue;
      const st = readStat(pid);
      if (st && this.groups.has(st.pgrp)) {
        this.members.set(pid, { pgrp: st.pgrp, own: 0, reaped: 0 });
        alive.add(st.pgrp);
      }
    }
    // A group is followed for as long as any of its processes lives, even after the leader exits.
    for (const g of this.groups) {
      if (!alive.has(g)) {
        this.groups.delete(g);
        this.departed.delete(g);
      }
    }
  }
}
