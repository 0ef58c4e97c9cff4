/**
 * `aurora-lab demo` as a user runs it: real processes, the real adb server of this worker. The serial it prints
 * works in the next command (`profile --devices <serial>`), and Ctrl-C stops the phone cleanly.
 */
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { realEngineBuild } from '../../../src/main/runner/artifacts';
import { adb } from '../../helpers/adb-cli';
import { runCli, startCli, type LabProcess } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir();
const running: LabProcess[] = [];

afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
  home.cleanup();
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('aurora-lab demo', () => {
  it(
    'starts and connects a phone, prints the next commands with its serial; profile takes that serial; Ctrl-C stops it',
    async () => {
      const demo = await startCli(['--home', home.path, 'demo'], {}, 90_000);
      running.push(demo);
      const serial = /^Virtual pixel phone (127\.0\.0\.1:\d+) is connected and ready/.exec(demo.firstLine)?.[1];
      expect(serial, demo.output()).toBeDefined();
      // The rest of what it prints: the exact commands, with this home and serial.
      await expect.poll(() => demo.output(), { timeout: 10_000 }).toMatch(/press Ctrl-C to stop it/);
      expect(demo.output()).toContain(`aurora-lab --home ${home.path} profile --devices ${serial} --models gemma-270m,lfm2-350m --dataset starter --n 10`);

      const r = await runCli(['--home', home.path, 'profile', '--devices', serial!, '--models', 'gemma-270m', '--dataset', 'starter', '--n', '2', '--json'], {}, 240_000);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { campaign: { status: string; done: number; serials: string[] } };
      expect(out.campaign).toMatchObject({ status: 'done', serials: [serial] });

      const port = Number(serial!.split(':')[1]);
      expect(await listening(port)).toBe(true);
      expect(await demo.stop('SIGINT')).toBe(0);
      expect(demo.output()).toContain(`Stopping the virtual phone ${serial}`);
      expect(await listening(port)).toBe(false);
      expect((await adb(['devices'])).stdout).not.toContain(serial);
    },
    360_000,
  );

  it('--json prints the phone as one JSON line; --vendor samsung is a Samsung phone', async () => {
    const demo = await startCli(['--home', home.path, 'demo', '--vendor', 'samsung', '--json'], {}, 90_000);
    running.push(demo);
    const phone = JSON.parse(demo.firstLine) as { serial: string; address: string; vendor: string; engine: string; simulated: boolean; home: string };
    expect(phone).toMatchObject({ vendor: 'samsung', engine: 'simulated', simulated: true, home: home.path });
    expect(phone.address).toBe(phone.serial);
    const d = await runCli(['--home', home.path, 'devices', '--json']);
    const listed = (JSON.parse(d.stdout) as Array<{ serial: string; state: string; facts: { manufacturer: string } | null }>).find((x) => x.serial === phone.serial);
    expect(listed).toMatchObject({ state: 'device', facts: { manufacturer: 'samsung' } });
    expect(await demo.stop('SIGTERM')).toBe(0);
  }, 180_000);

  it.runIf('missing' in realEngineBuild({ buildCacheDir: `${home.path}/runner-build` }))('--engine cactus without the engine built says how to build it (exit 1)', async () => {
    const r = await runCli(['--home', home.path, 'demo', '--engine', 'cactus'], {}, 90_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The real engine is not built .*npm run build:engine/);
  }, 120_000);
});
