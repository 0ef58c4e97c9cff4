/**
 * Lab settings and API keys. Keys never cross the API in clear: a client can write a key (`setKey`), delete it,
 * test it, and learn whether one is configured and where it comes from, never read it back.
 *
 * Key storage: the Electron app encrypts keys with the OS keychain (Electron safeStorage) into `secrets.json` in
 * the lab home; `aurora-lab serve` and the CLI keep no keys and read them from the environment
 * (ANTHROPIC_API_KEY; GEMINI_API_KEY, else GOOGLE_API_KEY), so `setKey` is refused there with what to set.
 * In the app, a key from the environment is used when none was saved (source 'env').
 */
import { z } from 'zod';
import { method } from './method';

export const LLM_PROVIDERS = ['anthropic', 'gemini'] as const;
/** `anthropic` = Claude, `gemini` = Gemini: the two LLM routers of the comparison. */
export type LlmProviderId = (typeof LLM_PROVIDERS)[number];
export const llmProviderSchema = z.enum(LLM_PROVIDERS);

export type CostMetricName = 'size' | 'latency' | 'energy';

/** Non-secret settings, stored in the lab database's `settings` table. */
export interface LabSettings {
  /** adb executable to use; null = the ADB env var, then `adb` on PATH. Read when the lab starts. */
  adbPath: string | null;
  /** Live status poll period per device, ms. Read when the lab starts. */
  pollIntervalMs: number;
  /** Claude model asked to route (default: a current Claude Opus id). */
  anthropicModel: string;
  /** Gemini model asked to route (default: a current Gemini Pro id). */
  geminiModel: string;
  /** Concurrent requests per LLM router. */
  llmConcurrency: number;
  /** Defaults of the Compare page / `aurora-lab compare`. */
  compareFolds: number;
  /** Clusters per fold profile; null = chosen by validation log-loss (2..20). */
  compareK: number | null;
  compareCostMetric: CostMetricName;
}

export interface KeyStatus {
  provider: LlmProviderId;
  configured: boolean;
  /** Where the key the lab would use comes from: the encrypted store, the environment, or nowhere. */
  source: 'safeStorage' | 'env' | null;
  /** The environment variable(s) read for this provider, for the "set X" hint. */
  envVars: string[];
  /** Why a saved key is not used (it was saved for another API endpoint: re-enter it), when that is so. */
  problem?: string;
}

/**
 * The API endpoint a provider's key is sent to: read-only here. It comes from the lab process's command line
 * (`--anthropic-base-url`, `--gemini-base-url`) or environment (AURORA_ANTHROPIC_BASE_URL, AURORA_GEMINI_BASE_URL),
 * never from a page or an API call; https only, except http to a loopback host.
 */
export interface LlmEndpoint {
  /** Null when the configured value is refused (`error` says why). */
  baseUrl: string | null;
  source: 'default' | 'env' | 'flag';
  /** The flag or environment variable it came from. */
  from: string | null;
  error: string | null;
}

export interface SettingsView {
  settings: LabSettings;
  keys: Record<LlmProviderId, KeyStatus>;
  endpoints: Record<LlmProviderId, LlmEndpoint>;
  keyStore: {
    /** False in `aurora-lab serve` and the CLI: keys come from the environment only. */
    writable: boolean;
    kind: 'safeStorage' | 'env';
    /** Human sentence on where keys are kept (shown on the Settings page). */
    note: string;
  };
}

export interface TestKeyResponse {
  ok: boolean;
  provider: LlmProviderId;
  model: string;
  latencyMs: number;
  /** Why it failed (redacted: never contains the key). */
  reason?: string;
  kind?: string;
}

export const settingsPatchSchema = z
  .object({
    adbPath: z.string().min(1).max(1000).nullable(),
    pollIntervalMs: z.number().int().min(250).max(60_000),
    anthropicModel: z.string().min(1).max(200).regex(/^[A-Za-z0-9._:@/-]+$/, 'A model id has letters, digits and . _ : @ / -'),
    geminiModel: z.string().min(1).max(200).regex(/^[A-Za-z0-9._:@/-]+$/, 'A model id has letters, digits and . _ : @ / -'),
    llmConcurrency: z.number().int().min(1).max(32),
    compareFolds: z.number().int().min(2).max(20),
    compareK: z.number().int().min(1).max(64).nullable(),
    compareCostMetric: z.enum(['size', 'latency', 'energy']),
  })
  .partial()
  .strict();

export const settingsMethods = {
  /** Non-secret settings, and for each API key only whether it is configured and from where. */
  get: method<SettingsView>()(z.object({}).strict()),
  /** Changes some settings; answers with the whole view. Emits `settings.changed`. */
  set: method<SettingsView>()(z.object({ patch: settingsPatchSchema }).strict()),
  /**
   * Saves an API key encrypted (write-only: never returned). Refused (code `unavailable`) where the lab keeps no
   * keys (serve/CLI), with the environment variable to set instead. Emits `settings.changed`.
   */
  setKey: method<KeyStatus>()(
    z.object({ provider: llmProviderSchema, key: z.string().trim().min(8, 'That is too short to be an API key').max(500) }).strict(),
  ),
  /** Forgets a saved key (an environment key, if any, then becomes the source). Emits `settings.changed`. */
  deleteKey: method<KeyStatus>()(z.object({ provider: llmProviderSchema }).strict()),
  /** Checks the configured key against the provider (the model exists and the key is accepted); no tokens spent. */
  testKey: method<TestKeyResponse>()(
    z.object({ provider: llmProviderSchema, model: z.string().min(1).max(200).optional() }).strict(),
  ),
} as const;

export interface SettingsEvents {
  /** Settings or key status changed (never carries a key). */
  'settings.changed': SettingsView;
}

export const settingsEvents: Array<keyof SettingsEvents> = ['settings.changed'];
