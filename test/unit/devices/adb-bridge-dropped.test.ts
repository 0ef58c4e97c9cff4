/**
 * The bridge's host services when the adb server drops a request unanswered (seen once from the real server in a
 * fresh-clone CI run: `adb connect` failed with "ExactReadable ended", taken for adb's own answer). A fake
 * smart-socket server stands in for adb here (a unit test): it drops, fails or answers each request as told.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdbBridge, AdbRequestDroppedError } from '../../../src/main/devices/adb-bridge';

type Reply = 'drop' | { okay: string } | { fail: string };

/** Answers the n-th request with replies[n] (the last one repeats); records each service asked for. */
async function fakeAdbServer(replies: Reply[]): Promise<{ port: number; asked: string[]; server: Server }> {
  const asked: string[] = [];
  const hex = (s: string) => Buffer.byteLength(s).toString(16).padStart(4, '0');
  const server = createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const n = parseInt(buf.subarray(0, 4).toString(), 16);
      if (buf.length < 4 + n) return;
      asked.push(buf.subarray(4, 4 + n).toString());
      const r = replies[Math.min(asked.length - 1, replies.length - 1)]!;
      if (r === 'drop') sock.destroy();
      else if ('okay' in r) sock.end(`OKAY${hex(r.okay)}${r.okay}`);
      else sock.end(`FAIL${hex(r.fail)}${r.fail}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, asked, server };
}

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

describe('host services the adb server drops unanswered', () => {
  it('asks again once: a connect the server dropped and then answered connects', async () => {
    const fake = await fakeAdbServer(['drop', { okay: 'connected to 127.0.0.1:5555' }]);
    server = fake.server;
    const bridge = new AdbBridge({ port: fake.port });
    expect(await bridge.connect('127.0.0.1:5555')).toBe('connected to 127.0.0.1:5555');
    expect(fake.asked).toEqual(['host:connect:127.0.0.1:5555', 'host:connect:127.0.0.1:5555']);
  });

  it('says the server dropped it when it does so twice, instead of passing the drop off as adb\'s answer', async () => {
    const fake = await fakeAdbServer(['drop']);
    server = fake.server;
    const bridge = new AdbBridge({ port: fake.port });
    const err = await bridge.connect('127.0.0.1:5555').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdbRequestDroppedError);
    expect((err as Error).message).toBe(`the adb server on port ${fake.port} closed the connection before answering host:connect:127.0.0.1:5555`);
    expect(fake.asked).toHaveLength(2);
  });

  it('still takes a FAIL answer as adb\'s own text, asked once', async () => {
    const fake = await fakeAdbServer([{ fail: "no such device '127.0.0.1:5555'" }]);
    server = fake.server;
    const bridge = new AdbBridge({ port: fake.port });
    expect(await bridge.disconnect('127.0.0.1:5555')).toBe("no such device '127.0.0.1:5555'");
    expect(fake.asked).toHaveLength(1);
  });
});
