import { describe, expect, it } from 'vitest';
import { LineSplitter, parseRunnerLine } from '../../../src/main/runner/protocol';

describe('runner line parser', () => {
  it('parses the message types the lab relies on', () => {
    const r = parseRunnerLine('{"type":"result","id":3,"ok":true,"t_start_ms":10.5,"t_end_ms":20,"decode_tps":41.2,"response":"hi"}');
    expect(r).toMatchObject({ kind: 'message', message: { type: 'result', id: 3, decode_tps: 41.2 } });
    expect(parseRunnerLine('{"type":"sample","t_ms":1,"current":-5,"voltage":4000000,"charge_counter":null,"temp":null}')?.kind).toBe('message');
    expect(parseRunnerLine('   ')).toBeNull();
    expect(parseRunnerLine('{"type":"bye","reason":"quit"}\r')?.kind).toBe('message');
  });

  it('turns truncated, garbled and unexpected lines into garbage with a reason', () => {
    expect(parseRunnerLine('{"type":"result","id":3,"t_sta')).toMatchObject({ kind: 'garbage', reason: expect.stringMatching(/not JSON/) });
    expect(parseRunnerLine('Segmentation fault')).toMatchObject({ kind: 'garbage' });
    expect(parseRunnerLine('[1,2]')).toMatchObject({ kind: 'garbage', reason: 'not a JSON object' });
    expect(parseRunnerLine('{"type":"telemetry"}')).toMatchObject({ kind: 'garbage', reason: expect.stringMatching(/unknown message type/) });
    expect(parseRunnerLine('{"type":"result","id":1}')).toMatchObject({ kind: 'garbage', reason: expect.stringMatching(/t_start_ms/) });
    expect(parseRunnerLine('{"type":"sample","t_ms":"x"}')).toMatchObject({ kind: 'garbage' });
    const long = parseRunnerLine('x'.repeat(10_000));
    expect(long?.kind === 'garbage' && long.line.length).toBeLessThan(200);
  });

  it('splits lines across chunk boundaries, including a UTF-8 character split in two', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('{"a":"é"}\n{"b":1}\npartial', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // in the middle of é
    expect(s.push(bytes.subarray(0, cut))).toEqual([]);
    expect(s.push(bytes.subarray(cut))).toEqual(['{"a":"é"}', '{"b":1}']);
    expect(s.end()).toBe('partial');
    expect(s.end()).toBeNull();
  });

  it('cuts a line that grows past the limit', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('y'.repeat(150)))).toHaveLength(1);
    expect(s.push(Buffer.from('ok\n'))).toEqual(['ok']);
  });
});
