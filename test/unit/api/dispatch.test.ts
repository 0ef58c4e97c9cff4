import { describe, expect, it } from 'vitest';
import { contractMethods, networkAddressSchema, serialSchema, type LabHandlers } from '../../../src/shared/contract';
import { dispatch } from '../../../src/main/api/dispatch';
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
      reprobe: async () => ({}),
    },
  } as unknown as LabHandlers;

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
