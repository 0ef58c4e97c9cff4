/**
 * The Compare form: which runs, which strategies (with why one cannot run now), the cost metric, folds, K,
 * preferences, seed, grouping and energy basis; checked here and then with the contract's schema. Pure,
 * unit-tested in test/unit/renderer/compare/compare-form.test.ts.
 */
import {
  COMPARE_STRATEGIES,
  compareRunSchema,
  type CompareRunRequest,
  type CompareStrategyId,
  type StrategyAvailability,
} from '../../../shared/api/compare';
import type { CostMetricName, LabSettings } from '../../../shared/api/settings';
import { issueLines, optionalInt } from '../ui/forms';

export const COST_METRIC_LABELS: Record<CostMetricName, string> = {
  size: 'Model size (the seed’s cost)',
  latency: 'Measured latency',
  energy: 'Measured energy per prompt',
};

// ---- Strategies ----

export interface StrategyOption {
  id: CompareStrategyId;
  label: string;
  description: string;
  available: boolean;
  reason: string | null;
  /** The reason is a missing or bad API key: the page links to Settings. */
  settingsLink: boolean;
}

export function strategyOptions(list: readonly StrategyAvailability[]): StrategyOption[] {
  const order = new Map(COMPARE_STRATEGIES.map((s, i) => [s, i]));
  return [...list]
    .sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99))
    .map((s) => ({
      id: s.id,
      label: s.label,
      description: s.description,
      available: s.available,
      reason: s.available ? null : (s.reason ?? 'Not available now.'),
      settingsLink: !s.available && /\bkey\b|settings|API_KEY/i.test(s.reason ?? ''),
    }));
}

/** Default picks: every available strategy except `profile` (needs a chosen profile). */
export function defaultStrategies(options: readonly StrategyOption[]): CompareStrategyId[] {
  return options.filter((o) => o.available && o.id !== 'profile').map((o) => o.id);
}

// ---- Form ----

export interface CompareForm {
  runIds: string[];
  strategies: CompareStrategyId[];
  costMetric: CostMetricName;
  folds: string;
  /** 'auto' or a whole number. */
  k: string;
  /** Comma- or space-separated preferences 0..1. */
  preferences: string;
  seed: string;
  groupBy: 'device' | 'run';
  energy: 'gross' | 'net';
  /** A stored router profile for the `profile` strategy, or ''. */
  profileId: string;
  /** An uploaded picks file (JSON lines) for the `picks` strategy, and its name; '' when none. */
  picksJsonl: string;
  picksFileName: string;
}

export function initialCompareForm(settings?: Pick<LabSettings, 'compareFolds' | 'compareK' | 'compareCostMetric'> | null): CompareForm {
  return {
    runIds: [],
    strategies: ['router', 'oracle', 'largest', 'smallest'],
    costMetric: settings?.compareCostMetric ?? 'energy',
    folds: String(settings?.compareFolds ?? 5),
    k: settings ? (settings.compareK === null ? 'auto' : String(settings.compareK)) : 'auto',
    preferences: '0.25, 0.5, 0.75',
    seed: '42',
    groupBy: 'device',
    energy: 'gross',
    profileId: '',
    picksJsonl: '',
    picksFileName: '',
  };
}

export type PreferencesParse = { ok: true; values: number[] } | { ok: false; error: string };

export function parsePreferences(text: string): PreferencesParse {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'Preferences: give at least one value from 0 to 1, e.g. 0.5.' };
  if (parts.length > 21) return { ok: false, error: 'Preferences: at most 21 values (the router curve sweeps 101 points anyway).' };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v) || v < 0 || v > 1) return { ok: false, error: `Preferences: “${p}” is not a number from 0 to 1.` };
    if (!values.includes(v)) values.push(v);
  }
  return { ok: true, values: values.sort((a, b) => a - b) };
}

export type BuiltCompare = { ok: true; request: CompareRunRequest } | { ok: false; errors: string[] };

export function buildCompareRequest(form: CompareForm): BuiltCompare {
  const errors: string[] = [];
  if (form.runIds.length === 0) errors.push('Pick at least one run.');
  if (form.runIds.length > 8) errors.push('Pick at most 8 runs.');
  if (form.strategies.length === 0) errors.push('Pick at least one strategy.');
  if (form.strategies.includes('profile') && !form.profileId) errors.push('The “profile” strategy needs a stored router profile: pick one.');
  if (form.strategies.includes('picks') && !form.picksJsonl) errors.push('The “picks” strategy needs a picks file: upload one (JSON lines of {"id": PROMPT_ID, "model": MODEL_ID}).');
  const folds = optionalInt(form.folds, 'Folds', 2, 20, errors);
  let k: number | 'auto' | undefined;
  const kText = form.k.trim().toLowerCase();
  if (kText === 'auto' || kText === '') k = kText === 'auto' ? 'auto' : undefined;
  else k = optionalInt(kText, 'K (clusters per fold)', 1, 64, errors);
  const seed = optionalInt(form.seed, 'Seed', 0, 2 ** 31 - 1, errors);
  const prefs = parsePreferences(form.preferences);
  if (!prefs.ok) errors.push(prefs.error);
  if (errors.length) return { ok: false, errors };
  const request: CompareRunRequest = {
    runIds: form.runIds,
    strategies: form.strategies,
    costMetric: form.costMetric,
    preferences: prefs.ok ? prefs.values : undefined,
    groupBy: form.groupBy,
    energy: form.energy,
    ...(folds !== undefined ? { folds } : {}),
    ...(k !== undefined ? { k } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(form.strategies.includes('profile') && form.profileId ? { profileId: form.profileId } : {}),
    ...(form.strategies.includes('picks') && form.picksJsonl ? { picksJsonl: form.picksJsonl } : {}),
  };
  const check = compareRunSchema.safeParse(request);
  if (!check.success) return { ok: false, errors: issueLines(check.error) };
  return { ok: true, request };
}
