import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { buildHostRunner, cpuTimeMs, makeFakePhone, MODELS_DIR, parseAnswerLetter, PHONE_MODELS, RunnerProcess, runnableMs } from './runner-harness';
import type { RunnerLine } from './runner-harness';

let binDir = '';
let phone = '';
const started: RunnerProcess[] = [];

function start(model: string, env: Record<string, string> = {}): RunnerProcess {
  const r = new RunnerProcess({
    binDir,
    model: `${PHONE_MODELS}/${model}`,
    args: ['--sample-hz', '0'],
    env: { AURORA_DEVICE_ROOT: phone, AURORA_SIM_TIME_SCALE: '0.002', ...env },
  });
  started.push(r);
  return r;
}

const SUBJECTS = ['abstract_algebra', 'marketing', 'world_history', 'college_physics', 'nutrition', 'high_school_geography'];

interface Item {
  question: string;
  key: string;
  subject: string;
}

/** Synthetic multiple-choice items, deterministic. */
function items(n: number, seed: number): Item[] {
  const rnd = mulberry32(seed).next;
  const out: Item[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rnd() * 1000);
    const b = Math.floor(rnd() * 1000);
    const opts = [a + b, a + b + 1, a + b - 3, a * 2 + b].map(String);
    out.push({
      question: `Question ${i}: what is ${a} plus ${b}?\nA. ${opts[0]}\nB. ${opts[1]}\nC. ${opts[2]}\nD. ${opts[3]}`,
      key: 'ABCD'[Math.floor(rnd() * 4)]!,
      subject: SUBJECTS[i % SUBJECTS.length]!,
    });
  }
  return out;
}

async function runItems(model: string, qs: Item[], withKey: boolean): Promise<RunnerLine[]> {
  const r = start(model);
  await r.ready();
  qs.forEach((q, i) =>
    r.send({
      id: i,
      type: 'complete',
      messages: [
        { role: 'system', content: 'Answer the multiple-choice question with a single letter.' },
        { role: 'user', content: q.question },
      ],
      options: { max_tokens: 32, temperature: 0, ...(withKey ? { aurora_answer_key: q.key, aurora_subject: q.subject } : {}) },
    }),
  );
  await r.waitFor((l) => l.type === 'result' && l.id === qs.length - 1, 50_000);
  await r.close();
  const results = r.ofType('result');
  expect(results).toHaveLength(qs.length);
  return results;
}

function accuracy(results: RunnerLine[], qs: Item[]): { acc: number; unparsable: number } {
  let correct = 0;
  let unparsable = 0;
  for (const res of results) {
    const letter = parseAnswerLetter(String(res.response));
    if (letter === null) unparsable++;
    if (letter === qs[res.id as number]!.key) correct++;
  }
  return { acc: correct / qs.length, unparsable: unparsable / qs.length };
}

beforeAll(() => {
  binDir = buildHostRunner().binDir;
  phone = makeFakePhone({ models: ['gemma-270m', 'qwen-600m', 'qwen-1.7b'] });
});

afterAll(async () => {
  for (const r of started) if (!r.exitInfo) r.kill('SIGKILL');
  await Promise.all(started.map((r) => r.exited));
  for (const r of started) expect(r.badLines).toEqual([]);
  rmSync(binDir, { recursive: true, force: true });
  rmSync(phone, { recursive: true, force: true });
});

