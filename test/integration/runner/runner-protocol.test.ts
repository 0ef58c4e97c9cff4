import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { buildHostRunner, makeFakePhone, PHONE_MODELS, RunnerProcess } from './runner-harness';
import type { RunnerLine } from './runner-harness';

let binDir = '';
let phone = '';
const started: RunnerProcess[] = [];

const POWER = { current_now: '-1469687\n', voltage_now: '4012000\n', temp: '274\n' }; // no charge_counter file

function start(env: Record<string, string> = {}, args: string[] = [], model = 'qwen-600m'): RunnerProcess {
  const r = new RunnerProcess({
    binDir,
    model: `${PHONE_MODELS}/${model}`,
    args,
    env: { AURORA_DEVICE_ROOT: phone, AURORA_SIM_TIME_SCALE: '0.02', ...env },
  });
  started.push(r);
  return r;
}

const MC = 'Which number is prime?\nA. 4\nB. 6\nC. 7\nD. 9';

beforeAll(() => {
  binDir = buildHostRunner().binDir;
  phone = makeFakePhone({ models: ['qwen-600m', 'gemma-270m'], power: POWER });
});

afterAll(async () => {
  for (const r of started) if (!r.exitInfo) r.kill('SIGKILL');
  await Promise.all(started.map((r) => r.exited));
  for (const r of started) expect(r.badLines).toEqual([]);
  rmSync(binDir, { recursive: true, force: true });
  rmSync(phone, { recursive: true, force: true });
});

