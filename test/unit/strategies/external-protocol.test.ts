import { describe, expect, it } from 'vitest';
import { checkReply, requestId } from '../../../src/main/strategies/external/protocol';
import { buildResult, incompleteText, summarize } from '../../../src/main/strategies/external/result';
import { LineReader, StderrTail } from '../../../src/main/strategies/external/streams';

const models = ['a', 'b'];

describe('checkReply', () => {
  it('accepts the reply to the request, extra fields allowed', () => {
    expect(checkReply('{"id":"p1","model":"b","why":"short"}', 'p1', models)).toEqual({ kind: 'ok', model: 'b', modelIndex: 1 });
  });

  it('names what is wrong with a bad reply', () => {
    expect(checkReply('b', 'p1', models)).toMatchObject({ kind: 'invalid-reply', error: expect.stringMatching(/^the reply is not JSON/) });
    expect(checkReply('[1]', 'p1', models)).toMatchObject({ kind: 'invalid-reply', error: expect.stringContaining('must be a JSON object') });
    expect(checkReply('{"id":1,"model":"a"}', 'p1', models)).toMatchObject({ kind: 'invalid-reply', error: expect.stringContaining('"id" must be the request\'s id as a string ("p1"); got 1') });
    expect(checkReply('{"id":"p2","model":"a"}', 'p1', models)).toEqual({ kind: 'wrong-id', id: 'p2', error: expect.stringContaining('answers id "p2", but the request was "p1"') });
    expect(checkReply('{"id":"p1","model":null}', 'p1', models)).toMatchObject({ kind: 'invalid-reply', error: expect.stringContaining('got null') });
    expect(checkReply('{"id":"p1","model":"c"}', 'p1', models)).toEqual({ kind: 'unknown-model', model: 'c', error: 'the reply names model "c", which is not a candidate (a, b)' });
  });

  it('clips long replies in messages', () => {
    const r = checkReply('x'.repeat(1000), 'p1', models);
    expect(r.kind === 'invalid-reply' && r.error.length).toBeLessThan(300);
  });

  it('request ids: the prompt id, or prompt@preference when there are several preferences', () => {
    expect(requestId('p1', 0.5, false)).toBe('p1');
    expect(requestId('p1', 0.5, true)).toBe('p1@0.50');
  });
});

describe('LineReader and StderrTail', () => {
  it('splits lines across chunks, CRLF too, and keeps multi-byte characters whole', () => {
    const r = new LineReader(100);
    const bytes = Buffer.from('{"a":"é"}\r\n{"b"');
    r.push(bytes.subarray(0, 8));
    r.push(bytes.subarray(8));
    r.push(Buffer.from(':2}\n'));
    expect([r.shift(), r.shift(), r.shift()]).toEqual(['{"a":"é"}', '{"b":2}', undefined]);
  });

  it('drops an overlong line and reports its size, then reads on', () => {
    const r = new LineReader(10);
    r.push(Buffer.from('x'.repeat(8)));
    r.push(Buffer.from('y'.repeat(8)));
    r.push(Buffer.from('\nok\n'));
    expect([r.shift(), r.shift()]).toEqual([{ overlong: 16 }, 'ok']);
  });

  it('keeps only the tail of stderr and its last lines', () => {
    const t = new StderrTail(16);
    t.push(Buffer.from('line one\nline two\n'));
    t.push(Buffer.from('line three\n'));
    expect(t.total).toBe(29);
    expect(t.text().startsWith('…')).toBe(true);
    expect(t.text().length).toBeLessThanOrEqual(17);
    expect(t.lastLines(2)).toContain('line three');
  });
});

describe('summarize / buildResult', () => {
  const per = [
    { promptId: 'p1', preference: 0.5, status: 'ok' as const, model: 'a' },
    { promptId: 'p2', preference: 0.5, status: 'timeout' as const, model: null, error: 'no reply within 10 ms' },
    { promptId: 'p3', preference: 0.5, status: 'timeout' as const, model: null, error: 'no reply within 10 ms' },
  ];

  it('counts statuses and reasons, most frequent first', () => {
    const s = summarize(per);
    expect(s.counts.ok).toBe(1);
    expect(s.incomplete).toEqual({ answered: 1, failed: 2, counts: { timeout: 2 }, reasons: [{ reason: 'timeout: no reply within 10 ms', prompts: 2 }] });
    expect(incompleteText(s.incomplete!, 3)).toBe('2 of 3 prompts without a pick (timeout 2)');
    expect(summarize(per.slice(0, 1)).incomplete).toBeNull();
  });

  it('gives Strategy objects with picks, marked incomplete but not unavailable when part was answered', () => {
    const r = buildResult({ source: 'router-cmd', name: 'mine', nPrompts: 3, preferences: [0.5], picks: [Int32Array.of(0, -1, -1)], perPrompt: per });
    expect(r.strategies).toHaveLength(1);
    expect(r.strategies[0]).toMatchObject({ name: 'mine@0.50', kind: 'picks', meta: { source: 'router-cmd', preference: 0.5, incomplete: { answered: 1, failed: 2 } } });
    expect(r.strategies[0]!.unavailable).toBeUndefined();
    expect(r.unavailable).toBeNull();
    expect(r.complete).toBe(false);
    expect(r.sweep).toBeNull();
  });

  it('is a sweep over two or more preferences', () => {
    const r = buildResult({ source: 'picks-file', name: 'p', nPrompts: 1, preferences: [0, 1], picks: [Int32Array.of(0), Int32Array.of(1)], perPrompt: [{ promptId: 'x', preference: 0, status: 'ok', model: 'a' }, { promptId: 'x', preference: 1, status: 'ok', model: 'b' }] });
    expect(r.sweep?.preferences).toEqual(Float64Array.of(0, 1));
    expect(r.sweep?.strategies.map((s) => s.name)).toEqual(['p@0.00', 'p@1.00']);
  });
});
