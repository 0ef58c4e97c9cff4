/**
 * The real-engine virtual phone as the lab offers it: when `npm run build:engine` has run (and qemu-aarch64 is
 * there), `devices.virtualPhones` offers it and `devices.startVirtual({ engine: 'cactus' })` starts an arm64 phone
 * the lab probes as one; without the build, the offer names the command and a start is refused before anything runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/main/lab/lab';
import { tempDir } from '../../helpers/temp-dir';
import { engineSkipReason } from '../engine/engine-harness';

const home = tempDir();
let lab: Lab;
const skip = engineSkipReason();

beforeAll(async () => {
  lab = new Lab({ home: home.path, host: 'cli', pollIntervalMs: 1000 });
  await lab.start();
});

afterAll(async () => {
  await lab?.close();
  home.cleanup();
});

describe('the real-engine virtual phone the lab offers', () => {
  it.runIf(skip === null)('is offered and starts as an arm64 phone running the real engine', async () => {
    const kind = (await lab.api.devices.virtualPhones({})).kinds.find((k) => k.engine === 'cactus');
    expect(kind).toMatchObject({ available: true, reason: null });
    const phone = await lab.api.devices.startVirtual({ vendor: 'pixel', engine: 'cactus' });
    expect(phone.engine).toBe('cactus');
    const d = await lab.api.devices.get({ serial: phone.serial });
    expect(d.facts).toMatchObject({ abi: 'arm64-v8a', virtual: true, virtualEngine: 'cactus' });
    await lab.api.devices.stopVirtual({ serial: phone.serial });
  }, 120_000);

  it.runIf(skip !== null)(`without the build, says how to build it and refuses to start it (${skip ?? ''})`, async () => {
    const kind = (await lab.api.devices.virtualPhones({})).kinds.find((k) => k.engine === 'cactus');
    expect(kind?.available).toBe(false);
    await expect(lab.api.devices.startVirtual({ vendor: 'pixel', engine: 'cactus' })).rejects.toMatchObject({ code: 'unavailable' });
    expect((await lab.api.devices.virtualPhones({})).phones).toEqual([]);
  });
});
