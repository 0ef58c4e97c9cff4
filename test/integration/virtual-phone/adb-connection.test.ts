import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VirtualPhone } from '../../../src/main/virtual-phone';
import { startVirtualPhone } from '../../../src/main/virtual-phone';
import { adb, deviceState, disconnectAndClose, shell, startConnectedPhone, waitFor } from './adb-cli';

const phones: VirtualPhone[] = [];
afterAll(async () => {
  await disconnectAndClose(...phones);
});

describe('virtual phone connection lifecycle with the real adb server', () => {
  it('goes offline when unplugged and comes back by itself when plugged in again', async () => {
    const phone = await startConnectedPhone({ vendor: 'pixel' });
    phones.push(phone);
    expect(await deviceState(phone), 'online after connect').toBe('device');

    const t0 = performance.now();
    phone.unplug();
    const gone = await waitFor('adb to notice the unplug', async () => ((await deviceState(phone)) !== 'device' ? true : null), 10_000);
    const goneMs = performance.now() - t0;
    expect(gone, 'adb no longer shows the phone as device').toBe(true);
    const r = await shell(phone, 'echo hi');
    expect(r.code, `a shell on an unplugged phone fails: ${r.stdout}${r.stderr}`).not.toBe(0);

    // adb 1.0.41 keeps retrying `adb connect`ed TCP devices in the background: no new host:connect needed.
    await new Promise((res) => setTimeout(res, 1500));
    const t1 = performance.now();
    phone.plug();
    await waitFor('adb to reconnect after plug()', async () => ((await deviceState(phone)) === 'device' ? true : null), 30_000);
    const backMs = performance.now() - t1;
    console.log(`[virtual-phone] unplug noticed after ${goneMs.toFixed(0)} ms; back online ${backMs.toFixed(0)} ms after plug()`);
    expect((await shell(phone, 'echo back')).stdout, 'shell works again').toBe('back\n');
  });

  it('shows unauthorized when the phone never accepts the host key, and connects after authorization', async () => {
    const phone = await startVirtualPhone({ vendor: 'samsung', stateDir: mkdtempSync(join(tmpdir(), 'vp-auth-')), authorized: false });
    phones.push(phone);
    const r = await adb(['connect', phone.address]);
    expect(r.stdout, 'adb reports the failed authentication').toContain(`failed to authenticate to ${phone.address}`);
    expect(await deviceState(phone), 'state').toBe('unauthorized');
    const denied = await shell(phone, 'echo nope');
    expect(denied.code, 'no shell while unauthorized').not.toBe(0);
    expect(denied.stderr, 'adb explains why').toMatch(/unauthorized/);

    phone.setAuthorized(true);
    // A fresh connection (as after replugging the cable) is accepted.
    phone.unplug();
    phone.plug();
    await waitFor('authorized reconnection', async () => ((await deviceState(phone)) === 'device' ? true : null), 30_000);
    expect((await shell(phone, 'getprop ro.product.model')).stdout, 'shell works once authorized').toBe('SM-S938B\n');
  });

  it('refuses to start on a port that is taken, with a message that says what to do', async () => {
    const phone = await startVirtualPhone({ vendor: 'pixel', stateDir: mkdtempSync(join(tmpdir(), 'vp-port-')) });
    phones.push(phone);
    const second = mkdtempSync(join(tmpdir(), 'vp-port2-'));
    try {
      await expect(startVirtualPhone({ vendor: 'pixel', port: phone.port, stateDir: second }), 'second phone on the same port').rejects.toThrow(
        new RegExp(`port ${phone.port} .*taken.*--port`),
      );
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });

  it('drops a connection that sends garbage and keeps serving adb', async () => {
    const phone = await startConnectedPhone({ vendor: 'pixel' });
    phones.push(phone);
    const closed = await new Promise<boolean>((resolve) => {
      const sock = connect(phone.port, phone.host, () => sock.write('GET / HTTP/1.1\r\nHost: phone\r\n\r\n'));
      sock.on('close', () => resolve(true));
      sock.on('error', () => resolve(true));
      setTimeout(() => resolve(false), 3000);
    });
    expect(closed, 'the garbage connection was closed by the phone').toBe(true);
    expect((await shell(phone, 'echo still-here')).stdout, 'the adb connection still works').toBe('still-here\n');
  });
});
