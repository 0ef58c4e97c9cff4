/**
 * The runner's protocol against the REAL Cactus v1.14 engine: the aarch64 runner + libcactus.so from
 * `npm run build:engine`, run under qemu-aarch64 as the arm64 virtual phone runs them, on the tiny random-weights
 * model (its greedy replies are full of raw control bytes and cut UTF-8, the bytes v1.14's escaper lets through).
 * Few prompts, small max_tokens: emulated time is slow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cpuTimeMs, RunnerProcess, type RunnerLine } from '../runner/runner-harness';
import { LINUX_BUILD, RUNNER_DIR, TINY_MODEL, engineSkipReason, hasCrossCompiler, underQemu } from './engine-harness';

const skip = engineSkipReason();
const started: RunnerProcess[] = [];
let home = '';

function start(env: Record<string, string> = {}, args: string[] = []): RunnerProcess {
  const r = new RunnerProcess({ binDir: LINUX_BUILD, model: TINY_MODEL, args: ['--sample-hz', '0', ...args], env: { HOME: home, ...env }, wrap: underQemu });
  started.push(r);
  return r;
}

const ask = (id: unknown, content: string, options: Record<string, unknown> = { max_tokens: 12 }) => ({ id, type: 'complete', messages: [{ role: 'user', content }], options });

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'aurora-engine-home-'));
});

afterAll(async () => {
  for (const r of started) if (!r.exitInfo) r.kill('SIGKILL');
  await Promise.all(started.map((r) => r.exited));
  // every line the runner wrote is strict JSON, whatever bytes the engine produced
  for (const r of started) expect(r.badLines).toEqual([]);
  rmSync(home, { recursive: true, force: true });
});

function expectPlausibleFigures(res: RunnerLine, maxTokens: number): void {
  const n = (k: string) => res[k] as number;
  expect(res).toMatchObject({ type: 'result', ok: true, cloud_handoff: false });
  expect(n('time_to_first_token_ms')).toBeGreaterThan(0);
  expect(n('total_time_ms')).toBeGreaterThanOrEqual(n('time_to_first_token_ms'));
  expect(n('prefill_tokens')).toBeGreaterThan(0);
  expect(n('decode_tokens')).toBeGreaterThanOrEqual(1);
  expect(n('decode_tokens')).toBeLessThanOrEqual(maxTokens);
  expect(n('total_tokens')).toBe(n('prefill_tokens') + n('decode_tokens'));
  // the engine's own definitions (cactus.md): prefill tok/s over TTFT, decode tok/s over the rest
  expect(n('prefill_tps')).toBeCloseTo((n('prefill_tokens') * 1000) / n('time_to_first_token_ms'), -1);
  if (n('decode_tokens') > 1) expect(n('decode_tps')).toBeCloseTo(((n('decode_tokens') - 1) * 1000) / (n('total_time_ms') - n('time_to_first_token_ms')), -1);
  expect(n('ram_usage_mb')).toBeGreaterThan(1);
  expect(n('confidence')).toBeGreaterThanOrEqual(0);
  expect(n('confidence')).toBeLessThanOrEqual(1);
  // the runner's boot-clock stamps bracket the engine's own time
  expect(n('t_first_token_ms')).toBeGreaterThanOrEqual(n('t_start_ms'));
  expect(n('t_first_token_ms')).toBeLessThanOrEqual(n('t_end_ms'));
  expect(n('t_end_ms') - n('t_start_ms')).toBeGreaterThanOrEqual(n('total_time_ms') * 0.95);
  expect(typeof res.response).toBe('string');
}

describe.skipIf(skip !== null)(`aurora-runner on the real Cactus v1.14 engine under qemu${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('answers ping, complete, score, embed, reset and quit with the real engine', async () => {
    const r = start();
    const ready = await r.ready(120_000);
    expect(ready).toMatchObject({ type: 'ready', engine: 'cactus/v1.14', simulated: false, cactus_api: 'v1.14', context_tokens: 512, can_score: true, clock: 'CLOCK_BOOTTIME' });
    expect(ready.load_ms as number).toBeGreaterThan(0);
    expect((await r.request({ id: 1, type: 'ping' }, 60_000)).type).toBe('pong');

    const res = await r.request(ask(2, 'Q0: what is 0 times 3? Answer with A, B, C or D.', { max_tokens: 16 }), 120_000);
    expectPlausibleFigures(res, 16);
    // this prompt's greedy reply (random weights) has raw control bytes and bytes of cut characters
    expect(res).toMatchObject({ repaired: true, repairs: { cut_at_nul: false } });
    const repairs = res.repairs as { invalid_utf8_bytes: number; raw_control_chars: number };
    expect(repairs.invalid_utf8_bytes).toBeGreaterThan(0);
    expect([...String(res.response)].filter((c) => c === '\uFFFD')).toHaveLength(repairs.invalid_utf8_bytes);

    const sc = await r.request({ id: 3, type: 'score', prompt: 'The answer is', continuations: [' A', ' B', ' C', ' D'] }, 120_000);
    expect(sc).toMatchObject({ type: 'scores', id: 3 });
    const lp = sc.logprobs as number[];
    expect(lp).toHaveLength(4);
    for (const v of lp) expect(v).toBeLessThan(0);
    expect(sc.best).toBe(lp.indexOf(Math.max(...lp)));

    const em = await r.request({ id: 4, type: 'embed', text: 'phones and batteries' }, 120_000);
    expect(em).toMatchObject({ type: 'embedding', id: 4, dim: 128 });
    const vec = em.vector as number[];
    expect(Math.hypot(...vec)).toBeCloseTo(1, 3);

    expect(await r.request({ id: 5, type: 'reset' }, 60_000)).toMatchObject({ type: 'reset', id: 5 });
    // after score, embed and reset the engine answers the same prompt exactly as before (greedy decoding)
    const again = await r.request(ask(6, 'Q0: what is 0 times 3? Answer with A, B, C or D.', { max_tokens: 16 }), 120_000);
    expect(again.response).toBe(res.response);
    expect(again.decode_tokens).toBe(res.decode_tokens);

    r.send({ type: 'quit' });
    expect(await r.exited).toEqual({ code: 0, signal: null });
    expect(r.ofType('bye')[0]?.reason).toBe('quit');
  });

  it('never crashes on malformed requests, and keeps answering', async () => {
    const r = start();
    await r.ready(120_000);
    const bad: Array<string | Buffer> = [
      'not json',
      Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xe4, 0xb8, 0x22, 0x7d]), // invalid UTF-8 in a request
      `${'['.repeat(80)}${']'.repeat(80)}`,
      '{"id":"t","type":"teleport"}',
      '{"id":"m","type":"complete","messages":[]}',
      '{"id":"m2","type":"complete","messages":[{"role":"user"}]}',
      '{"id":"o","type":"complete","messages":[{"role":"user","content":"x"}],"options":[1]}',
      '{"id":"s","type":"score","prompt":"x","continuations":[]}',
      '{"id":"e","type":"embed","text":5}',
      '{"id":"u","type":"complete","messages":[{"role":"user","content":"\\ud800"}]}',
    ];
    for (const line of bad) r.send(line);
    const pong = await r.request({ id: 'alive', type: 'ping' }, 60_000);
    expect(pong.type).toBe('pong');
    const errors = r.ofType('error');
    expect(errors).toHaveLength(bad.length);
    expect(errors.map((e) => e.id)).toEqual([null, null, null, 't', 'm', 'm2', 'o', 's', 'e', null]);
    const res = await r.request(ask('after', 'hello', { max_tokens: 4 }), 120_000);
    expectPlausibleFigures(res, 4);
    await r.close();
    expect(r.exitInfo).toEqual({ code: 0, signal: null });
  });

  it('refuses a prompt over the 512-token context (v1.14 would slide its window silently), or cuts a warm-up to fit', async () => {
    const r = start();
    await r.ready(120_000);
    await r.request(ask('learn', 'hello', { max_tokens: 2 }), 120_000); // the runner learns the template's tokens
    const long = 'abcdefgh '.repeat(70); // ~630 byte-level tokens
    const e = await r.request(ask('long', long, { max_tokens: 8 }), 120_000);
    expect(e).toMatchObject({ type: 'error', code: 'context_exceeded', context_tokens: 512, max_tokens: 8 });
    const cut = await r.request(ask('cut', long, { max_tokens: 8, aurora_on_overflow: 'truncate' }), 120_000);
    expect(cut).toMatchObject({ type: 'result', ok: true });
    expect(cut.truncated).toBeDefined();
    expect((cut.prefill_tokens as number) + (cut.decode_tokens as number)).toBeLessThanOrEqual(512);
    await r.close();
  });

  it('stops a running completion on SIGTERM even when the signal lands as it starts (the engine clears its stop flag on entry)', async () => {
    const r = start({}, ['--context-tokens', '0']);
    await r.ready(120_000);
    r.send(ask('long', 'Write a long story.', { max_tokens: 2000 }));
    r.kill('SIGTERM'); // at once: before, or just as, cactus_complete starts
    const exit = await r.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const reply = r.lines.find((l) => l.id === 'long');
    // stopped after a few tokens, refused before starting, or never read: never all 2000 tokens
    if (reply?.type === 'result') {
      expect(reply.stopped).toBe(true);
      expect(reply.decode_tokens as number).toBeLessThan(2000);
    } else if (reply) {
      expect(reply).toMatchObject({ type: 'error', error: expect.stringMatching(/runner is stopping/) });
    }
    expect(r.ofType('bye')[0]?.reason).toBe('signal');
  });

  it('stops a completion that is generating: the partial result comes back marked stopped', async () => {
    const r = start({}, ['--context-tokens', '0']);
    await r.ready(120_000);
    await r.request({ id: 'idle', type: 'ping' }, 60_000);
    const cpu0 = cpuTimeMs(r.pid);
    r.send(ask('long', 'Write a long story.', { max_tokens: 2000 }));
    // wait until the engine is computing (its process has burnt 300 ms more CPU), not for a fixed time
    const deadline = Date.now() + 60_000;
    while (cpuTimeMs(r.pid) - cpu0 < 300 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    r.kill('SIGTERM');
    expect(await r.exited).toEqual({ code: 0, signal: null });
    const reply = r.lines.find((l) => l.id === 'long');
    expect(reply).toMatchObject({ type: 'result', ok: true, stopped: true });
    expect(reply!.decode_tokens as number).toBeLessThan(2000);
  });
});

describe.skipIf(skip !== null || !hasCrossCompiler())(`no cloud handoff with the real engine${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: Server;
  let posts: string[] = [];
  let base = '';

  beforeAll(async () => {
    execFileSync('make', ['-C', RUNNER_DIR, 'handoff-probe', `LINUX_OUT=${LINUX_BUILD}`], { stdio: 'ignore' });
    // a stand-in for the Cactus cloud: it answers every handoff and counts them
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posts.push(`${req.url} ${body.slice(0, 60)}`);
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ text: 'an answer from the cloud' }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });

  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  const env = () => ({ HOME: home, CACTUS_CLOUD_API_BASE: base, CACTUS_CLOUD_KEY: 'test-key', CACTUS_NO_CLOUD_TELE: '1' });

  it('control: the engine called directly with auto_handoff on hands a low-confidence prompt to the cloud', async () => {
    posts = [];
    const probe = underQemu(path.join(LINUX_BUILD, 'handoff-probe'), [TINY_MODEL, '{"max_tokens":4,"auto_handoff":true,"cloud_timeout_ms":20000}']);
    // async: the stand-in cloud answers from this process's event loop
    const out = await new Promise<string>((ok, fail) =>
      execFile(probe.command, probe.argv, { env: { ...process.env, ...env() }, encoding: 'utf8', timeout: 120_000 }, (err, stdout) => (err ? fail(err) : ok(stdout))),
    );
    expect(JSON.parse(out.trim())).toMatchObject({ success: true, cloud_handoff: true, response: 'an answer from the cloud' });
    expect(posts.length).toBe(1);
  });

  it('the runner keeps it on the device: a request asking for auto_handoff gets none, and the cloud hears nothing', async () => {
    posts = [];
    const r = start(env());
    await r.ready(120_000);
    const res = await r.request(ask('h', 'Say hello.', { max_tokens: 4, auto_handoff: true, confidence_threshold: 0.99, cloud_timeout_ms: 20000 }), 120_000);
    expectPlausibleFigures(res, 4);
    expect(res.response).not.toBe('an answer from the cloud');
    expect(res.confidence as number).toBeLessThan(0.99); // a handoff would have been due
    await r.close();
    expect(posts).toEqual([]);
  });
});
