import { afterAll, describe, expect, it, vi } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../../src/main/api/dispatch';
import { toErrorBody } from '../../../src/main/api/error-map';
import { Lab } from '../../../src/main/lab/lab';
import { FileSecretStore } from '../../../src/main/settings/secret-store';
import type { SecretCipher } from '../../../src/main/settings/secret-store';
import { LAB_EVENT_NAMES } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/temp-dir';
import { startFakeAnthropic } from '../strategies/fake-anthropic';
import { startFakeGemini } from '../strategies/fake-gemini';
import { handRun, storeRun } from '../compare/fixture';

// The Electron store is FileSecretStore + safeStorage; here the same store with an AES-256-GCM test cipher.
const aesKey = randomBytes(32);
const cipher: SecretCipher = {
  unavailableReason: () => null,
  encrypt(plain) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', aesKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decrypt(data) {
    const d = createDecipheriv('aes-256-gcm', aesKey, data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  },
};

const CLAUDE = 'sk-ant-LEAKCHECK-claude-0123456789abcdef';
const GEMINI = 'AIzaSyLEAKCHECK-gemini-0123456789abcdef';
const home = tempDir();
afterAll(() => home.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('API keys never appear in clear', () => {
  it('in API responses, events, log lines, the database file or the key store file', async () => {
    const claude = await startFakeAnthropic({ validKeys: [CLAUDE], reply: () => 'gemma-270m' });
    // Gemini rejects the key: its error path must not echo it either.
    const gemini = await startFakeGemini({ validKeys: ['other'] });
    const out: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true)),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' ')))),
    ];
    const store = new FileSecretStore(join(home.path, 'secrets.json'), cipher);
    const lab = new Lab({ host: 'electron', home: home.path, secrets: store, llmBaseUrls: { anthropic: claude.url, gemini: gemini.url } });
    const seen: unknown[] = [];
    for (const e of LAB_EVENT_NAMES) lab.events.on(e, (p: unknown) => void seen.push(p));
    const call = async (d: string, m: string, input: unknown) => {
      try {
        const r = await dispatch(lab.handlers, d, m, input);
        seen.push(r);
        return r;
      } catch (err) {
        seen.push(toErrorBody(err));
        return null;
      }
    };
    try {
      storeRun(lab.db, handRun('run-leak0001'));
      await call('settings', 'setKey', { provider: 'anthropic', key: CLAUDE });
      await call('settings', 'setKey', { provider: 'gemini', key: GEMINI });
      await call('settings', 'get', {});
      await call('settings', 'testKey', { provider: 'anthropic' });
      await call('settings', 'testKey', { provider: 'gemini' });
      await call('settings', 'testKey', { provider: 'anthropic', model: 'claude-unknown' });
      await call('strategies', 'list', {});
      const r = (await call('compare', 'run', { runIds: ['run-leak0001'], strategies: ['claude', 'gemini', 'oracle'], costMetric: 'size' })) as { id: string; groups: Array<{ rows: Array<{ name: string; unavailable: string | null }> }> };
      expect(r.groups[0]!.rows.find((x) => x.name === 'claude')!.unavailable).toBeNull();
      expect(r.groups[0]!.rows.find((x) => x.name === 'gemini')!.unavailable).toMatch(/rejected/);
      await call('compare', 'get', { comparisonId: r.id });
      await call('compare', 'exportCsv', { comparisonId: r.id });
      await call('compare', 'list', {});
      // The store works: the keys are there, encrypted.
      expect(store.get('apiKey.anthropic')).toBe(CLAUDE);
      expect(store.get('apiKey.gemini')).toBe(GEMINI);
      await call('settings', 'deleteKey', { provider: 'gemini' });
    } finally {
      for (const s of spies) s.mockRestore();
      await lab.close();
      await claude.close();
      await gemini.close();
    }
    expect(claude.generations).toBe(12);
    expect(seen.length).toBeGreaterThan(15);
    const text = JSON.stringify(seen) + out.join('\n');
    for (const key of [CLAUDE, GEMINI]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(8, 30));
      const needles = [Buffer.from(key), Buffer.from(key.slice(8, 30)), Buffer.from(Buffer.from(key).toString('base64').slice(0, 24))];
      // Every file the lab wrote: lab.sqlite, its WAL, secrets.json.
      const files = filesUnder(home.path);
      expect(files.some((f) => f.endsWith('lab.sqlite'))).toBe(true);
      expect(files.some((f) => f.endsWith('secrets.json'))).toBe(true);
      for (const f of files) for (const n of needles) expect(readFileSync(f).indexOf(n), `${n.toString()} found in ${f}`).toBe(-1);
    }
  });
});
