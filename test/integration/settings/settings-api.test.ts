import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dispatch } from '../../../src/main/api/dispatch';
import { Lab } from '../../../src/main/lab/lab';
import { EnvSecretStore, MemorySecretStore } from '../../../src/main/settings/secret-store';
import { SettingsService } from '../../../src/main/settings/service';
import { SettingsRepository } from '../../../src/main/settings/repository';
import { openDatabase } from '../../../src/main/store/database';
import type { KeyStatus, SettingsView, TestKeyResponse } from '../../../src/shared/api/settings';
import { tempDir } from '../../helpers/temp-dir';
import { startFakeAnthropic } from '../strategies/fake-anthropic';

const KEY = 'sk-ant-settings-SECRET-0123456789';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function newLab(secrets?: MemorySecretStore, anthropicBaseUrl?: string): Lab {
  const t = tempDir();
  // The base URL as a command-line flag would give it: never a setting.
  const lab = new Lab({ host: 'http', home: t.path, ...(secrets ? { secrets } : {}), ...(anthropicBaseUrl ? { llmBaseUrls: { anthropic: anthropicBaseUrl } } : {}) });
  cleanups.push(t.cleanup, () => lab.close());
  return lab;
}

describe('settings API with an in-memory SecretStore (the Electron app\'s shape)', () => {
  it('get / set / setKey / deleteKey / testKey; the key never comes back', async () => {
    const fake = await startFakeAnthropic({ validKeys: [KEY], knownModels: ['claude-opus-5-5'] });
    cleanups.push(() => fake.close());
    const store = new MemorySecretStore();
    const lab = newLab(store, fake.url);
    const changed: SettingsView[] = [];
    lab.events.on('settings.changed', (v) => changed.push(v));
    const call = <T>(m: string, input: unknown) => dispatch(lab.handlers, 'settings', m, input) as Promise<T>;

    const v0 = await call<SettingsView>('get', {});
    expect(v0.keyStore).toMatchObject({ writable: true, kind: 'safeStorage' });
    expect(v0.settings.compareFolds).toBe(5);
    expect(v0.keys.anthropic.configured).toBe(v0.keys.anthropic.source === 'env');

    expect(v0.endpoints.anthropic).toEqual({ baseUrl: fake.url, source: 'flag', from: '--anthropic-base-url', error: null });
    const v1 = await call<SettingsView>('set', { patch: { compareK: 8, compareCostMetric: 'latency' } });
    expect(v1.settings).toMatchObject({ compareK: 8, compareCostMetric: 'latency' });
    await expect(call('set', { patch: { anthropicBaseUrl: fake.url } })).rejects.toThrow(/Invalid request.*anthropicBaseUrl/);
    await expect(call('set', { patch: { secret: 'x' } })).rejects.toThrow(/Invalid request/);

    const k = await call<KeyStatus>('setKey', { provider: 'anthropic', key: `  ${KEY}\n` });
    expect(k).toEqual({ provider: 'anthropic', configured: true, source: 'safeStorage', envVars: ['ANTHROPIC_API_KEY'] });
    expect(store.get('apiKey.anthropic')).toBe(KEY);
    await expect(call('setKey', { provider: 'anthropic', key: 'sk ant with spaces' })).rejects.toThrow(/no spaces/);

    const ok = await call<TestKeyResponse>('testKey', { provider: 'anthropic' });
    expect(ok).toMatchObject({ ok: true, provider: 'anthropic', model: 'claude-opus-5-5' });
    const unknown = await call<TestKeyResponse>('testKey', { provider: 'anthropic', model: 'claude-nope' });
    expect(unknown).toMatchObject({ ok: false, kind: 'not-found' });

    store.set('apiKey.anthropic', 'sk-ant-wrong-SECRET-999999999');
    const bad = await call<TestKeyResponse>('testKey', { provider: 'anthropic' });
    expect(bad).toMatchObject({ ok: false, kind: 'auth' });
    expect(JSON.stringify(bad)).not.toContain('sk-ant-wrong');

    const d = await call<KeyStatus>('deleteKey', { provider: 'anthropic' });
    expect(d.source === 'safeStorage').toBe(false);
    expect(store.has('apiKey.anthropic')).toBe(false);
    expect(changed.length).toBe(3);
    for (const v of [v0, v1, k, ok, bad, d, ...changed]) expect(JSON.stringify(v)).not.toContain(KEY);
  });
});

describe('settings with the environment store (serve / CLI)', () => {
  it('reports env keys, refuses to store keys with what to set, persists non-secret settings', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const db = openDatabase(join(t.path, 'lab.sqlite'));
    cleanups.push(() => db.close());
    const env = { GOOGLE_API_KEY: 'AIzaSyENV-gemini-key-00000000000000' };
    const s = new SettingsService({ repository: new SettingsRepository(db), secrets: new EnvSecretStore(env), env });
    const v = s.view();
    expect(v.keyStore).toMatchObject({ writable: false, kind: 'env' });
    expect(v.keys.gemini).toEqual({ provider: 'gemini', configured: true, source: 'env', envVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] });
    expect(v.keys.anthropic).toMatchObject({ configured: false, source: null });
    expect(JSON.stringify(v)).not.toContain('AIzaSyENV');
    expect(s.apiKey('gemini')).toBe(env.GOOGLE_API_KEY);
    expect(() => s.setKey('anthropic', 'sk-ant-xxxxxxxxxxxx')).toThrow(/set ANTHROPIC_API_KEY/);
    expect(() => s.deleteKey('gemini')).toThrow(/GEMINI_API_KEY/);
    s.set({ geminiModel: 'gemini-2.5-pro', llmConcurrency: 2 });
    const again = new SettingsService({ repository: new SettingsRepository(db), env: { AURORA_GEMINI_BASE_URL: 'http://127.0.0.1:9' } });
    expect(again.settings()).toMatchObject({ geminiModel: 'gemini-2.5-pro', llmConcurrency: 2 });
    expect(again.baseUrl('gemini')).toBe('http://127.0.0.1:9');
    expect(again.view().keys.gemini.configured).toBe(false);
  });
});
