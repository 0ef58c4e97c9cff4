/**
 * Settings (the `settings` table of db/0001_devices.sql, one JSON value per key) and API keys (a SecretStore,
 * with the environment as a read-only fallback). Keys leave this module only towards the LLM clients
 * (`apiKey()`); every view built for the API carries `{configured, source}` and nothing else.
 */
import type { KeyStatus, LabSettings, LlmEndpoint, LlmProviderId, SettingsView, TestKeyResponse } from '../../shared/api/settings';
import { settingsPatchSchema, LLM_PROVIDERS } from '../../shared/api/settings';
import type { CallerKind } from '../../shared/contract';
import { LabError } from '../api/lab-error';
import type { LabEventSink } from '../api/events';
import type { SettingsRepository } from './repository';
import { DEFAULT_MODELS } from '../strategies/llm-router/providers';
import { redact } from '../strategies/llm-router/redact';
import { testKey as testProviderKey } from '../strategies/llm-router/run';
import { DEFAULT_BASE_URLS, resolveEndpoint } from './endpoints';
import { EnvSecretStore, KEY_ENV_VARS, KEY_NAMES } from './secret-store';
import type { SecretStore } from './secret-store';

export const DEFAULT_SETTINGS: LabSettings = {
  adbPath: null,
  pollIntervalMs: 2000,
  anthropicModel: DEFAULT_MODELS.anthropic,
  geminiModel: DEFAULT_MODELS.gemini,
  llmConcurrency: 4,
  compareFolds: 5,
  compareK: null,
  compareCostMetric: 'energy',
};

const WHO: Record<LlmProviderId, string> = { anthropic: 'Claude', gemini: 'Gemini' };

/** Where a saved key's endpoint is kept next to it: a key is only ever sent to the endpoint it was saved for. */
function endpointName(provider: LlmProviderId): string {
  return `${KEY_NAMES[provider]}.endpoint`;
}

export interface SettingsServiceOptions {
  repository: SettingsRepository;
  /** The key store; default: the environment (read-only). */
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** API base URLs given on the lab process's command line (`--anthropic-base-url`, `--gemini-base-url`). */
  baseUrls?: Partial<Record<LlmProviderId, string>>;
  /** `settings.changed` goes here. */
  events?: LabEventSink;
}

export class SettingsService {
  readonly secrets: SecretStore;
  private readonly envStore: EnvSecretStore;
  private readonly endpoints: Record<LlmProviderId, LlmEndpoint>;

  constructor(private readonly opts: SettingsServiceOptions) {
    const env = opts.env ?? process.env;
    this.envStore = new EnvSecretStore(env);
    this.secrets = opts.secrets ?? this.envStore;
    // Read once: the endpoint cannot change while the lab runs.
    this.endpoints = { anthropic: resolveEndpoint('anthropic', opts.baseUrls ?? {}, env), gemini: resolveEndpoint('gemini', opts.baseUrls ?? {}, env) };
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

  /** Over HTTP the adb executable (a program the lab runs) cannot be changed: only where the lab runs. */
  set(patch: Partial<LabSettings>, caller: CallerKind = 'cli'): SettingsView {
    if (caller === 'http' && patch.adbPath !== undefined && patch.adbPath !== this.settings().adbPath) {
      const msg = 'The adb executable is a program the lab runs, so it cannot be changed over HTTP (aurora-lab serve): set it in the desktop app\'s Settings, with `aurora-lab --adb PATH serve`, or the ADB environment variable.';
      throw new LabError('bad-request', `adbPath: ${msg}`, [{ path: 'patch.adbPath', message: msg }]);
    }
    this.opts.repository.put(settingsPatchSchema.parse(patch));
    return this.changed();
  }

  keyStatus(provider: LlmProviderId): KeyStatus {
    const name = KEY_NAMES[provider];
    const saved = this.secrets !== this.envStore && this.secrets.has(name);
    const mismatch = saved ? this.#savedForOtherEndpoint(provider) : null;
    const stored = saved && mismatch === null;
    const env = this.envStore.has(name);
    const status: KeyStatus = {
      provider,
      configured: stored || env,
      source: stored ? this.secrets.kind : env ? 'env' : null,
      envVars: KEY_ENV_VARS[provider],
    };
    if (mismatch) status.problem = mismatch;
    return status;
  }

  /** The endpoint a provider's key goes to (read-only: command line or environment, else the default). */
  endpoint(provider: LlmProviderId): LlmEndpoint {
    return { ...this.endpoints[provider] };
  }

  /** Null when a saved key may be sent to the endpoint in effect; else what to do. */
  #savedForOtherEndpoint(provider: LlmProviderId): string | null {
    const now = this.endpoints[provider].baseUrl;
    // Keys saved before endpoints were recorded were saved for the provider's own endpoint.
    const savedFor = this.secrets.get(endpointName(provider)) ?? DEFAULT_BASE_URLS[provider];
    if (now === savedFor) return null;
    return `The saved ${WHO[provider]} key was saved for ${savedFor}, but this lab sends ${WHO[provider]} requests to ${now ?? 'a refused endpoint'}: the key is not sent there. Re-enter the key for that endpoint in Settings (or start the lab without the base URL override).`;
  }

