/**
 * What the CLI exposes beyond this computer, as a user starts it: the virtual phone (a code-execution service)
 * listens on loopback unless --host is given and warns loudly when it is; `serve` on a non-default address keeps
 * a Host allow-list (the bound address and --allow-host names).
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import type { CommanderError } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/main/cli/main';
import { parseServeUrl, startCli, type LabProcess } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir();
const started: LabProcess[] = [];

afterEach(async () => {
  for (const p of started.splice(0)) await p.stop();
});

afterAll(() => home.cleanup());

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

function firstExternalIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

describe('aurora-lab virtual-phone', () => {
  it('says in its help what it is: a code-execution service, on 127.0.0.1 unless --host', () => {
    const help = buildProgram().commands.find((c) => c.name() === 'virtual-phone')!.helpInformation();
    expect(help).toMatch(/code-execution service/);
    expect(help).toMatch(/127\.0\.0\.1 unless --host/);
  });

  it('listens on 127.0.0.1 only by default, and does not warn', async () => {
    const phone = await startCli(['--home', home.path, 'virtual-phone', '--port', '0', '--serial', 'loopback-only']);
    started.push(phone);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(phone.firstLine)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    const external = firstExternalIPv4();
    if (external) expect(await reachable(external, port)).toBe(false);
    expect(phone.output()).not.toMatch(/WARNING/);
  });

  it('warns loudly on stderr when --host exposes it', async () => {
    const phone = await startCli(['--home', home.path, 'virtual-phone', '--host', '0.0.0.0', '--port', '0', '--serial', 'exposed']);
    started.push(phone);
    await expect.poll(() => phone.output()).toMatch(/WARNING: this virtual phone listens on 0\.0\.0\.0:\d+, beyond this computer/);
    expect(phone.output()).toMatch(/run it as your user/);
  });
});

describe('aurora-lab serve --host / --allow-host', () => {
  it('refuses an --allow-host that is not a host name (usage error)', async () => {
    let stderr = '';
    const program = buildProgram().configureOutput({ writeErr: (t) => (stderr += t), writeOut: () => {} });
    for (const c of program.commands) c.configureOutput({ writeErr: (t) => (stderr += t), writeOut: () => {} });
    const err = await program.parseAsync(['node', 'aurora-lab', '--home', home.path, 'serve', '--allow-host', 'evil.example:80']).catch((e: unknown) => e);
    expect((err as CommanderError).exitCode).toBe(1);
    expect((err as CommanderError).code).toBe('commander.invalidArgument');
    expect(stderr).toMatch(/--allow-host takes a host name/);
  });

  it('on 127.0.0.2 answers its own address and --allow-host names, and refuses other Host headers', async () => {
    const lab = await startCli(['--home', home.path, 'serve', '--host', '127.0.0.2', '--port', '0', '--allow-host', 'lab.example']);
    started.push(lab);
    const { origin, token } = parseServeUrl(lab.firstLine);
    const port = Number(new URL(origin).port);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${origin}/api/lab/info`, {
          method: 'POST',
          headers: { host, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await status(`127.0.0.2:${port}`)).toBe(200);
    expect(await status(`lab.example:${port}`)).toBe(200);
    expect(await status(`rebound.evil.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(403);
  });
});