describe('simulated Cactus engine', () => {
  const QS = items(400, 42);

  it('answers multiple choice by an item-response model: bigger is more accurate, both above chance, deterministic', async () => {
    const [small, big, small2] = await Promise.all([
      runItems('gemma-270m', QS, true),
      runItems('qwen-1.7b', QS, true),
      runItems('gemma-270m', QS.slice(0, 60), true),
    ]);
    const s = accuracy(small, QS);
    const b = accuracy(big, QS);
    console.log(`IRT accuracy over ${QS.length} items: gemma-270m ${s.acc.toFixed(3)}, qwen-1.7b ${b.acc.toFixed(3)}; unparsable ${s.unparsable.toFixed(3)} / ${b.unparsable.toFixed(3)}`);
    expect(b.acc - s.acc).toBeGreaterThan(0.15);
    expect(s.acc).toBeGreaterThan(0.27);
    expect(b.acc).toBeGreaterThan(0.45);
    expect(b.acc).toBeLessThan(0.8);
    expect(s.unparsable).toBeLessThan(0.08);
    // a variety of answer formats
    const styles = new Set(big.map((x) => String(x.response).replace(/[A-Da-d]/g, '#').slice(0, 12)));
    expect(styles.size).toBeGreaterThan(4);
    // same seed, same prompt -> same text
    expect(small2.map((x) => x.response)).toEqual(small.slice(0, 60).map((x) => x.response));
  });

  it('guesses without an answer key (~25%)', async () => {
    const res = await runItems('qwen-1.7b', QS, false);
    const { acc } = accuracy(res, QS);
    console.log(`no-key accuracy: ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThan(0.18);
    expect(acc).toBeLessThan(0.32);
  });

  it('scores A-D continuations consistently with its completions', async () => {
    const qs = QS.slice(0, 40);
    const r = start('qwen-600m');
    await r.ready();
    let agree = 0;
    for (const [i, q] of qs.entries()) {
      const options = { aurora_answer_key: q.key, aurora_subject: q.subject };
      const c = await r.request({ id: `c${i}`, type: 'complete', messages: [{ role: 'user', content: q.question }], options });
      const s = await r.request({ id: `s${i}`, type: 'score', prompt: `${q.question}\nAnswer:`, continuations: [' A', ' B', ' C', ' D'], options });
      expect(s.type).toBe('scores');
      const letter = parseAnswerLetter(String(c.response));
      if (letter === null || 'ABCD'[s.best as number] === letter) agree++;
    }
    expect(agree).toBe(qs.length);
    await r.close();
  });

  it('respects max_tokens and burns real CPU for the modelled time (honest to the clock)', async () => {
    // Scale 0.5 (2x the modelled phone): at 0.1 a token's budget (1.5 ms) was below what its real work takes on a
    // third of a core (with both cores busy the engine fell to 369 tok/s of 660), which no honest engine can meet.
    const r = start('qwen-600m', { AURORA_SIM_TIME_SCALE: '0.5' });
    await r.ready();
    const short = await r.request({ id: 1, type: 'complete', messages: [{ role: 'user', content: 'Tell me about phones.' }], options: { max_tokens: 3 } });
    expect(short.decode_tokens).toBeLessThanOrEqual(3);
    expect(short.decode_tokens).toBeGreaterThanOrEqual(1);
    const cpu0 = cpuTimeMs(r.pid);
    const runnable0 = runnableMs(r.pid);
    const wall0 = performance.now();
    const long = await r.request({ id: 2, type: 'complete', messages: [{ role: 'user', content: 'Tell me about energy use on phones.' }], options: { max_tokens: 100 } });
    const cpu = cpuTimeMs(r.pid) - cpu0;
    const runnable1 = runnableMs(r.pid);
    const hostWall = performance.now() - wall0;
    const wall = (long.t_end_ms as number) - (long.t_start_ms as number);
    expect(long.total_time_ms as number).toBeGreaterThan(50);
    // Busy work, not sleep: the engine computes for the whole modelled time, so its thread is runnable (on a CPU or
    // queued for one) all that time, whatever else the host runs; a sleeping engine would be runnable ~0 of it. Its
    // CPU share is the host's business (two busy cores leave it a third), so only "some real CPU" is asked of that.
    if (runnable0 !== null && runnable1 !== null) {
      const runnable = runnable1 - runnable0;
      expect(runnable, `runnable ${runnable.toFixed(0)} ms of the ${wall.toFixed(0)} ms completion (${hostWall.toFixed(0)} ms seen by the host)`).toBeGreaterThan(0.9 * wall);
    } else expect(cpu).toBeGreaterThan(0.25 * wall); // no schedstats: only an idle host can tell
    expect(cpu, `cpu ${cpu} ms over a ${wall.toFixed(0)} ms completion`).toBeGreaterThan(0.05 * wall);
    // reported speeds at scale 0.5 are 2x the modelled phone's (everything stays consistent with elapsed time)
    expect(long.decode_tps as number).toBeGreaterThan(66 * 2 * 0.8);
    expect(long.decode_tps as number).toBeLessThan(66 * 2 * 1.2);
    await r.close();
  });

  it('scales speed with AURORA_SIM_DEVICE_SPEED', async () => {
    const run = async (speed: string): Promise<number> => {
      // Real time (scale 1): the engine keeps each token to its deadline, but on a starved host the work between
      // tokens (streaming each one) can outlast a compressed 0.8 ms deadline and squeeze the ratio; 15 ms it fits in.
      const r = start('qwen-600m', { AURORA_SIM_TIME_SCALE: '1', AURORA_SIM_DEVICE_SPEED: speed });
      await r.ready();
      const res = await r.request({ id: 1, type: 'complete', messages: [{ role: 'user', content: 'Tell me about energy use on phones.' }], options: { max_tokens: 30 } });
      await r.close();
      return res.decode_tps as number;
    };
    const fast = await run('1.0');
    const slow = await run('0.3');
    expect(fast / slow).toBeGreaterThan(2.8); // 1.0 / 0.3 = 3.33, with +-3% jitter per run and scheduling noise
    expect(fast / slow).toBeLessThan(3.9);
  });

  it('fails init with a clear message and exit code 2 on a corrupt or missing model folder', async () => {
    const base = path.join(phone, PHONE_MODELS);
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      ['no-weights', (d) => unlinkSync(path.join(d, 'model.weights')), /has no \.weights files/],
      ['bad-config', (d) => appendFileSync(path.join(d, 'config.txt'), 'this line has no equals sign\n'), /config\.txt line \d+: expected key=value/],
      ['bad-value', (d) => appendFileSync(path.join(d, 'config.txt'), 'decode_tps=fast\n'), /config\.txt line \d+: bad value for decode_tps/],
      [
        'flipped-byte',
        (d) => {
          const f = path.join(d, 'model.weights');
          const buf = readFileSync(f);
          buf[100] = buf[100]! ^ 0xff;
          writeFileSync(f, buf);
        },
        /checksum \(corrupt\)/,
      ],
      ['truncated', (d) => writeFileSync(path.join(d, 'model.weights'), readFileSync(path.join(d, 'model.weights')).subarray(0, 1000)), /truncated/],
      ['no-config', (d) => unlinkSync(path.join(d, 'config.txt')), /no readable config\.txt/],
    ];
    for (const [name, breakIt, msg] of cases) {
      const dir = path.join(base, name);
      cpSync(path.join(MODELS_DIR, 'qwen-600m'), dir, { recursive: true });
      breakIt(dir);
      const r = start(name);
      const first = await r.ready();
      expect(first.type, name).toBe('error');
      expect(String(first.engine_error), name).toMatch(msg);
      expect(String(first.error)).toMatch(/cactus_init failed/);
      expect(await r.exited, name).toEqual({ code: 2, signal: null });
    }
    const missing = start('does-not-exist');
    expect(String((await missing.ready()).engine_error)).toMatch(/does not exist/);
    expect((await missing.exited).code).toBe(2);
  });

  it('crash_after makes the engine abort in the middle of a prompt', async () => {
    const r = start('qwen-600m', { AURORA_SIM_CRASH_AFTER: '2', AURORA_SIM_TIME_SCALE: '0.02' });
    await r.ready();
    const msg = [{ role: 'user', content: 'Tell me something long about phones.' }];
    expect((await r.request({ id: 1, type: 'complete', messages: msg })).type).toBe('result');
    expect((await r.request({ id: 2, type: 'complete', messages: msg })).type).toBe('result');
    r.send({ id: 3, type: 'complete', messages: msg });
    const exit = await r.exited;
    expect(exit.code !== 0 || exit.signal !== null).toBe(true);
    expect(exit.signal === 'SIGABRT' || exit.code === 134).toBe(true);
    expect(r.lines.some((l) => l.id === 3)).toBe(false);
    expect(r.stderr).toMatch(/simulated engine crash/);
  });
});