  view(): SettingsView {
    const keys = Object.fromEntries(LLM_PROVIDERS.map((p) => [p, this.keyStatus(p)])) as Record<LlmProviderId, KeyStatus>;
    const writable = this.secrets.writable;
    return {
      settings: this.settings(),
      keys,
      endpoints: { anthropic: this.endpoint('anthropic'), gemini: this.endpoint('gemini') },
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
    const endpoint = this.endpoints[provider];
    if (endpoint.baseUrl === null) throw new LabError('bad-request', `${endpoint.error} The key was not saved.`);
    this.secrets.set(KEY_NAMES[provider], value);
    this.secrets.set(endpointName(provider), endpoint.baseUrl);
    this.changed();
    return this.keyStatus(provider);
  }

  deleteKey(provider: LlmProviderId): KeyStatus {
    if (!this.secrets.writable) {
      throw new LabError('unavailable', `This lab keeps no API keys: unset ${KEY_ENV_VARS[provider].join(' / ')} in the environment of the lab process instead.`);
    }
    this.secrets.delete(KEY_NAMES[provider]);
    this.secrets.delete(endpointName(provider));
    this.changed();
    return this.keyStatus(provider);
  }

  /**
   * The key to call a provider with (saved first, then the environment), only when the endpoint in effect is
   * allowed and, for a saved key, the one it was saved for. Only the LLM clients use it.
   */
  apiKey(provider: LlmProviderId): string | undefined {
    if (this.keyReason(provider) !== null) return undefined;
    const name = KEY_NAMES[provider];
    const saved = this.secrets !== this.envStore && this.#savedForOtherEndpoint(provider) === null ? this.secrets.get(name) : undefined;
    return saved ?? this.envStore.get(name);
  }

  /** Why no key can be sent to the provider now (naming what to do), or null. */
  keyReason(provider: LlmProviderId): string | null {
    const endpoint = this.endpoints[provider];
    if (endpoint.error !== null) return endpoint.error;
    const name = KEY_NAMES[provider];
    const saved = this.secrets !== this.envStore && this.secrets.has(name);
    if (saved) {
      const mismatch = this.#savedForOtherEndpoint(provider);
      if (mismatch === null || this.envStore.has(name)) return null;
      return mismatch;
    }
    if (this.envStore.has(name)) return null;
    return `no ${WHO[provider]} API key: save one in Settings or set ${KEY_ENV_VARS[provider].join(' or ')}`;
  }

  /** Router model for a provider (settings, else the default). */
  model(provider: LlmProviderId): string {
    const s = this.settings();
    return provider === 'anthropic' ? s.anthropicModel : s.geminiModel;
  }

  /** The base URL keys are sent to; undefined when the configured one is refused (then `apiKey` is too). */
  baseUrl(provider: LlmProviderId): string | undefined {
    return this.endpoints[provider].baseUrl ?? undefined;
  }

  async testKey(provider: LlmProviderId, model?: string): Promise<TestKeyResponse> {
    const key = this.apiKey(provider);
    const m = model ?? this.model(provider);
    const baseUrl = this.baseUrl(provider);
    if (!key || !baseUrl) {
      const reason = this.keyReason(provider) ?? `no ${WHO[provider]} API key`;
      const kind = this.endpoints[provider].error !== null ? 'endpoint-refused' : this.keyStatus(provider).problem ? 'endpoint-changed' : 'no-key';
      return { ok: false, provider, model: m, latencyMs: 0, kind, reason: `${reason[0]!.toUpperCase()}${reason.slice(1)}${/[.)]$/.test(reason) ? '' : '.'}` };
    }
    const r = await testProviderKey(provider, key, m, { baseUrl });
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
