import { describe, expect, it } from 'vitest';
import { contractMethods, networkAddressSchema, serialSchema, type LabHandlers } from '../../../src/shared/contract';
import { dispatch, dispatchingApi } from '../../../src/main/api/dispatch';
import { LabError } from '../../../src/main/api/lab-error';

describe('networkAddressSchema', () => {
  it.each(['127.0.0.1:5555', '192.168.1.20:5555', 'farm-07.lab.example:40001', 'localhost:1'])('accepts %s', (a) => {
    expect(networkAddressSchema.safeParse(a).success).toBe(true);
  });
  it.each([
    ['', /host:port/],
    ['127.0.0.1', /host:port/],
    ['127.0.0.1:0', /between 1 and 65535/],
    ['127.0.0.1:70000', /between 1 and 65535/],
    ['a b:5555', /host:port/],
    ['x;rm -rf /:5555', /host:port/],
    ['-oProxy:22', /host:port/],
  ])('rejects %j', (a, message) => {
    const r = networkAddressSchema.safeParse(a);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});

describe('serialSchema', () => {
  it('accepts usb and network serials and refuses shell syntax', () => {
    expect(serialSchema.safeParse('R5CX20ABCDE').success).toBe(true);
    expect(serialSchema.safeParse('127.0.0.1:5555').success).toBe(true);
    expect(serialSchema.safeParse('adb-R5CX-abc._adb-tls-connect._tcp').success).toBe(true);
    expect(serialSchema.safeParse('abc; reboot').success).toBe(false);
    expect(serialSchema.safeParse('$(id)').success).toBe(false);
  });
});

describe('dispatch', () => {
  const calls: unknown[] = [];
  const handlers = {
    lab: { info: async () => ({}) },
    devices: {
      list: async () => [],
      get: async (input: unknown) => (calls.push(input), {}),
      history: async () => [],
      connect: async (input: unknown) => (calls.push(input), { serial: 'x', message: 'connected' }),
      disconnect: async () => ({ message: '' }),
      reprobe: async (_input: unknown, ctx: unknown) => (calls.push(ctx), {}),
    },
  } as unknown as LabHandlers;

  it('tells the handler which transport called, and counts a call without one as HTTP', async () => {
    await dispatch(handlers, 'devices', 'reprobe', { serial: 'a' }, { caller: 'ipc' });
    expect(calls.at(-1)).toEqual({ caller: 'ipc' });
    await dispatch(handlers, 'devices', 'reprobe', { serial: 'a' });
    expect(calls.at(-1)).toEqual({ caller: 'http' });
    await dispatchingApi(handlers).devices.reprobe({ serial: 'a' });
    expect(calls.at(-1)).toEqual({ caller: 'cli' });
  });

  it('validates input and passes the parsed value (trimmed) to the handler', async () => {
    await dispatch(handlers, 'devices', 'connect', { address: ' 127.0.0.1:5555 ' });
    expect(calls.at(-1)).toEqual({ address: '127.0.0.1:5555' });
  });

  it('refuses bad input with the field named, before the handler runs', async () => {
    const before = calls.length;
    const err = await dispatch(handlers, 'devices', 'connect', { address: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).code).toBe('bad-request');
    expect((err as LabError).message).toMatch(/address: Use host:port/);
    expect(calls.length).toBe(before);
  });

  it('refuses unknown fields (strict schemas) and unknown methods', async () => {
    await expect(dispatch(handlers, 'devices', 'get', { serial: 'a', extra: 1 })).rejects.toThrow(/Unrecognized key/);
    await expect(dispatch(handlers, 'devices', 'format', {})).rejects.toThrow(/Unknown API method "devices.format"/);
    await expect(dispatch(handlers, 'constructor', 'x', {})).rejects.toThrow(/Unknown API domain/);
    await expect(dispatch(handlers, 'devices', 'hasOwnProperty', {})).rejects.toThrow(/Unknown API method/);
  });

  it('refuses a route without a prompt or an embedding, a campaign with a repeated subject, subjects of no set', async () => {
    const h = { profiles: { route: async () => ({}) }, campaigns: { start: async () => ({}) }, datasets: { subjects: async () => ({}) } } as unknown as LabHandlers;
    const fail = (domain: string, method: string, input: unknown) => dispatch(h, domain, method, input).then(() => null, (e: unknown) => e as LabError);
    expect(await fail('profiles', 'route', { profileId: 'prof-aaaaaaaa' })).toMatchObject({ code: 'bad-request', issues: [{ path: 'prompt', message: 'Enter a prompt (or give its embedding)' }] });
    expect(await fail('profiles', 'route', { profileId: 'prof-aaaaaaaa', embedding: [0.1] })).toBeNull();
    const start = { devices: ['127.0.0.1:5555'], models: ['gemma-270m'], dataset: 'starter', n: 5 };
    expect(await fail('campaigns', 'start', { ...start, subjects: ['biology', 'biology'] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'subjects', message: 'A subject is listed twice' }] });
    expect(await fail('campaigns', 'start', { ...start, subjects: [] })).toMatchObject({ code: 'bad-request', issues: [{ path: 'subjects', message: 'Pick at least one subject' }] });
    expect(await fail('datasets', 'subjects', { dataset: ' ' })).toMatchObject({ code: 'bad-request', issues: [{ path: 'dataset', message: 'Pick a prompt set' }] });
  });

  it('refuses a cancel without a valid build or comparison id', async () => {
    await expect(dispatch(handlers, 'profiles', 'cancelBuild', { buildId: 'a b' })).rejects.toThrow(/Not a build id/);
    await expect(dispatch(handlers, 'compare', 'cancel', { comparisonId: 'nope' })).rejects.toThrow(/Not a comparison id/);
    await expect(dispatch(handlers, 'compare', 'run', { runIds: ['run-00000001'], comparisonId: 'x' })).rejects.toThrow(/Not a comparison id/);
  });

  it('lists every method of the contract for the transports', () => {
    const names = contractMethods().map((m) => `${m.domain}.${m.method}`);
    expect(names).toContain('devices.connect');
    expect(names).toContain('lab.info');
  });
});

describe('benchmark and external-router requests', () => {
  const never = async () => {
    throw new Error('the handler must not run');
  };
  const handlers = { compare: { run: never }, benchmark: { run: never, charts: never, report: never, results: never } } as unknown as LabHandlers;

  it('no request can name a router program: compare.run and benchmark.run refuse a command field', async () => {
    for (const key of ['routerCmd', 'routerCommand', 'command']) {
      await expect(dispatch(handlers, 'compare', 'run', { runIds: ['run-12345678'], strategies: ['router-cmd'], [key]: 'sh -c id' })).rejects.toThrow(/Unrecognized key/);
    }
    await expect(dispatch(handlers, 'benchmark', 'run', { devices: ['S1'], models: ['gemma-270m'], routerCmd: 'sh -c id' })).rejects.toThrow(/Unrecognized key/);
  });

  it('charts take a comparison or a run (one of them), a report a campaign or a comparison', async () => {
    await expect(dispatch(handlers, 'benchmark', 'charts', { comparisonId: 'cmp-12345678', runId: 'run-12345678' })).rejects.toThrow(/Give comparisonId or runId \(one of them\)/);
    await expect(dispatch(handlers, 'benchmark', 'charts', {})).rejects.toThrow(/Give comparisonId or runId/);
    await expect(dispatch(handlers, 'benchmark', 'report', {})).rejects.toThrow(/Give a campaign id/);
    await expect(dispatch(handlers, 'benchmark', 'run', { devices: ['S1'], models: ['gemma-270m'], topics: [] })).rejects.toThrow(/topics/);
    await expect(dispatch(handlers, 'compare', 'run', { runIds: ['run-12345678'], picksName: '../x' })).rejects.toThrow(/A picks name holds letters/);
  });
});
