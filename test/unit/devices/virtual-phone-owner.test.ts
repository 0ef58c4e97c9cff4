/** The lab's own virtual phones: limits, refusals, clean-up on every failed step, stop on close (fake phones). */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualPhonesState } from '../../../src/shared/api/devices';
import { LabError } from '../../../src/main/api/lab-error';
import { MAX_OWNED_PHONES, VirtualPhoneOwner, type VirtualPhoneOwnerOptions } from '../../../src/main/devices/virtual-phones/owner';
import { claimSlot } from '../../../src/main/devices/virtual-phones/slots';
import type { VirtualPhone, VirtualPhoneOptions } from '../../../src/main/virtual-phone';
import { tempDir } from '../../helpers/temp-dir';

const homes: Array<{ cleanup: () => void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

function fixture(over: Partial<VirtualPhoneOwnerOptions> = {}) {
  const home = tempDir();
  homes.push(home);
  let port = 40000;
  const taken = new Set<number>();
  const started: VirtualPhoneOptions[] = [];
  const closed: string[] = [];
  const connected: string[] = [];
  const disconnected: string[] = [];
  const states: VirtualPhonesState[] = [];
  const owner = new VirtualPhoneOwner({
    home: home.path,
    connect: async (a) => void connected.push(a),
    disconnect: async (a) => void disconnected.push(a),
    ready: async () => {},
    changed: (s) => states.push(s),
    engineCheck: () => 'The real engine is not built. Build the real engine with `npm run build:engine`.',
    startPhone: async (opts) => {
      if (opts.port && taken.has(opts.port)) throw new Error(`port ${opts.port} on 127.0.0.1 is taken`);
      started.push(opts);
      const p = opts.port || ++port;
      taken.add(p);
      return {
        port: p,
        host: opts.host!,
        address: `${opts.host}:${p}`,
        serial: opts.serial!,
        stateDir: opts.stateDir,
        close: async () => {
          closed.push(`${opts.host}:${p}`);
          taken.delete(p);
        },
      } as unknown as VirtualPhone;
    },
    ...over,
  });
  return { home: home.path, owner, started, closed, connected, disconnected, states, taken };
}

describe('VirtualPhoneOwner', () => {
  it('starts on 127.0.0.1 with its folder under the lab home, connects it, lists it and says so', async () => {
    const f = fixture();
    const p = await f.owner.start('samsung');
    expect(f.started[0]).toMatchObject({ host: '127.0.0.1', port: 0, vendor: 'samsung', engine: 'simulated', stateDir: join(f.home, 'virtual-phones', 'lab-samsung-1') });
    expect(f.connected).toEqual([p.serial]);
    expect(p).toMatchObject({ vendor: 'samsung', engine: 'simulated', phoneSerial: 'aurora-lab-samsung-1' });
    expect(f.owner.state().phones.map((x) => x.serial)).toEqual([p.serial]);
    expect(f.states.at(-1)?.phones).toHaveLength(1);
    expect(f.owner.owns(p.serial)).toBe(true);
  });

  it('gives a second phone of the same kind its own folder, and reuses a folder once it is free', async () => {
    const f = fixture();
    const a = await f.owner.start('pixel');
    const b = await f.owner.start('pixel');
    expect([a.stateDir, b.stateDir].map((d) => d.split('/').pop())).toEqual(['lab-pixel-1', 'lab-pixel-2']);
    await f.owner.stop(a.serial);
    const c = await f.owner.start('pixel');
    expect(c.stateDir).toBe(a.stateDir);
    // Its port too, so it keeps its serial (and its history in the lab).
    expect(c.serial).toBe(a.serial);
  });

  it('takes any port when the one the folder had last time is taken', async () => {
    const f = fixture();
    const a = await f.owner.start('pixel');
    await f.owner.stop(a.serial);
    f.taken.add(Number(a.serial.split(':')[1]));
    const b = await f.owner.start('pixel');
    expect(b.stateDir).toBe(a.stateDir);
    expect(b.serial).not.toBe(a.serial);
  });

  it('offers the real-engine phone only with the reason it cannot start, and refuses to start it', async () => {
    const f = fixture();
    const cactus = f.owner.state().kinds.find((k) => k.engine === 'cactus')!;
    expect(cactus).toMatchObject({ available: false });
    expect(cactus.reason).toMatch(/npm run build:engine/);
    await expect(f.owner.start('pixel', 'cactus')).rejects.toThrow(/npm run build:engine/);
    expect(f.started).toHaveLength(0);
  });

  it('starts the real-engine phone as an arm64 kind once the engine is there', async () => {
    const f = fixture({ engineCheck: () => null });
    expect(f.owner.state().kinds.find((k) => k.engine === 'cactus')?.available).toBe(true);
    const p = await f.owner.start('pixel', 'cactus');
    expect(f.started[0]).toMatchObject({ engine: 'cactus', stateDir: join(f.home, 'virtual-phones', 'lab-pixel-arm64-1') });
    expect(p.engine).toBe('cactus');
  });

  it(`runs at most ${MAX_OWNED_PHONES} phones`, async () => {
    const f = fixture();
    for (let i = 0; i < MAX_OWNED_PHONES; i++) await f.owner.start('pixel');
    const err = await f.owner.start('pixel').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).message).toMatch(/already runs 4 virtual phones; stop one on the Devices page/);
  });

  it('stops and frees the phone when adb cannot connect it, and says why', async () => {
    const f = fixture({
      connect: async () => {
        throw new Error('cannot connect to 127.0.0.1:1: Connection refused');
      },
    });
    await expect(f.owner.start('pixel')).rejects.toThrow(/did not start: cannot connect/);
    expect(f.closed).toHaveLength(1);
    expect(f.owner.state().phones).toEqual([]);
    expect(readdirSync(join(f.home, 'virtual-phones')).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('stops the phone when it never comes online', async () => {
    const f = fixture({
      ready: async () => {
        throw new LabError('unavailable', '127.0.0.1:40001 could not be probed: timeout');
      },
    });
    await expect(f.owner.start('pixel')).rejects.toThrow(/could not be probed/);
    expect(f.disconnected).toHaveLength(1);
    expect(f.closed).toHaveLength(1);
    expect(f.owner.state().phones).toEqual([]);
  });

  it('counts a phone stopped while it was being probed once, so the limit still holds', async () => {
    let owner: VirtualPhoneOwner | null = null;
    let first = true;
    const f = fixture({
      ready: async (serial) => {
        if (!first) return;
        first = false;
        await owner!.stop(serial);
        throw new LabError('unavailable', `${serial} is disconnected`);
      },
    });
    owner = f.owner;
    await expect(f.owner.start('pixel')).rejects.toThrow(/disconnected/);
    expect(f.owner.state().phones).toEqual([]);
    for (let i = 0; i < MAX_OWNED_PHONES; i++) await f.owner.start('pixel');
    await expect(f.owner.start('pixel')).rejects.toThrow(/already runs 4/);
  });

  it('stops only its own phones, naming the ones it runs', async () => {
    const f = fixture();
    const p = await f.owner.start('pixel');
    await expect(f.owner.stop('127.0.0.1:5555')).rejects.toThrow(`127.0.0.1:5555 is not a virtual phone this lab started (it runs ${p.serial})`);
    expect((await f.owner.stop(p.serial)).message).toMatch(/Stopped/);
    expect(f.disconnected).toEqual([p.serial]);
    expect(f.closed).toEqual([p.serial]);
  });

  it('close() stops every phone, disconnecting it first, and refuses new ones', async () => {
    const f = fixture();
    await f.owner.start('pixel');
    await f.owner.start('samsung');
    await f.owner.close();
    expect(f.closed).toHaveLength(2);
    expect(f.disconnected).toHaveLength(2);
    expect(f.owner.state().phones).toEqual([]);
    await expect(f.owner.start('pixel')).rejects.toThrow(/The lab is stopping/);
  });
});

describe('claimSlot', () => {
  it('skips a folder held by a running process and takes over a stale lock', () => {
    const home = tempDir();
    homes.push(home);
    const a = claimSlot(home.path, 'pixel');
    const b = claimSlot(home.path, 'pixel');
    expect([a.name, b.name]).toEqual(['pixel-1', 'pixel-2']);
    a.release();
    // A lock left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
    writeFileSync(join(home.path, 'virtual-phones', 'lab-pixel-1.lock'), String(4_194_305));
    const c = claimSlot(home.path, 'pixel');
    expect(c.name).toBe('pixel-1');
    c.release();
    expect(existsSync(join(home.path, 'virtual-phones', 'lab-pixel-1.lock'))).toBe(false);
    b.release();
  });
});
