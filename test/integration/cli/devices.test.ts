/**
 * The CLI's device commands as a user runs them: real `aurora-lab` processes, the real adb server of this test
 * worker, a virtual phone started by `aurora-lab virtual-phone`.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adb } from '../../helpers/adb-cli';
import { runCli, startCli, type LabProcess } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir();
let phone: LabProcess;
let address: string;

beforeAll(async () => {
  phone = await startCli(['--home', home.path, 'virtual-phone', '--port', '0', '--vendor', 'samsung', '--serial', 'cli-samsung']);
  address = /listening on (\S+)/.exec(phone.firstLine)?.[1] ?? '';
});

afterAll(async () => {
  await adb(['disconnect', address]);
  await phone?.stop();
  home.cleanup();
});

describe('aurora-lab virtual-phone / connect / devices', () => {
  it('prints one line with its address once it listens', () => {
    expect(phone.firstLine).toMatch(/^virtual samsung phone listening on 127\.0\.0\.1:\d+ .*adb connect 127\.0\.0\.1:\d+$/);
  });

  it('connects it and lists it with its probed facts as JSON', async () => {
    const c = await runCli(['--home', home.path, 'connect', address]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain(`connected to ${address}`);
    const r = await runCli(['--home', home.path, 'devices', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{ serial: string; state: string; virtual: boolean; facts: { manufacturer: string; model: string; soc: string } | null }>;
    const d = list.find((x) => x.serial === address);
    expect(d).toMatchObject({ state: 'device', virtual: true, facts: { manufacturer: 'samsung', model: 'SM-S938B' } });
  });

  it('prints a table for people, with the virtual legend', async () => {
    const r = await runCli(['--home', home.path, 'devices']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SERIAL\s+STATE\s+MODEL/);
    expect(r.stdout).toContain('samsung SM-S938B');
    expect(r.stdout).toMatch(/virtual: an Aurora Lab virtual phone; its results are simulated/);
  });

  it('refuses a malformed address as bad input (exit code 2) and says what a valid one looks like', async () => {
    const r = await runCli(['--home', home.path, 'connect', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"nope": Use host:port/);
  });

  it('says what to check when nothing listens on the address (exit code 1), never a cable', async () => {
    // A port that was just free: nothing listens there, so adb answers "Connection refused".
    const probe: Server = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', () => res()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    const r = await runCli(['--home', home.path, 'connect', `127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: Could not connect to 127\\.0\\.0\\.1:${port}: nothing is listening on that address and port \\(adb: "Connection refused"\\)\\.`));
    expect(r.stderr).toMatch(/Wi-Fi debugging is on/);
    expect(r.stderr).toMatch(/same network/);
    expect(r.stderr).toContain(`\`aurora-lab virtual-phone --port ${port}\``);
    expect(r.stderr).not.toMatch(/cable/i);
  });

  it('refuses a virtual phone port that is taken, naming the port and what to do', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['--home', home.path, 'virtual-phone', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`port ${port}.*taken.*--port`));
    } finally {
      blocker.close();
    }
  });

  it('rejects bad usage with exit code 2', async () => {
    const r = await runCli(['virtual-phone', '--vendor', 'nokia']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are pixel, samsung/);
  });

  it('says how to install adb when the adb executable is missing', async () => {
    // A port with no server, so the lab has to start one with the (missing) executable.
    const r = await runCli(['--home', home.path, '--adb', '/nonexistent/adb', 'devices', '--json', '--wait-ms', '2000'], { ANDROID_ADB_SERVER_PORT: '5198' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/platform-tools|apt-get install adb/);
    // What was stored stays listed (as not connected), so the JSON is still usable.
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    const p = await startCli(['--home', home.path, 'virtual-phone', '--port', '0']);
    expect(await p.stop('SIGTERM')).toBe(0);
  });
});
