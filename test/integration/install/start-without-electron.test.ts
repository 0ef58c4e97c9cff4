/**
 * `npm start` where Electron's binary is absent (CI, air-gapped machines, any install whose download failed): it
 * says so plainly and serves the same UI through `aurora-lab serve`. Runs the real start script and fetches the page
 * it points at.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronStatus } from '../../../scripts/electron-status.mjs';
import { parseServeUrl } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

const ROOT = resolve(import.meta.dirname, '../../..');
const status = electronStatus();

describe('npm start without an Electron binary', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('keeps electron optional, so an install where its binary cannot be fetched still succeeds', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(pkg.optionalDependencies?.electron).toBeTruthy();
    expect(pkg.devDependencies?.electron).toBeUndefined();
    expect(pkg.dependencies?.electron).toBeUndefined();
  });

  it.skipIf(status.ok)('says why and serves the same UI in the browser', async () => {
    const home = tempDir();
    cleanups.push(home.cleanup);
    const child = spawn(process.execPath, [resolve(ROOT, 'scripts/start.mjs'), '--no-browser'], {
      cwd: ROOT,
      env: { ...process.env, AURORA_LAB_HOME: home.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const line = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`start printed no URL in time:\n${out}`)), 120_000);
      child.stdout.on('data', () => {
        const m = /Aurora Lab is serving at (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[0]);
        }
      });
      child.on('exit', (code) => rej(new Error(`start exited with ${code}:\n${out}`)));
    });
    expect(out).toMatch(/the desktop app cannot start here: .*electron/i);
    expect(out).toMatch(/Opening the same UI in your browser/);
    const { url } = parseServeUrl(line);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">|<script/);
  }, 150_000);
});
