/**
 * ensureServer against real conditions: the shared test server, a port with no server and no adb binary, and a
 * port held by something that is not an adb server. Never touches 5037.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdbBridge } from '../../../src/main/devices/adb-bridge';
import { ensureAdbServer, probeServer } from '../../../src/main/devices/adb-server';
import { ADB_NOT_FOUND_MESSAGE } from '../../../src/main/devices/errors';

const servers: Server[] = [];
const sockets = new Set<Socket>();

function listen(handler: (s: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((s) => {
      sockets.add(s);
      handler(s);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function freePort(): Promise<number> {
  const port = await listen(() => {});
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

afterEach(async () => {
  // A listener that never reads never sees the client's FIN; close its sockets or server.close() waits forever.
  for (const s of sockets) s.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('ensureServer', () => {
  it('finds the adb server on ANDROID_ADB_SERVER_PORT', async () => {
    const port = Number(process.env.ANDROID_ADB_SERVER_PORT);
    expect(port).not.toBe(5037);
    const info = await new AdbBridge().ensureServer();
    expect(info.port).toBe(port);
    expect(info.serverVersion).toBeGreaterThanOrEqual(39);
    const adb = await new AdbBridge().info();
    expect(adb).toMatchObject({ available: true, serverPort: port, error: null });
    expect(adb.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('explains a missing adb binary', async () => {
    const port = await freePort();
    const bridge = new AdbBridge({ port, adbPath: null, env: { PATH: '/nonexistent-bin' } });
    await expect(bridge.ensureServer()).rejects.toMatchObject({ code: 'adb-not-found' });
    await expect(bridge.ensureServer()).rejects.toThrow(ADB_NOT_FOUND_MESSAGE);
    expect(ADB_NOT_FOUND_MESSAGE).toContain('https://developer.android.com/tools/releases/platform-tools');
    expect(ADB_NOT_FOUND_MESSAGE).toContain('apt-get install adb');

    const explicit = new AdbBridge({ port, adbPath: '/opt/nowhere/adb', env: { PATH: '' } });
    await expect(explicit.ensureServer()).rejects.toThrow(/Looked for: \/opt\/nowhere\/adb/);
    const info = await explicit.info();
    expect(info).toMatchObject({ available: false, path: null, serverPort: port });
    expect(info.error).toContain('adb was not found');
  });

  it('explains a port held by something that is not an adb server (silent listener)', async () => {
    const port = await listen(() => {}); // accepts, never answers
    const err = await ensureAdbServer({ port }).then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error,
    );
    expect(err).toMatchObject({ code: 'adb-port-in-use' });
    expect(err.message).toContain(`Port ${port}`);
    expect(err.message).toContain('ANDROID_ADB_SERVER_PORT');
  }, 15_000);

  it('explains a port held by an HTTP server', async () => {
    const port = await listen((s) => {
      s.on('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    });
    await expect(new AdbBridge({ port }).ensureServer()).rejects.toThrow(
      new RegExp(`Port ${port} is taken by a program that is not an adb server.*ANDROID_ADB_SERVER_PORT`),
    );
    expect((await new AdbBridge({ port }).info()).error).toMatch(/not an adb server/);
  });

  it('tells an adb server from a refused port', async () => {
    expect(await probeServer(Number(process.env.ANDROID_ADB_SERVER_PORT))).toMatchObject({ kind: 'adb' });
    expect(await probeServer(await freePort())).toEqual({ kind: 'refused' });
  });
});
