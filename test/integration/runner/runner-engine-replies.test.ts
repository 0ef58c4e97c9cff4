/**
 * The runner's handling of what a v1.14 engine replies, on the host build: the simulated engine writes its reply
 * the way v1.14 does (only " \ \n \r \t escaped; strcpy into the buffer) and appends the raw bytes of
 * options.aurora_sim_raw_tail_hex, so the exact byte patterns reach the real runner binary. Also the context check
 * (refusal, opt-in truncation) and the options the engine is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { buildHostRunner, makeFakePhone, PHONE_MODELS, RunnerProcess } from './runner-harness';

let binDir = '';
let phone = '';
const started: RunnerProcess[] = [];

function start(args: string[] = []): RunnerProcess {
  const r = new RunnerProcess({ binDir, model: `${PHONE_MODELS}/qwen-600m`, args: ['--sample-hz', '0', ...args], env: { AURORA_DEVICE_ROOT: phone, AURORA_SIM_TIME_SCALE: '0.01' } });
  started.push(r);
  return r;
}

beforeAll(() => {
  binDir = buildHostRunner().binDir;
  phone = makeFakePhone({ models: ['qwen-600m'] });
});

afterAll(async () => {
  for (const r of started) if (!r.exitInfo) r.kill('SIGKILL');
  await Promise.all(started.map((r) => r.exited));
  for (const r of started) expect(r.badLines).toEqual([]);
  rmSync(binDir, { recursive: true, force: true });
  rmSync(phone, { recursive: true, force: true });
});

const ask = (id: string, options: Record<string, unknown>, content = 'Say something about phones.') => ({ id, type: 'complete', messages: [{ role: 'user', content }], options });

describe('aurora-runner on v1.14-style engine replies', () => {
  it('keeps the result and every figure when the reply has raw control bytes and invalid UTF-8, and says it repaired the text', async () => {
    const r = start();
    await r.ready();
    const plain = await r.request(ask('plain', { max_tokens: 6 }));
    expect(plain).toMatchObject({ type: 'result', ok: true });
    expect(plain.repaired).toBeUndefined();
    const res = await r.request(ask('bad', { max_tokens: 6, aurora_sim_raw_tail_hex: '0115e4b8' }));
    expect(res).toMatchObject({ type: 'result', ok: true, repaired: true, repairs: { invalid_utf8_bytes: 2, raw_control_chars: 2, cut_at_nul: false } });
    expect(res.response).toBe(`${String(plain.response)}\u0001\u0015\uFFFD\uFFFD`);
    for (const k of ['time_to_first_token_ms', 'total_time_ms', 'prefill_tps', 'decode_tps', 'prefill_tokens', 'decode_tokens', 'total_tokens', 'ram_usage_mb', 'confidence']) {
      expect(typeof res[k], k).toBe('number');
    }
    // raw control bytes alone change no text: the JSON is repaired, the response is not
    const ctl = await r.request(ask('ctl', { max_tokens: 6, aurora_sim_raw_tail_hex: '1f' }));
    expect(ctl).toMatchObject({ repaired: false, repairs: { invalid_utf8_bytes: 0, raw_control_chars: 1 } });
    await r.close();
  });

  it('rebuilds the text from the streamed tokens when a NUL byte cut the reply, and makes up no figure', async () => {
    const r = start();
    await r.ready();
    const plain = await r.request(ask('plain', { max_tokens: 6 }));
    const res = await r.request(ask('nul', { max_tokens: 6, aurora_sim_raw_tail_hex: '4100e4' }));
    expect(res).toMatchObject({ type: 'result', ok: true, repaired: true, repairs: { cut_at_nul: true }, cloud_handoff: false, response: plain.response });
    expect(String(res.figures_missing)).toMatch(/cut at a NUL byte/);
    expect(res.total_time_ms).toBeUndefined();
    expect(res.decode_tokens).toBeUndefined();
    expect(res.t_end_ms as number).toBeGreaterThanOrEqual(res.t_start_ms as number);
    await r.close();
  });

  it('refuses a prompt that does not fit the 512-token context, with the reason and the numbers', async () => {
    // the simulated engine does not model v1.14's context window: the check is off unless asked for
    const plain = start();
    expect((await plain.ready()).context_tokens).toBe(0);
    await plain.close();
    const r = start(['--context-tokens', '512']);
    const ready = await r.ready();
    expect(ready.context_tokens).toBe(512);
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(60); // ~2700 chars: ~770 simulated tokens
    const e = await r.request(ask('long', { max_tokens: 32 }, long));
    expect(e).toMatchObject({ type: 'error', id: 'long', code: 'context_exceeded', max_tokens: 32, context_tokens: 512, engine_error: null });
    expect(e.prompt_tokens as number).toBeGreaterThan(480);
    expect(String(e.error)).toMatch(/refused before running: the prompt is about \d+ tokens and max_tokens is 32, together more than the engine's context of 512 tokens/);
    // max_tokens alone can be the problem too
    expect(await r.request(ask('many', { max_tokens: 600 }))).toMatchObject({ type: 'error', code: 'context_exceeded' });
    // a warm-up may ask to be cut to fit instead
    const cut = await r.request(ask('cut', { max_tokens: 32, aurora_on_overflow: 'truncate' }, long));
    expect(cut).toMatchObject({ type: 'result', ok: true });
    const tr = cut.truncated as { prompt_tokens_before: number; prompt_tokens_after: number };
    expect(tr.prompt_tokens_before).toBeGreaterThan(tr.prompt_tokens_after);
    expect((cut.prefill_tokens as number) + 32).toBeLessThanOrEqual(512);
    expect(cut.context_overflow).toBeUndefined();
    // without the check the same prompt runs
    const off = start();
    await off.ready();
    expect(await off.request(ask('long', { max_tokens: 32 }, long))).toMatchObject({ type: 'result', ok: true });
    await r.close();
    await off.close();
  });

  it('rejects a bad max_tokens before the engine sees it', async () => {
    const r = start();
    await r.ready();
    for (const bad of [0, -3, 2.5, '64', null]) {
      const e = await r.request(ask(`m${String(bad)}`, { max_tokens: bad }));
      expect(e, String(bad)).toMatchObject({ type: 'error', error: expect.stringMatching(/max_tokens/) });
    }
    expect((await r.request({ id: 'p', type: 'ping' })).type).toBe('pong');
    await r.close();
  });
});
