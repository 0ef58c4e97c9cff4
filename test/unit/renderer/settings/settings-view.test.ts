import { describe, expect, it } from 'vitest';
import type { LabSettings, SettingsView } from '../../../../src/shared/api/settings';
import {
  buildSettingsPatch,
  endpointText,
  keySourceText,
  readOnlyKeyNote,
  serverFieldErrors,
  settingsToForm,
  testKeyText,
  validateKey,
} from '../../../../src/renderer/src/settings/settings-view';

const settings: LabSettings = {
  adbPath: null,
  pollIntervalMs: 2000,
  anthropicModel: 'claude-opus-4-1',
  geminiModel: 'gemini-2.5-pro',
  llmConcurrency: 4,
  compareFolds: 5,
  compareK: null,
  compareCostMetric: 'energy',
};

function view(writable: boolean): SettingsView {
  return {
    settings,
    keys: {
      anthropic: { provider: 'anthropic', configured: false, source: null, envVars: ['ANTHROPIC_API_KEY'] },
      gemini: { provider: 'gemini', configured: true, source: 'env', envVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] },
    },
    endpoints: {
      anthropic: { baseUrl: 'https://api.anthropic.com', source: 'default', from: null, error: null },
      gemini: { baseUrl: 'http://127.0.0.1:9000', source: 'env', from: 'AURORA_GEMINI_BASE_URL', error: null },
    },
    keyStore: { writable, kind: writable ? 'safeStorage' : 'env', note: writable ? 'Keys are encrypted with the OS keychain.' : 'Keys come from the environment.' },
  };
}

describe('settings view: the form', () => {
  it('fills the form from the stored settings', () => {
    expect(settingsToForm(settings)).toEqual({
      adbPath: '',
      pollIntervalMs: '2000',
      anthropicModel: 'claude-opus-4-1',
      geminiModel: 'gemini-2.5-pro',
      llmConcurrency: '4',
      compareFolds: '5',
      compareK: 'auto',
      compareCostMetric: 'energy',
    });
  });

  it('patches only what changed', () => {
    expect(buildSettingsPatch(settingsToForm(settings), settings)).toEqual({ ok: true, patch: {}, changed: [] });
    const form = { ...settingsToForm(settings), adbPath: ' /opt/adb ', compareK: '8', compareCostMetric: 'latency' as const };
    expect(buildSettingsPatch(form, settings)).toEqual({
      ok: true,
      patch: { adbPath: '/opt/adb', compareK: 8, compareCostMetric: 'latency' },
      changed: ['adbPath', 'compareK', 'compareCostMetric'],
    });
    expect(buildSettingsPatch({ ...settingsToForm({ ...settings, compareK: 8 }), compareK: '' }, { ...settings, compareK: 8 })).toMatchObject({ ok: true, patch: { compareK: null } });
  });

  it('names each wrong field', () => {
    const form = { ...settingsToForm(settings), pollIntervalMs: '100', llmConcurrency: '0', compareFolds: 'x', compareK: '65', anthropicModel: 'bad model', geminiModel: '' };
    expect(buildSettingsPatch(form, settings)).toEqual({
      ok: false,
      errors: {
        pollIntervalMs: 'The poll interval must be a whole number from 250 to 60000.',
        llmConcurrency: 'Concurrency must be a whole number from 1 to 32.',
        compareFolds: 'Folds must be a whole number from 2 to 20.',
        compareK: 'K must be a whole number from 1 to 64.',
        anthropicModel: 'A model id has letters, digits and . _ : @ / -',
        geminiModel: 'A model id is required.',
      },
    });
  });

  it('maps the lab’s field issues onto the form', () => {
    expect(serverFieldErrors([{ path: 'patch.pollIntervalMs', message: 'too small' }])).toEqual({ pollIntervalMs: 'too small' });
    expect(serverFieldErrors(null)).toEqual({});
  });
});

describe('settings view: keys', () => {
  it('shows only whether a key is configured and where from', () => {
    const v = view(true);
    expect(keySourceText(v.keys.anthropic)).toBe('not configured');
    expect(keySourceText(v.keys.gemini)).toBe('configured · from the environment (GEMINI_API_KEY or GOOGLE_API_KEY)');
    expect(keySourceText({ ...v.keys.anthropic, configured: true, source: 'safeStorage' })).toMatch(/encrypted/);
  });

  it('shows the endpoint each key goes to, read-only, and a key saved for another endpoint', () => {
    const v = view(true);
    expect(endpointText(v.endpoints.anthropic)).toBe('https://api.anthropic.com (the provider’s API)');
    expect(endpointText(v.endpoints.gemini)).toBe('http://127.0.0.1:9000 (from AURORA_GEMINI_BASE_URL)');
    expect(endpointText({ baseUrl: null, source: 'env', from: 'AURORA_GEMINI_BASE_URL', error: 'refused: https only' })).toBe('refused: https only');
    expect(keySourceText({ ...v.keys.anthropic, problem: 'Re-enter the key for that endpoint.' })).toBe('Re-enter the key for that endpoint.');
    expect(Object.keys(settingsToForm(settings))).not.toContain('anthropicBaseUrl');
  });

  it('tells the user which environment variables to set when the store is read-only', () => {
    expect(readOnlyKeyNote(view(true))).toBeNull();
    expect(readOnlyKeyNote(view(false))).toBe(
      'This lab (served over HTTP or the CLI) keeps no keys: set ANTHROPIC_API_KEY / GEMINI_API_KEY or GOOGLE_API_KEY in the environment of the lab process and restart it.',
    );
  });

  it('checks a key before sending it', () => {
    expect(validateKey('')).toBe('Paste a key first.');
    expect(validateKey('short')).toBe('That is too short to be an API key.');
    expect(validateKey('sk-ant abc def')).toBe('An API key has no spaces.');
    expect(validateKey('  sk-ant-api03-abcdef  ')).toBeNull();
  });

  it('describes a key test', () => {
    expect(testKeyText({ ok: true, provider: 'anthropic', model: 'claude-opus-4-1', latencyMs: 312.4 })).toEqual({ ok: true, text: 'Key accepted by Claude (Anthropic); model claude-opus-4-1 exists (312 ms).' });
    expect(testKeyText({ ok: false, provider: 'gemini', model: 'gemini-2.5-pro', latencyMs: 90, reason: 'API key not valid', kind: 'invalid-key' })).toEqual({
      ok: false,
      text: 'Not usable (invalid-key): API key not valid · model gemini-2.5-pro · 90 ms',
    });
  });
});
