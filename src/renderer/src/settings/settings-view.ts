/**
 * View-model logic of the Settings page: the non-secret settings form and its validation (a patch of changed
 * fields only), API key status (never a key: configured yes/no and where it comes from) and the "test key" result.
 * Pure (no DOM), unit-tested in test/unit/renderer/settings/settings-view.test.ts.
 */
import {
  settingsPatchSchema,
  type CostMetricName,
  type KeyStatus,
  type LabSettings,
  type LlmEndpoint,
  type LlmProviderId,
  type SettingsView,
  type TestKeyResponse,
} from '../../../shared/api/settings';
import type { z } from 'zod';

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export interface SettingsForm {
  adbPath: string;
  pollIntervalMs: string;
  anthropicModel: string;
  geminiModel: string;
  llmConcurrency: string;
  compareFolds: string;
  /** '' or 'auto' = chosen by validation log-loss. */
  compareK: string;
  compareCostMetric: CostMetricName;
}

export type SettingsField = keyof SettingsForm;

export const PROVIDER_LABELS: Record<LlmProviderId, string> = { anthropic: 'Claude (Anthropic)', gemini: 'Gemini (Google)' };

export function settingsToForm(s: LabSettings): SettingsForm {
  return {
    adbPath: s.adbPath ?? '',
    pollIntervalMs: String(s.pollIntervalMs),
    anthropicModel: s.anthropicModel,
    geminiModel: s.geminiModel,
    llmConcurrency: String(s.llmConcurrency),
    compareFolds: String(s.compareFolds),
    compareK: s.compareK === null ? 'auto' : String(s.compareK),
    compareCostMetric: s.compareCostMetric,
  };
}

export type BuiltPatch = { ok: true; patch: SettingsPatch; changed: SettingsField[] } | { ok: false; errors: Partial<Record<SettingsField, string>> };

function intField(text: string, label: string, min: number, max: number, field: SettingsField, errors: Partial<Record<SettingsField, string>>): number | undefined {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !Number.isInteger(n) || n < min || n > max) {
    errors[field] = `${label} must be a whole number from ${min} to ${max}.`;
    return undefined;
  }
  return n;
}

const MODEL_ID = /^[A-Za-z0-9._:@/-]+$/;

/** The fields that differ from the stored settings, validated; errors are keyed by field. */
export function buildSettingsPatch(form: SettingsForm, current: LabSettings): BuiltPatch {
  const errors: Partial<Record<SettingsField, string>> = {};
  const all: Required<SettingsPatch> = {
    adbPath: form.adbPath.trim() === '' ? null : form.adbPath.trim(),
    pollIntervalMs: intField(form.pollIntervalMs, 'The poll interval', 250, 60_000, 'pollIntervalMs', errors) ?? current.pollIntervalMs,
    anthropicModel: form.anthropicModel.trim(),
    geminiModel: form.geminiModel.trim(),
    llmConcurrency: intField(form.llmConcurrency, 'Concurrency', 1, 32, 'llmConcurrency', errors) ?? current.llmConcurrency,
    compareFolds: intField(form.compareFolds, 'Folds', 2, 20, 'compareFolds', errors) ?? current.compareFolds,
    compareK: ['', 'auto'].includes(form.compareK.trim().toLowerCase()) ? null : (intField(form.compareK, 'K', 1, 64, 'compareK', errors) ?? current.compareK),
    compareCostMetric: form.compareCostMetric,
  };
  for (const f of ['anthropicModel', 'geminiModel'] as const) {
    if (all[f] === '') errors[f] = 'A model id is required.';
    else if (!MODEL_ID.test(all[f])) errors[f] = 'A model id has letters, digits and . _ : @ / -';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const patch: SettingsPatch = {};
  const changed: SettingsField[] = [];
  for (const key of Object.keys(all) as Array<keyof typeof all>) {
    if (all[key] !== current[key]) {
      (patch as Record<string, unknown>)[key] = all[key];
      changed.push(key);
    }
  }
  const check = settingsPatchSchema.safeParse(patch);
  if (!check.success) {
    const e: Partial<Record<SettingsField, string>> = {};
    for (const i of check.error.issues) e[(String(i.path[0] ?? 'adbPath') as SettingsField)] = i.message;
    return { ok: false, errors: e };
  }
  return { ok: true, patch, changed };
}

/** Errors the lab returned for a patch (`issues` paths like `patch.pollIntervalMs`), keyed by form field. */
export function serverFieldErrors(issues: ReadonlyArray<{ path: string; message: string }> | null): Partial<Record<SettingsField, string>> {
  const out: Partial<Record<SettingsField, string>> = {};
  for (const i of issues ?? []) {
    const field = i.path.replace(/^patch\./, '').split('.')[0] as SettingsField;
    out[field] = i.message;
  }
  return out;
}

// ---- Keys ----

export function keySourceText(k: KeyStatus): string {
  if (!k.configured) return k.problem ?? 'not configured';
  if (k.source === 'safeStorage') return 'configured · saved, encrypted with the OS keychain';
  if (k.source === 'env') return `configured · from the environment (${k.envVars.join(' or ')})`;
  return 'configured';
}

/**
 * Where a provider's requests (and its key) go: read-only, set where the lab process starts (a flag or an
 * environment variable), never on this page.
 */
export function endpointText(e: LlmEndpoint): string {
  if (e.error !== null) return e.error;
  if (e.source === 'default') return `${e.baseUrl} (the provider’s API)`;
  return `${e.baseUrl} (from ${e.from ?? e.source})`;
}

/** Where the key store is read-only (served over HTTP, CLI): what to set instead. */
export function readOnlyKeyNote(v: SettingsView): string | null {
  if (v.keyStore.writable) return null;
  const vars = (Object.values(v.keys) as KeyStatus[]).map((k) => k.envVars.join(' or ')).filter(Boolean);
  return `This lab (${v.keyStore.kind === 'env' ? 'served over HTTP or the CLI' : v.keyStore.kind}) keeps no keys: set ${vars.join(' / ') || 'ANTHROPIC_API_KEY / GEMINI_API_KEY'} in the environment of the lab process and restart it.`;
}

export function validateKey(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'Paste a key first.';
  if (t.length < 8) return 'That is too short to be an API key.';
  if (t.length > 500) return 'That is too long to be an API key.';
  if (/\s/.test(t)) return 'An API key has no spaces.';
  return null;
}

export function testKeyText(r: TestKeyResponse): { ok: boolean; text: string } {
  const ms = `${Math.round(r.latencyMs)} ms`;
  if (r.ok) return { ok: true, text: `Key accepted by ${PROVIDER_LABELS[r.provider]}; model ${r.model} exists (${ms}).` };
  return { ok: false, text: `Not usable${r.kind ? ` (${r.kind})` : ''}: ${r.reason ?? 'the provider refused it'} · model ${r.model} · ${ms}` };
}
