/**
 * A phone frozen mid-prompt (issue 9): the runner on a real virtual phone (samsung: fuel gauge, sampled by the
 * runner itself) is stopped with SIGSTOP while it works on a prompt and continued 12 s later. Its sampler stops
 * with it, so the prompt's energy window spans a real gap in the meter readings: the prompt is stored with its
 * latency and reply, its energy is flagged (kept out of every energy figure, reason stored and read back) and the
 * run says why; the prompts around it keep their energy.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../src/main/virtual-phone/power/cpu-usage';
import { measuredPhone, usePrivateAdbServer, type MeasuredPhone } from './helpers';

let m: MeasuredPhone;
let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  m = await measuredPhone('samsung');
}, 60_000);

afterAll(async () => {
  await m?.cleanup();
  adbServer?.stop();
});

/** Host pids of the runner the virtual phone started (its executable lives in the phone's file tree). */
function runnerPids(fsRoot: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const exe = readlinkSync(`/proc/${d}/exe`);
      if (exe.startsWith(fsRoot) && exe.endsWith('aurora-runner')) out.push(Number(d));
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

function cpuTicks(pid: number): number {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.own ?? 0;
  } catch {
    return 0;
  }
}

const FREEZE_MS = 12_000;

describe('a runner frozen mid-prompt', () => {
  it('flags the prompt whose energy window spans the meter gap, stores why, and keeps it out of the energy figures', async () => {
    const LONG = 'Tell me a long story about batteries and the chemistry inside them. '.repeat(8);
    const prompts = [{ text: LONG }, { text: LONG }, { text: LONG }];
    let frozen: { pids: number[]; at: number; until: number } | null = null;
    let freezeError: unknown = null;
    const freeze = async () => {
      const deadline = Date.now() + 20_000;
      let pids: number[] = [];
      while (pids.length === 0 && Date.now() < deadline) {
        pids = runnerPids(m.phone.fsRoot);
        if (pids.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
      // Stopped while it works on the prompt: 150 ms of CPU since the prompt was sent is the engine's work (the
      // runner's 20 Hz sampler alone takes a minute to use that much), so the prompt has started and not ended.
      const start = pids.map(cpuTicks);
      while (pids.every((p, i) => cpuTicks(p) < start[i]! + 15) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const p of pids) process.kill(p, 'SIGSTOP');
      frozen = { pids, at: Date.now(), until: 0 };
      await new Promise((r) => setTimeout(r, FREEZE_MS));
      for (const p of pids) process.kill(p, 'SIGCONT');
      frozen.until = Date.now();
    };
    const { done } = await m.lab.services.runs.startQuickRun(
      { serial: m.phone.address, model: 'qwen-600m', prompts, idleBaselineMs: 1500, maxTokens: 120, warmup: false },
      {
        simEnv: { AURORA_SIM_DEVICE_SPEED: '0.5' },
        onPromptSent: (i) => {
          if (i === 1) freeze().catch((e: unknown) => (freezeError = e));
        },
      },
    );
    const o = (await done)!;
    expect(freezeError).toBeNull();
    expect(frozen, 'the runner was stopped').not.toBeNull();
    expect(o.method).toBe('fuel-gauge');
    const stored = m.lab.repositories.results.results(o.runId);
    expect(stored.map((r) => r.ok)).toEqual([true, true, true]);
    const [before, during, after] = stored as [(typeof stored)[0], (typeof stored)[0], (typeof stored)[0]];
    // The frozen prompt: latency and reply kept, energy not a measurement.
    expect(during.totalMs!).toBeGreaterThan(FREEZE_MS * 0.9);
    expect(during.energyJ).toBeNull();
    expect(during.netEnergyJ).toBeNull();
    expect(during.energyPerTokenJ).toBeNull();
    expect(during.energyFlag?.kind).toBe('meter-gap');
    const gapS = Number(/no reading for ([\d.]+) s/.exec(during.energyFlag?.reason ?? '')?.[1]);
    expect(gapS).toBeGreaterThan((FREEZE_MS / 1000) * 0.8);
    expect(during.energyFlag?.energyJ, 'what the window integrated to is kept beside the reason').not.toBeNull();
    // The freeze's gap is charged to the frozen prompt only. Its neighbours are measurements, unless the host's own
    // load starved the runner's sampler for over 5 s in them: a gap of their own, shorter than the freeze.
    for (const r of [before, after]) {
      if (r.energyFlag) {
        expect(r.energyFlag.kind).toBe('meter-gap');
        expect(Number(/no reading for ([\d.]+) s/.exec(r.energyFlag.reason)?.[1])).toBeLessThan((FREEZE_MS / 1000) * 0.8);
      } else expect(r.energyJ!).toBeGreaterThan(0);
    }
    expect(stored.every((r) => r.netEnergyJ === null || r.netEnergyJ >= 0), 'no negative net energy is stored').toBe(true);
    expect(m.lab.repositories.runs.getRun(o.runId)!.warnings.join('\n')).toMatch(/energy window of prompt 2 spans a gap in the meter readings: the fuel gauge gave no reading for/);
    // Out of the figures built on stored rows (router profiles, comparisons).
    const rows = m.lab.repositories.results.measuredRows([o.runId]);
    expect(rows[1]!.energyJ).toBeNull();
  }, 120_000);
});
