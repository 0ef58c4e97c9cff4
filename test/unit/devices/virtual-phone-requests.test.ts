/** devices.startVirtual / stopVirtual requests through dispatch: what is refused, with the field named, before any phone starts. */
import { describe, expect, it } from 'vitest';
import type { LabHandlers } from '../../../src/shared/contract';
import { dispatch } from '../../../src/main/api/dispatch';
import { LabError } from '../../../src/main/api/lab-error';

const calls: unknown[] = [];
const handlers = {
  devices: {
    startVirtual: async (input: unknown) => (calls.push(input), {}),
    stopVirtual: async (input: unknown) => (calls.push(input), { message: '' }),
    virtualPhones: async (input: unknown) => (calls.push(input), { phones: [], kinds: [], max: 4 }),
  },
} as unknown as LabHandlers;

async function refusal(method: string, input: unknown): Promise<LabError> {
  const before = calls.length;
  const err = await dispatch(handlers, 'devices', method, input).catch((e: unknown) => e);
  expect(calls.length).toBe(before);
  expect(err).toBeInstanceOf(LabError);
  return err as LabError;
}

describe('virtual phone requests', () => {
  it('passes a vendor and an engine', async () => {
    await dispatch(handlers, 'devices', 'startVirtual', { vendor: 'samsung', engine: 'cactus' });
    expect(calls.at(-1)).toEqual({ vendor: 'samsung', engine: 'cactus' });
    await dispatch(handlers, 'devices', 'startVirtual', { vendor: 'pixel' });
    expect(calls.at(-1)).toEqual({ vendor: 'pixel' });
  });

  it('refuses an unknown vendor or engine, naming the choices', async () => {
    expect((await refusal('startVirtual', { vendor: 'nokia' })).message).toMatch(/vendor: The vendor is pixel or samsung/);
    expect((await refusal('startVirtual', { vendor: 'pixel', engine: 'llama' })).message).toMatch(/engine: The engine is 'simulated' or 'cactus'/);
  });

  it('takes no host, port or folder from a request: the lab picks 127.0.0.1 and a folder under its home', async () => {
    for (const extra of [{ host: '0.0.0.0' }, { port: 5555 }, { stateDir: '/etc' }]) {
      expect((await refusal('startVirtual', { vendor: 'pixel', ...extra })).code).toBe('bad-request');
    }
  });

  it('stops by serial only, refusing shell syntax', async () => {
    expect((await refusal('stopVirtual', { serial: '$(reboot)' })).code).toBe('bad-request');
    expect((await refusal('virtualPhones', { all: true })).code).toBe('bad-request');
  });
});
