/**
 * Per-prompt lab overhead on the REAL engine against the simulated one, in the same run: the lab's wall time for one
 * `complete` (RunnerSession over the real adb server to a virtual phone: shell stream, runner, JSON both ways) minus
 * the engine's own total_time_ms. Two virtual phones side by side: `--engine cactus` (the aarch64 runner and real
 * libcactus.so under qemu-aarch64, the tiny model) and the default one (host runner, simulated engine). Deploys
 * and loads are outside the figure. Then the on-device gap between prompts written sequentially against pipelined
 * (one request ahead, as the lab measures), on both engines. Skipped (with a line) without the real-engine build
 * or qemu.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Lab } from '../../src/main/lab/lab';
import { findRunnerArtifacts, simulatedEngineEnv } from '../../src/main/runner/artifacts';
import { deploy, deploymentFiles } from '../../src/main/runner/deploy';
import { registerLocalModel } from '../../src/main/runner/local-models';
import { resolveModel } from '../../src/main/runner/models';
import type { ResultMessage } from '../../src/main/runner/protocol';
import { REMOTE_DIR, RunnerSession } from '../../src/main/runner/session';
import { startVirtualPhone, type VirtualPhone } from '../../src/main/virtual-phone';
import { engineSkipReason, TINY_MODEL } from '../../test/integration/engine/engine-harness';
import { median, percentile } from '../measure/_phone';

process.env.ANDROID_ADB_SERVER_PORT ??= '5139';
const N = 40;
const root = resolve(import.meta.dirname, '../..');

async function session(lab: Lab, phone: VirtualPhone, model: string): Promise<RunnerSession> {
  const facts = lab.services.devices.find(phone.address)!.facts!;
  const artifacts = await findRunnerArtifacts(facts, { resourcesDir: join(root, 'resources', 'runner') });
  const m = resolveModel(model, { home: lab.home, simulated: artifacts.simulated });
  await deploy(lab.services.devices.bridge, phone.address, await deploymentFiles(artifacts, m));
  const env = artifacts.simulated ? simulatedEngineEnv(facts, { AURORA_SIM_TIME_SCALE: '0.05' }) : {};
  return RunnerSession.start({ bridge: lab.services.devices.bridge, serial: phone.address, modelPath: `${REMOTE_DIR}/models/${m.id}`, sampleHz: 0, env });
}

/** One prompt: the lab's wall time minus the engine's own total_time_ms (null when the engine gave none). */
async function overhead(s: RunnerSession, i: number): Promise<{ over: number; engine: number; runner: number } | null> {
  const t0 = performance.now();
  const r = await s.complete(ask(i));
  const wall = performance.now() - t0;
  return typeof r.total_time_ms === 'number' ? { over: wall - r.total_time_ms, engine: r.total_time_ms, runner: r.t_end_ms - r.t_start_ms - r.total_time_ms } : null;
}

const ask = (i: number) => ({ messages: [{ role: 'user', content: `Q${i}: what is ${i} times 3? Answer with A, B, C or D.` }], options: { max_tokens: 8 } });

/**
 * The on-device gap between consecutive prompts (t_start of one - t_end of the one before), `n` prompts written
 * either each after the previous reply (sequential: the lab's round trip is in the gap) or one ahead (pipelined,
 * as the lab measures: the next request already waits in the runner's stdin).
 */
async function gaps(s: RunnerSession, n: number, pipelined: boolean): Promise<number[]> {
  const replies: Array<Promise<ResultMessage>> = [];
  for (let i = 0; i < n; i++) {
    const behind = replies.at(-1);
    if (!pipelined && behind) await behind;
    if (pipelined && replies.length >= 2) await replies.at(-2);
    replies.push(s.complete(ask(i), 600_000, pipelined ? behind : undefined));
  }
  const rs = await Promise.all(replies);
  return rs.slice(1).map((r, i) => r.t_start_ms - rs[i]!.t_end_ms);
}

const skip = engineSkipReason();
if (skip) {
  console.log(`lab overhead on the real engine: skipped (${skip})`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-bench-engine-overhead-'));
  const real = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: join(dir, 'real'), engine: 'cactus' });
  const sim = await startVirtualPhone({ port: 0, vendor: 'pixel', stateDir: join(dir, 'sim') });
  const lab = new Lab({ host: 'cli', home: join(dir, 'home'), pollIntervalMs: 5000 });
  try {
    await lab.start();
    for (const p of [real, sim]) await lab.services.devices.connect(p.address);
    const deadline = Date.now() + 30_000;
    while (![real, sim].every((p) => lab.services.devices.find(p.address)?.facts) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await registerLocalModel(lab.home, 'tiny', TINY_MODEL);
    const sessions = [await session(lab, real, 'tiny'), await session(lab, sim, 'gemma-270m')];
    // interleaved, prompt by prompt, so both engines see the same machine load (it is shared)
    const r = { over: [] as number[], engine: [] as number[], runner: [] as number[] };
    const s = { over: [] as number[], engine: [] as number[], runner: [] as number[] };
    try {
      for (let i = 0; i < N + 3; i++) {
        for (const [k, acc] of [r, s].entries()) {
          const o = await overhead(sessions[k]!, i);
          if (i >= 3 && o) {
            acc.over.push(o.over);
            acc.runner.push(o.runner);
            acc.engine.push(o.engine);
          }
        }
      }
      // The turnaround the phone sees, sequential against pipelined, in alternating blocks on each engine.
      const gap = [0, 1].map(() => ({ seq: [] as number[], pipe: [] as number[] }));
      for (let block = 0; block < 4; block++) {
        for (const [k, g] of gap.entries()) {
          g.seq.push(...(await gaps(sessions[k]!, 10, false)));
          g.pipe.push(...(await gaps(sessions[k]!, 10, true)));
        }
      }
      for (const [k, name] of ['real engine', 'simulated engine'].entries()) {
        const g = gap[k]!;
        console.log(`${name}: on-device gap between prompts, sequential median ${median(g.seq).toFixed(2)} ms (p90 ${percentile(g.seq, 0.9).toFixed(2)}), pipelined median ${median(g.pipe).toFixed(2)} ms (p90 ${percentile(g.pipe, 0.9).toFixed(2)}), n=${g.seq.length} each`);
      }
    } finally {
      for (const x of sessions) await x.close();
    }
    // Of the overhead, the runner's own part: its t_end - t_start beyond the engine's total_time_ms (the context
    // check's tokenizing before the engine runs, the reply's JSON after).
    const line = (name: string, x: { over: number[]; engine: number[]; runner: number[] }) =>
      `${name}: lab overhead per prompt median ${median(x.over).toFixed(1)} ms (p90 ${percentile(x.over, 0.9).toFixed(1)} ms), of it in the runner (t_end - t_start - total_time_ms) median ${median(x.runner).toFixed(2)} ms, engine total_time_ms median ${median(x.engine).toFixed(1)} ms, n=${x.over.length}`;
    console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (shared machine)`);
    console.log(line('real engine (cactus/v1.14 under qemu, tiny model)', r));
    console.log(line('simulated engine (host, gemma-270m, time scale 0.05)', s));
    console.log(`overhead ratio real / simulated: ${(median(r.over) / median(s.over)).toFixed(2)} (medians; interleaved in one run, same adb server)`);
  } finally {
    for (const p of [real, sim]) await lab.services.devices.disconnect(p.address).catch(() => {});
    await lab.close();
    await real.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
