/**
 * Settings (the `settings` table of db/0001_devices.sql, one JSON value per key) and API keys (a SecretStore,
 * with the environment as a read-only fallback). Keys leave this module only towards the LLM clients
 * (`apiKey()`); every view built for the API carries `{configured, source}` and nothing else.
 */
import type { KeyStatus, LabSettings, LlmProviderId, SettingsView, TestKeyResponse } from '../../shared/api/settings';
import { settingsPatchSchema, LLM_PROVIDERS } from '../../shared/api/settings';
import { LabError } from '../api/lab-error';
import type { LabEventSink } from '../api/events';
import type { SettingsRepository } from './repository';
import { DEFAULT_MODELS } from '../strategies/llm-router/providers';
import { redact } from '../strategies/llm-router/redact';
import { testKey as testProviderKey } from '../strategies/llm-router/run';
import { EnvSecretStore, KEY_ENV_VARS, KEY_NAMES } from './secret-store';
import type { SecretStore } from './secret-store';

export const DEFAULT_SETTINGS: LabSettings = {
  adbPath: null,
  pollIntervalMs: 2000,
  anthropicModel: DEFAULT_MODELS.anthropic,
  geminiModel: DEFAULT_MODELS.gemini,
  anthropicBaseUrl: null,
  geminiBaseUrl: null,
  llmConcurrency: 4,
  compareFolds: 5,
  compareK: null,
  compareCostMetric: 'energy',
};

/** Base-URL environment overrides (proxies; the tests' fake servers), used when the setting is null. */
export const BASE_URL_ENV: Record<LlmProviderId, string[]> = {
  anthropic: ['ANTHROPIC_BASE_URL'],
  gemini: ['GEMINI_BASE_URL', 'GOOGLE_GEMINI_BASE_URL'],
};

export interface SettingsServiceOptions {
  repository: SettingsRepository;
  /** The key store; default: the environment (read-only). */
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** `settings.changed` goes here. */
  events?: LabEventSink;
}

export class SettingsService {
  readonly secrets: SecretStore;
  private readonly envStore: EnvSecretStore;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: SettingsServiceOptions) {
    this.env = opts.env ?? process.env;
    this.envStore = new EnvSecretStore(this.env);
    this.secrets = opts.secrets ?? this.envStore;
  }

  settings(): LabSettings {
    const rows = this.opts.repository.entries();
    const out: LabSettings = { ...DEFAULT_SETTINGS };
    const known = new Set(Object.keys(DEFAULT_SETTINGS));
    for (const r of rows) {
      if (!known.has(r.key)) continue;
      try {
        const parsed = settingsPatchSchema.safeParse({ [r.key]: JSON.parse(r.value) as unknown });
        if (parsed.success) Object.assign(out, parsed.data);
      } catch {
        // A corrupt value falls back to the default.
      }
    }
    return out;
  }

  set(patch: Partial<LabSettings>): SettingsView {
    this.opts.repository.put(settingsPatchSchema.parse(patch));
    return this.changed();
  }

  keyStatus(provider: LlmProviderId): KeyStatus {
    const name = KEY_NAMES[provider];
    const stored = this.secrets !== this.envStore && this.secrets.has(name);
    const env = this.envStore.has(name);
    return {
      provider,
      configured: stored || env,
      source: stored ? this.secrets.kind : env ? 'env' : null,
      envVars: KEY_ENV_VARS[provider],
    };
  }

  view(): SettingsView {
    const keys = Object.fromEntries(LLM_PROVIDERS.map((p) => [p, this.keyStatus(p)])) as Record<LlmProviderId, KeyStatus>;
    const writable = this.secrets.writable;
    return {
      settings: this.settings(),
      keys,
      keyStore: {
        writable,
        kind: this.secrets.kind,
        note: writable
          ? 'Keys are encrypted with the operating system keychain (Electron safeStorage) and never shown again; a key in the environment is used when none is saved.'
          : `This lab keeps no keys: it reads ${[...KEY_ENV_VARS.anthropic, ...KEY_ENV_VARS.gemini].join(', ')} from its environment.`,
      },
    };
  }

  setKey(provider: LlmProviderId, key: string): KeyStatus {
    if (!this.secrets.writable) {
      throw new LabError('unavailable', `This lab keeps no API keys (aurora-lab serve / CLI): set ${KEY_ENV_VARS[provider].join(' or ')} in the environment of the lab process instead.`);
    }
    const value = key.trim();
    if (/\s/.test(value)) throw new LabError('bad-request', 'An API key has no spaces or line breaks; paste the key alone.');
    this.secrets.set(KEY_NAMES[provider], value);
    this.changed();
    return this.keyStatus(provider);
  }

  deleteKey(provider: LlmProviderId): KeyStatus {
    if (!this.secrets.writable) {
      throw new LabError('unavailable', `This lab keeps no API keys: unset ${KEY_ENV_VARS[provider].join(' / ')} in the environment of the lab process instead.`);
    }
    this.secrets.delete(KEY_NAMES[provider]);
    this.changed();
    return this.keyStatus(provider);
  }

  /** The key to call a provider with (saved first, then the environment). Only the LLM clients use it. */
  apiKey(provider: LlmProviderId): string | undefined {
    const name = KEY_NAMES[provider];
    return (this.secrets !== this.envStore ? this.secrets.get(name) : undefined) ?? this.envStore.get(name);
  }

  /** Router model for a provider (settings, else the default). */
  model(provider: LlmProviderId): string {
    const s = this.settings();
    return provider === 'anthropic' ? s.anthropicModel : s.geminiModel;
  }

  /** Base URL override: the setting, else the environment, else undefined (the provider's default). */
  baseUrl(provider: LlmProviderId): string | undefined {
    const s = this.settings();
    const set = provider === 'anthropic' ? s.anthropicBaseUrl : s.geminiBaseUrl;
    if (set) return set;
    for (const v of BASE_URL_ENV[provider]) if (this.env[v]?.trim()) return this.env[v]!.trim();
    return undefined;
  }

  async testKey(provider: LlmProviderId, model?: string): Promise<TestKeyResponse> {
    const key = this.apiKey(provider);
    const m = model ?? this.model(provider);
    if (!key) {
      return { ok: false, provider, model: m, latencyMs: 0, kind: 'no-key', reason: `No ${provider === 'anthropic' ? 'Claude' : 'Gemini'} key: save one in Settings or set ${KEY_ENV_VARS[provider].join(' or ')}.` };
    }
    const r = await testProviderKey(provider, key, m, { baseUrl: this.baseUrl(provider) });
    const out: TestKeyResponse = { ok: r.ok, provider, model: r.model, latencyMs: Math.round(r.latencyMs) };
    if (r.reason !== undefined) out.reason = redact(r.reason, [key]);
    if (r.kind !== undefined) out.kind = r.kind;
    return out;
  }

  private changed(): SettingsView {
    const v = this.view();
    this.opts.events?.emit('settings.changed', v);
    return v;
  }
}
