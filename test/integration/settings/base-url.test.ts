/**
 * API keys go only where the lab process was told at start (flag or environment), never where an API call says:
 * a capture server named through the old `settings.set` path, or an old database row, receives nothing; a
 * non-loopback http base URL is refused with a message (in the lab and on the command line); a key saved for one
 * endpoint is never sent to another.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import { Lab } from '../../../src/main/lab/lab';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';
import type { SettingsView, TestKeyResponse } from '../../../src/shared/api/settings';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { handRun, storeRun } from '../compare/fixture';
import { startFakeAnthropic } from '../strategies/fake-anthropic';
import type { FakeServer } from '../strategies/fake-common';

const KEY = 'sk-ant-BASEURL-0123456789abcdef';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(): Promise<FakeServer> {
  const f = await startFakeAnthropic({ validKeys: [KEY], reply: () => 'gemma-270m' });
  cleanups.push(() => f.close());
  return f;
}

function lab(home: string, secrets: MemorySecretStore, anthropic?: string): Lab {
  const l = new Lab({ host: 'http', home, secrets, ...(anthropic ? { llmBaseUrls: { anthropic } } : {}) });
  cleanups.push(() => l.close());
  return l;
}

const call = <T>(l: Lab, d: string, m: string, input: unknown) => dispatch(l.handlers, d, m, input) as Promise<T>;

describe('LLM base URLs', () => {
  it('a capture server set through the API (or an old stored setting) receives nothing', async () => {
    const proper = await fake();
    const capture = await fake();
    const home = tempDir();
    cleanups.push(home.cleanup);
    const secrets = new MemorySecretStore();
    const l = lab(home.path, secrets, proper.url);
    await call(l, 'settings', 'setKey', { provider: 'anthropic', key: KEY });
    await expect(call(l, 'settings', 'set', { patch: { anthropicBaseUrl: capture.url } })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/anthropicBaseUrl/) });
    await expect(call(l, 'settings', 'set', { patch: { geminiBaseUrl: capture.url } })).rejects.toMatchObject({ code: 'bad-request' });
    // A lab home written by an older version holds the override as a row: it is ignored.
    l.db.prepare("INSERT INTO settings (key, value) VALUES ('anthropicBaseUrl', ?)").run(JSON.stringify(capture.url));
    storeRun(l.db, handRun('run-baseurl1'));
    expect(await call<TestKeyResponse>(l, 'settings', 'testKey', { provider: 'anthropic' })).toMatchObject({ ok: true });
    const cmp = await call<{ groups: Array<{ rows: Array<{ name: string; unavailable: string | null }> }> }>(l, 'compare', 'run', { runIds: ['run-baseurl1'], strategies: ['claude', 'oracle'], costMetric: 'size' });
    expect(cmp.groups[0]!.rows.find((r) => r.name === 'claude')!.unavailable).toBeNull();
    const view = await call<SettingsView>(l, 'settings', 'get', {});
    expect(view.endpoints.anthropic).toMatchObject({ baseUrl: proper.url, source: 'flag' });
    expect(JSON.stringify(view.settings)).not.toContain(capture.url);
    expect(proper.generations).toBeGreaterThan(0);
    expect(capture.requests).toBe(0);
  });

  it('refuses a non-loopback http base URL with a message, from a flag or the environment', async () => {
    const home = tempDir();
    cleanups.push(home.cleanup);
    const secrets = new MemorySecretStore();
    secrets.set('apiKey.anthropic', KEY);
    const l = lab(home.path, secrets, 'http://capture.example.com:8080');
    const view = await call<SettingsView>(l, 'settings', 'get', {});
    expect(view.endpoints.anthropic).toMatchObject({ baseUrl: null, error: expect.stringMatching(/--anthropic-base-url=http:\/\/capture\.example\.com:8080 is refused: .*https/) });
    const t = await call<TestKeyResponse>(l, 'settings', 'testKey', { provider: 'anthropic' });
    expect(t).toMatchObject({ ok: false, kind: 'endpoint-refused', reason: expect.stringMatching(/is refused/) });
    await expect(call(l, 'settings', 'setKey', { provider: 'anthropic', key: KEY })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/is refused.*not saved/) });
    const list = await call<Array<{ id: string; available: boolean; reason: string | null }>>(l, 'strategies', 'list', {});
    expect(list.find((s) => s.id === 'claude')).toMatchObject({ available: false, reason: expect.stringMatching(/is refused/) });

    const cli = await runCli(['--home', home.path, 'compare', '--run', 'run-x', '--anthropic-base-url', 'http://10.0.0.1:8080'], {}, 60_000);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--anthropic-base-url=http:\/\/10\.0\.0\.1:8080 is refused: an API base URL must be https:\/\/, or http:\/\/ to a loopback host/);
    storeRun(l.db, handRun('run-baseurl2'));
    const env = await runCli(['--home', home.path, 'compare', '--run', 'run-baseurl2', '--strategies', 'claude,oracle', '--cost', 'size', '--json'], { ANTHROPIC_API_KEY: KEY, AURORA_ANTHROPIC_BASE_URL: 'http://10.0.0.1:8080' }, 60_000);
    expect(env.code, env.stderr).toBe(0);
    const rows = (JSON.parse(env.stdout) as { groups: Array<{ rows: Array<{ name: string; unavailable: string | null }> }> }).groups[0]!.rows;
    expect(rows.find((r) => r.name === 'claude')!.unavailable).toMatch(/AURORA_ANTHROPIC_BASE_URL=http:\/\/10\.0\.0\.1:8080 is refused/);
  }, 120_000);

  it('a key saved for one endpoint is never sent to another: re-enter it there', async () => {
    const first = await fake();
    const second = await fake();
    const home = tempDir();
    cleanups.push(home.cleanup);
    const secrets = new MemorySecretStore();
    const a = lab(home.path, secrets, first.url);
    await call(a, 'settings', 'setKey', { provider: 'anthropic', key: KEY });
    expect(await call<TestKeyResponse>(a, 'settings', 'testKey', { provider: 'anthropic' })).toMatchObject({ ok: true });
    await a.close();

    const b = lab(home.path, secrets, second.url);
    const view = await call<SettingsView>(b, 'settings', 'get', {});
    expect(view.keys.anthropic).toMatchObject({ configured: false, source: null, problem: expect.stringMatching(new RegExp(`saved for ${first.url}.*${second.url}.*Re-enter the key for that endpoint`)) });
    const t = await call<TestKeyResponse>(b, 'settings', 'testKey', { provider: 'anthropic' });
    expect(t).toMatchObject({ ok: false, kind: 'endpoint-changed', reason: expect.stringMatching(/Re-enter the key/) });
    expect(second.requests).toBe(0);
    // Entered again for the new endpoint: now it goes there.
    await call(b, 'settings', 'setKey', { provider: 'anthropic', key: KEY });
    expect(await call<TestKeyResponse>(b, 'settings', 'testKey', { provider: 'anthropic' })).toMatchObject({ ok: true });
    expect(second.requests).toBe(1);
  });
});
