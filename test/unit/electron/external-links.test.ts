import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../src/main/electron/policy/external-links';

describe('shell.openExternal allow-list', () => {
  it('opens the documentation pages the lab links to', () => {
    for (const url of [
      'https://developer.android.com/studio/debug/dev-options',
      'https://developer.android.com/studio/debug/dev-options#enable',
      'https://developer.android.com/tools/adb',
      'https://huggingface.co/datasets/cais/mmlu',
      'https://huggingface.co/datasets/cais/mmlu/tree/main',
      'https://console.anthropic.com/settings/keys',
      'https://aistudio.google.com/apikey',
      'https://github.com/cactus-compute/cactus',
    ]) expect(isAllowedExternalUrl(url), url).toBe(true);
  });

  it('refuses every other scheme, host, path, port or credential', () => {
    for (const url of [
      'http://developer.android.com/tools/adb',
      'file:///etc/passwd',
      'smb://10.0.0.1/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'https://evil.example/tools/adb',
      'https://developer.android.com.evil.example/tools/adb',
      'https://developer.android.com/tools/adbx',
      'https://developer.android.com/',
      'https://developer.android.com:8443/tools/adb',
      'https://user:pw@developer.android.com/tools/adb',
      'https://huggingface.co/datasets/cais/mmlu-evil',
      'https://huggingface.co/datasets/cais/mmlu/..%2f..%2fmodels',
      'https://github.com/evil/cactus',
      'https://github.com/cactus-compute/../evil/repo',
      'https://__proto__/x',
      'not a url',
      '',
    ]) expect(isAllowedExternalUrl(url), url).toBe(false);
  });
});

describe('the Electron glue', () => {
  it('calls shell.openExternal only behind the allow-list, and never loads file:// pages', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const dir = resolve(import.meta.dirname, '../../../src/main/electron');
    const sources = [...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)), resolve(dir, '../index.ts')].map((f) => readFileSync(f, 'utf8'));
    const calls = sources.flatMap((s) => s.split('\n').filter((l) => l.includes('openExternal(')));
    expect(calls.length).toBeGreaterThan(0);
    for (const line of calls) expect(line).toMatch(/if \(isAllowedExternalUrl\(url\)\) void shell\.openExternal\(url\)/);
    expect(sources.some((s) => /loadFile\(|file:\/\//.test(s.replace(/^\s*(\*|\/\/).*$/gm, '')))).toBe(false);
  });
});