describe('aurora-runner protocol (host build, simulated engine)', () => {
  it('reports ready once, answers completes with the engine figures and brackets them with boot-clock timestamps', async () => {
    const bootEpoch = Date.now() - 3_600_000; // the virtual phone booted an hour ago
    const r = start({ AURORA_BOOT_EPOCH_MS: String(bootEpoch) }, ['--sample-hz', '0']);
    const ready = await r.ready();
    expect(ready.type).toBe('ready');
    expect(ready).toMatchObject({ runner: '0.1.0', simulated: true, cactus_api: 'v1.14', clock: 'AURORA_BOOT_EPOCH_MS' });
    expect(String(ready.engine)).toMatch(/^cactus-sim\//);
    expect(ready.load_ms).toBeGreaterThan(0);
    expect(ready.rss_mb).toBeGreaterThan(0);
    // the boot clock is host time minus the phone's boot epoch
    expect(Math.abs((ready.t_boot_ms as number) - (Date.now() - bootEpoch))).toBeLessThan(2_000);

    const res = await r.request({
      id: 'q1',
      type: 'complete',
      messages: [
        { role: 'system', content: 'Answer with a letter.' },
        { role: 'user', content: MC },
      ],
      options: { max_tokens: 40, temperature: 0, aurora_answer_key: 'C' },
    });
    expect(res).toMatchObject({ type: 'result', id: 'q1', ok: true });
    for (const k of ['time_to_first_token_ms', 'prefill_tps', 'decode_tps', 'prefill_tokens', 'decode_tokens', 'total_time_ms', 'ram_usage_mb'])
      expect(typeof res[k], k).toBe('number');
    expect(typeof res.response).toBe('string');
    const n = (k: string): number => res[k] as number;
    // the runner's timestamps bracket the engine's own measurement
    expect(n('t_start_ms')).toBeLessThanOrEqual(n('t_first_token_ms'));
    expect(n('t_first_token_ms')).toBeLessThanOrEqual(n('t_end_ms'));
    expect(n('total_time_ms')).toBeLessThanOrEqual(n('t_end_ms') - n('t_start_ms') + 0.5);
    expect(n('total_time_ms')).toBeGreaterThan((n('t_end_ms') - n('t_start_ms')) * 0.8);
    expect(Math.abs(n('t_first_token_ms') - n('t_start_ms') - n('time_to_first_token_ms'))).toBeLessThan(3);
    // decode_tps = (generated tokens - 1) / (total - TTFT), prefill_tps = prefill tokens / TTFT
    if (n('decode_tokens') > 1) {
      const expected = (n('decode_tokens') - 1) / ((n('total_time_ms') - n('time_to_first_token_ms')) / 1000);
      expect(Math.abs(n('decode_tps') - expected) / expected).toBeLessThan(0.01);
    }
    const pre = n('prefill_tokens') / (n('time_to_first_token_ms') / 1000);
    expect(Math.abs(n('prefill_tps') - pre) / pre).toBeLessThan(0.01);
    expect(n('decode_tokens')).toBeLessThanOrEqual(40);
    expect(await r.close()).toEqual({ code: 0, signal: null });
    expect(r.ofType('bye')).toHaveLength(1);
  });

  it('keeps the model loaded across many requests (one load, one ready line)', async () => {
    const r = start({}, ['--sample-hz', '0']);
    await r.ready();
    const results: RunnerLine[] = [];
    for (let i = 0; i < 25; i++) {
      results.push(
        await r.request({ id: i, type: 'complete', messages: [{ role: 'user', content: `Say something about item ${i}.` }], options: { max_tokens: 12 } }),
      );
    }
    expect(results.every((x) => x.type === 'result' && x.ok === true)).toBe(true);
    const emb = await r.request({ id: 'e', type: 'embed', text: 'phones run models locally' });
    expect(emb.type).toBe('embedding');
    expect(emb.dim).toBe(1024);
    const v = emb.vector as number[];
    expect(v).toHaveLength(1024);
    expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-4);
    const emb2 = await r.request({ id: 'e2', type: 'embed', text: 'phones run models locally' });
    expect(emb2.vector).toEqual(v);
    const sc = await r.request({ id: 's', type: 'score', prompt: `${MC}\nAnswer:`, continuations: [' A', ' B', ' C', ' D'] });
    expect(sc.type).toBe('scores');
    expect(sc.logprobs as number[]).toHaveLength(4);
    expect((sc.logprobs as number[]).every((x) => x < 0)).toBe(true);
    expect(r.ofType('ready')).toHaveLength(1);
    r.send({ type: 'quit' });
    expect(await r.exited).toEqual({ code: 0, signal: null });
    expect(r.ofType('bye')[0]?.reason).toBe('quit');
  });

  it('answers every malformed line with an error and keeps going', async () => {
    const r = start({}, ['--sample-hz', '0', '--max-line', '65536']);
    await r.ready();
    const bad: Array<string | Buffer> = [
      'garbage',
      '{',
      '[1,2,3]',
      '"just a string"',
      '{"type":"teleport","id":7}',
      '{"id":8}',
      '{"id":9,"type":"complete"}',
      '{"id":10,"type":"complete","messages":"hi"}',
      '{"id":11,"type":"complete","messages":[{"content":"no role"}]}',
      '{"id":12,"type":"embed"}',
      '{"id":13,"type":"score","prompt":"x","continuations":[]}',
      '{"id":14,"type":"sampler","hz":-3}',
      '{"id":15,"type":"ping"} trailing',
      `{"id":16,"type":"ping","pad":"${'x'.repeat(200_000)}"}`, // over --max-line
      Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"id":"<ff fe>"}
      Buffer.from('{"id":"\xc3\x28","type":"ping"}', 'latin1'), // invalid UTF-8 sequence
      '{"id":"\\ud800","type":"ping"}', // lone surrogate
      '{"id":"a\u0001b","type":"ping"}', // raw control character
      `${'['.repeat(5000)}${']'.repeat(5000)}`, // nesting bomb
      '{"id":1e999999999999999999999999999999999,"type":"ping"}x',
      Buffer.from('{"id":1,\0"type":"ping"}'),
      'nul',
      '{"id":17,"type":"complete","messages":[{"role":"user","content":"hi"}],"options":[1]}',
    ];
    const from = r.lines.length;
    for (const b of bad) r.send(b);
    const pong = await r.request({ id: 'alive', type: 'ping' });
    expect(pong.type).toBe('pong');
    const errors = r.lines.slice(from).filter((l) => l.type === 'error');
    expect(errors).toHaveLength(bad.length);
    for (const e of errors) {
      expect(typeof e.error).toBe('string');
      expect('engine_error' in e).toBe(true);
    }
    expect(errors.some((e) => /longer than the limit/.test(String(e.error)))).toBe(true);
    expect(errors.some((e) => /invalid UTF-8/.test(String(e.error)))).toBe(true);
    expect(errors.some((e) => /nesting deeper/.test(String(e.error)))).toBe(true);
    expect(errors.find((e) => e.id === 7)?.error).toMatch(/unknown type "teleport"/);
    // over-long with the default 1 MiB limit too, then still alive
    const r2 = start({}, ['--sample-hz', '0']);
    await r2.ready();
    r2.send(`{"type":"ping","id":"${'y'.repeat(3 * 1024 * 1024)}"}`);
    const e2 = await r2.waitFor((l) => l.type === 'error');
    expect(e2.error).toMatch(/longer than the limit 1048576/);
    expect((await r2.request({ id: 2, type: 'ping' })).type).toBe('pong');
    r2.send({ type: 'quit' });
    r.send({ type: 'quit' });
    expect((await r.exited).code).toBe(0);
    expect((await r2.exited).code).toBe(0);
  });

  it('round-trips JSON strings with escapes, \\u escapes and surrogate pairs through its parser and writer', async () => {
    const r = start({}, ['--sample-hz', '0']);
    await r.ready();
    const id = {
      s: 'quote " backslash \\ slash / nl \n tab \t cr \r bs \b ff \f ctl \u0001 del \u007f',
      u: 'é ü 中文 😀 \u2028',
      n: [0, -0.5, 1e21, 2 ** 60, -2.5e-7, true, false, null],
      nested: { a: [[[{ b: [] }]]], empty: {} },
    };
    const pong = await r.request({ id, type: 'ping' });
    expect(pong.id).toEqual(JSON.parse(JSON.stringify(id)));
    // \u escapes written by hand, including a surrogate pair, decode to the same text
    r.send('{"type":"ping","id":"\\u00e9\\ud83d\\ude00\\u4e2d\\/"}');
    const p2 = await r.waitFor((l) => l.type === 'pong' && l.id !== undefined && typeof l.id === 'string');
    expect(p2.id).toBe('é😀中/');
    // number literals are echoed as written (no float round trip)
    const raw = '{"type":"ping","id":[12345678901234567890123,1.50,-0e-0]}';
    r.send(raw);
    const p3 = await r.waitFor((l) => l.type === 'pong' && Array.isArray(l.id));
    expect(p3.id).toEqual((JSON.parse(raw) as { id: unknown }).id);
    await r.close();
  });

  it('samples the fuel gauge at the requested rate on the same stream and clock, nulls a missing file with one warning', async () => {
    const bootEpoch = Date.now() - 10_000;
    const r = start({ AURORA_BOOT_EPOCH_MS: String(bootEpoch) }, ['--sample-hz', '20']);
    await r.ready();
    // Two seconds of samples on their own clock (the phone's boot clock), however late the host delivers them.
    const first = await r.waitFor((l) => l.type === 'sample');
    await r.waitFor((l) => l.type === 'sample' && (l.t_ms as number) >= (first.t_ms as number) + 2_000, 30_000);
    const res = await r.request({ id: 'c', type: 'complete', messages: [{ role: 'user', content: 'hello' }], options: { max_tokens: 8 } });
    const samples = r.ofType('sample');
    const window = samples.filter((s) => (s.t_ms as number) >= (samples[0]?.t_ms as number) + 200);
    const span = (window.at(-1)!.t_ms as number) - (window[0]!.t_ms as number);
    const rate = ((window.length - 1) * 1000) / span;
    expect(rate).toBeGreaterThan(17);
    expect(rate).toBeLessThan(23);
    expect(samples[0]).toMatchObject({ current: -1469687, voltage: 4012000, charge_counter: null, temp: 274 });
    // same clock: sample times track host time minus the boot epoch
    expect(Math.abs((samples.at(-1)!.t_ms as number) - (Date.now() - bootEpoch))).toBeLessThan(1_500);
    const warnings = r.ofType('warning');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('charge_counter');
    // the result's timestamps are on the samples' clock
    expect(res.t_start_ms as number).toBeGreaterThan(samples[0]!.t_ms as number);

    // rate changes apply at once; 0 stops
    const ack = await r.request({ id: 'h', type: 'sampler', hz: 50 });
    expect(ack).toMatchObject({ type: 'sampler', hz: 50 });
    const from = r.lines.length;
    // One second at the new rate on the samples' own clock, starting after the acknowledgement.
    const fastFirst = await r.waitFor((l) => l.type === 'sample', 20_000, from);
    await r.waitFor((l) => l.type === 'sample' && (l.t_ms as number) >= (fastFirst.t_ms as number) + 1_000, 30_000, from);
    const fast = r.lines.slice(from).filter((l) => l.type === 'sample' && (l.t_ms as number) <= (fastFirst.t_ms as number) + 1_000);
    expect(fast.length).toBeGreaterThan(38);
    expect(fast.length).toBeLessThan(62);
    await r.request({ id: 'off', type: 'sampler', hz: 0 });
    const after = r.lines.length;
    // An absence over time: load can only make fewer samples appear, so a fixed span cannot make this flaky.
    await new Promise((res2) => setTimeout(res2, 500));
    expect(r.lines.slice(after).filter((l) => l.type === 'sample').length).toBeLessThanOrEqual(1);
    await r.close();
  });

  it('writes sample and result lines without interleaving under load (every line parses)', async () => {
    const r = start({}, ['--sample-hz', '200']);
    await r.ready();
    const ids = Array.from({ length: 20 }, (_, i) => i);
    for (const id of ids)
      r.send({ id, type: 'complete', messages: [{ role: 'user', content: `Write a long paragraph number ${id}.` }], options: { max_tokens: 200 } });
    await r.waitFor((l) => l.type === 'result' && l.id === 19, 30_000);
    expect(r.badLines).toEqual([]);
    expect(r.ofType('sample').length).toBeGreaterThan(20);
    await r.close();
  });

  it('stops cleanly on SIGTERM, even in the middle of a long completion', async () => {
    const r = start({ AURORA_SIM_TIME_SCALE: '1', AURORA_SIM_DEVICE_SPEED: '0.2' }, ['--sample-hz', '5']);
    await r.ready();
    r.send({ id: 'long', type: 'complete', messages: [{ role: 'user', content: 'Write a very long essay.' }], options: { max_tokens: 2000 } });
    await new Promise((res) => setTimeout(res, 600));
    const t = Date.now();
    r.kill('SIGTERM');
    const exit = await r.exited;
    expect(Date.now() - t).toBeLessThan(2_000);
    expect(exit).toEqual({ code: 0, signal: null });
    const result = r.lines.find((l) => l.id === 'long');
    expect(result).toMatchObject({ type: 'result', stopped: true });
    expect(r.ofType('bye')[0]?.reason).toBe('signal');
  });

  it('reports an engine that cannot embed as an error with the engine message', async () => {
    const r = start({}, ['--sample-hz', '0'], 'gemma-270m');
    await r.ready();
    const e = await r.request({ id: 1, type: 'embed', text: 'x' });
    expect(e.type).toBe('error');
    expect(e.engine_error).toMatch(/does not support embeddings/);
    expect((await r.request({ id: 2, type: 'ping' })).type).toBe('pong');
    await r.close();
  });
});
