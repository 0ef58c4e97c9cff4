/**
 * View-model logic of the Compare page (strategy comparison on measured results, issue 6): the request form and
 * its validation, the run picker, strategy availability, the side-by-side table, breakdowns, groups side by side
 * and progress. Pure (no DOM), unit-tested in test/unit/renderer/compare-view.test.ts. The Pareto chart options
 * live in pareto-chart.ts.
 */
import {
  COMPARE_STRATEGIES,
  compareRunSchema,
  type Breakdown,
  type CompareProgress,
  type CompareRunRequest,
  type CompareStrategyId,
  type ComparisonGroup,
  type ComparisonResult,
  type ComparisonRow,
  type StrategyAvailability,
} from '../../../shared/api/compare';
import type { CampaignSummary } from '../../../shared/api/campaigns';
import type { CostMetricName, LabSettings } from '../../../shared/api/settings';
import type { RunSummary } from '../../../shared/runs';
import { MISSING, formatDateTime, formatInt } from '../ui/format';

function isNum(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** A fraction 0..1 as a percentage with one decimal: "62.5%". */
export function pct(f: number | null | undefined, digits = 1): string {
  return isNum(f) ? `${(f * 100).toFixed(digits)}%` : MISSING;
}

/** A saving (1 - strategy / largest) signed: "+38.2%" saved, "−5.0%" (costs more than always-largest). */
export function formatSaving(f: number | null | undefined): string {
  if (!isNum(f)) return MISSING;
  const v = f * 100;
  if (Math.abs(v) < 0.05) return '0.0%';
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function formatJ(j: number | null | undefined): string {
  if (!isNum(j)) return MISSING;
  return j >= 100 ? `${j.toFixed(0)} J` : j >= 1 ? `${j.toFixed(2)} J` : `${(j * 1000).toFixed(0)} mJ`;
}

export function formatMb(mb: number | null | undefined): string {
  if (!isNum(mb)) return MISSING;
  return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`;
}

/** A value on the comparison's cost metric, with its unit. */
export function formatCost(v: number | null | undefined, metric: CostMetricName): string {
  if (metric === 'size') return formatMb(v);
  if (metric === 'latency') return formatMs(v);
  return formatJ(v);
}

export const COST_METRIC_LABELS: Record<CostMetricName, string> = {
  size: 'Model size (the seed’s cost)',
  latency: 'Measured latency',
  energy: 'Measured energy per prompt',
};

// ---- Run picker ----

export interface RunChoice {
  runId: string;
  /** Device label, e.g. "Pixel 8 (127.0.0.1:5555)". */
  device: string;
  modelIds: string[];
  prompts: number;
  simulated: boolean;
  status: string;
}

/** A campaign with its per-device runs, or a Quick profile alone. */
export interface RunChoiceGroup {
  key: string;
  kind: 'campaign' | 'quick';
  title: string;
  sub: string;
  createdAt: number;
  simulated: boolean;
  runs: RunChoice[];
}

function runChoice(r: RunSummary): RunChoice {
  return {
    runId: r.id,
    device: r.deviceModel ? `${r.deviceModel} (${r.serial})` : r.serial,
    modelIds: r.modelIds,
    prompts: r.promptCount,
    simulated: r.simulated,
    status: r.status,
  };
}

/**
 * The runs a comparison can use, newest first: each campaign with its device runs (from `campaigns.list`, device
 * labels from `runs.list`), then Quick profiles (one model each: useful only pooled with others).
 */
export function runChoiceGroups(campaigns: readonly CampaignSummary[], runs: readonly RunSummary[]): RunChoiceGroup[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const groups: RunChoiceGroup[] = campaigns
    .filter((c) => c.runIds.length > 0 && c.status !== 'running')
    .map((c) => ({
      key: `campaign:${c.id}`,
      kind: 'campaign' as const,
      title: `${formatDateTime(c.createdAt)} · ${c.setName || c.dataset} · n ${formatInt(c.n)}${c.reps > 1 ? ` × ${c.reps} reps` : ''}`,
      sub: `${c.modelIds.join(', ')} · ${c.status}`,
      createdAt: c.createdAt,
      simulated: c.simulated,
      runs: c.runIds.map((id, i) => {
        const r = byId.get(id);
        if (r) return runChoice(r);
        const serial = c.serials[i] ?? id.slice(0, 8);
        const model = c.deviceModels[i];
        return { runId: id, device: model ? `${model} (${serial})` : serial, modelIds: c.modelIds, prompts: 0, simulated: c.simulated, status: c.status };
      }),
    }));
  const inCampaign = new Set(campaigns.flatMap((c) => c.runIds));
  for (const r of runs) {
    if (r.campaignId || inCampaign.has(r.id) || r.status === 'running') continue;
    groups.push({
      key: `run:${r.id}`,
      kind: 'quick',
      title: `${formatDateTime(r.createdAt)} · Quick profile`,
      sub: `${r.modelIds.join(', ')} · ${r.status}`,
      createdAt: r.createdAt,
      simulated: r.simulated,
      runs: [runChoice(r)],
    });
  }
  return groups.sort((a, b) => b.createdAt - a.createdAt);
}

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
  /** A stored profile for the `profile` strategy, or ''. */
  profileId: string;
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

function intIn(text: string, label: string, min: number, max: number, errors: string[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${label} must be a whole number from ${min} to ${max}.`);
    return undefined;
  }
  return n;
}

export function buildCompareRequest(form: CompareForm): BuiltCompare {
  const errors: string[] = [];
  if (form.runIds.length === 0) errors.push('Pick at least one run.');
  if (form.runIds.length > 8) errors.push('Pick at most 8 runs.');
  if (form.strategies.length === 0) errors.push('Pick at least one strategy.');
  if (form.strategies.includes('profile') && !form.profileId) errors.push('The “profile” strategy needs a stored profile: pick one.');
  const folds = intIn(form.folds, 'Folds', 2, 20, errors);
  let k: number | 'auto' | undefined;
  const kText = form.k.trim().toLowerCase();
  if (kText === 'auto' || kText === '') k = kText === 'auto' ? 'auto' : undefined;
  else k = intIn(kText, 'K (clusters per fold)', 1, 64, errors);
  const seed = intIn(form.seed, 'Seed', 0, 2 ** 31 - 1, errors);
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
  };
  const check = compareRunSchema.safeParse(request);
  if (!check.success) {
    return { ok: false, errors: check.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
  }
  return { ok: true, request };
}

// ---- Progress ----

const PHASE_TEXT: Record<CompareProgress['phase'], string> = {
  loading: 'Loading the measured matrix',
  fitting: 'Fitting the fold profiles (out of fold)',
  llm: 'Asking the LLM routers',
  scoring: 'Scoring every strategy on measured results',
  done: 'Done',
};

export function compareProgressView(p: CompareProgress): { text: string; percent: number | null } {
  const parts = [PHASE_TEXT[p.phase] ?? p.phase];
  if (p.group) parts.push(p.group);
  if (p.strategy) parts.push(p.strategy);
  if (p.total > 0) parts.push(`${formatInt(p.done)} / ${formatInt(p.total)}`);
  const text = `${parts.join(' · ')}${p.message ? ` — ${p.message}` : ''}`;
  return { text, percent: p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : null };
}

// ---- The side-by-side table ----

export interface TableRowView {
  name: string;
  strategy: CompareStrategyId;
  kind: string;
  preference: string;
  unavailable: string | null;
  prompts: string;
  accuracy: string;
  ci: string;
  meanSize: string;
  meanLatency: string;
  p95Latency: string;
  energy: string;
  saveSize: string;
  saveLatency: string;
  saveEnergy: string;
  agreeOracle: string;
  agreeClaude: string;
  deferralArea: string;
  qnc: string;
  /** "gemma-270m 40% · lfm2-350m 60%", largest share first. */
  share: string;
  shares: Array<{ model: string; share: number }>;
  onTraining: boolean;
  simulated: boolean;
  /** LLM router API usage (cost is an estimate from tokens). */
  llm: string | null;
}

export function shareList(share: Record<string, number>): Array<{ model: string; share: number }> {
  return Object.entries(share)
    .filter(([, v]) => isNum(v) && v > 0)
    .map(([model, v]) => ({ model, share: v }))
    .sort((a, b) => b.share - a.share || a.model.localeCompare(b.model));
}

export function tableRow(r: ComparisonRow, costMetric: CostMetricName): TableRowView {
  const shares = shareList(r.share);
  const llm = r.llm
    ? `${r.llm.provider} ${r.llm.model} · template ${r.llm.templateVersion} · ${formatInt(r.llm.apiCalls)} calls, ${formatInt(r.llm.cacheHits)} cached, ${formatInt(r.llm.retries)} retries · ${formatInt(r.llm.tokensIn)} in / ${formatInt(r.llm.tokensOut)} out tokens${r.llm.estimatedCostUsd !== null ? ` · ≈ $${r.llm.estimatedCostUsd.toFixed(4)} (estimate from tokens)` : ''}${r.llm.unknownModelReplies ? ` · ${r.llm.unknownModelReplies} replies named no listed model` : ''}`
    : null;
  return {
    name: r.name,
    strategy: r.strategy,
    kind: r.kind,
    preference: r.preference === null ? MISSING : r.preference.toFixed(2),
    unavailable: r.unavailable,
    prompts: r.scored === r.prompts ? formatInt(r.prompts) : `${formatInt(r.scored)} of ${formatInt(r.prompts)} scored`,
    accuracy: pct(r.accuracy),
    ci: r.accuracyCi95 ? `${pct(r.accuracyCi95.lo)}–${pct(r.accuracyCi95.hi)}` : MISSING,
    meanSize: formatMb(r.meanSizeMb),
    meanLatency: formatMs(r.meanLatencyMs),
    p95Latency: formatMs(r.p95LatencyMs),
    energy: formatJ(r.meanEnergyJ),
    saveSize: formatSaving(r.savingsVsLargest.size),
    saveLatency: formatSaving(r.savingsVsLargest.latency),
    saveEnergy: formatSaving(r.savingsVsLargest.energy),
    agreeOracle: pct(r.agreementWithOracle),
    agreeClaude: pct(r.agreementWithClaude),
    deferralArea: isNum(r.deferralArea) ? r.deferralArea.toFixed(3) : MISSING,
    qnc: formatCost(r.qnc, costMetric),
    share: shares.length ? shares.map((s) => `${s.model} ${pct(s.share, 0)}`).join(' · ') : MISSING,
    shares,
    onTraining: r.evaluatedOnTraining,
    simulated: r.simulatedCells > 0,
    llm,
  };
}

export function tableRows(group: ComparisonGroup, costMetric: CostMetricName): TableRowView[] {
  return group.rows.map((r) => tableRow(r, costMetric));
}

/** A stable id for a row (data-testid attribute values, React keys). */
export function rowKey(name: string): string {
  return name.replace(/[^A-Za-z0-9._@()-]+/g, '_');
}

// ---- Honest labels ----

export function groupSimulatedNote(g: ComparisonGroup): string | null {
  if (g.simulated === 'none') return null;
  const cells = `${formatInt(g.matrix.simulatedCells)} of ${formatInt(g.matrix.measuredCells)} measured cells`;
  return g.simulated === 'all'
    ? `SIMULATED: every figure of ${g.device} comes from a virtual phone (${cells}); accuracy, latency and energy are not measured on real hardware.`
    : `PARTLY SIMULATED: ${cells} of ${g.device} come from virtual phones; figures mixing them are not pure measurements.`;
}

/** The page-level banner: any figure of the result comes from virtual phones. */
export function resultSimulated(result: ComparisonResult): 'none' | 'some' | 'all' {
  const s = result.groups.map((g) => g.simulated);
  if (s.length === 0 || s.every((x) => x === 'none')) return 'none';
  return s.every((x) => x === 'all') ? 'all' : 'some';
}

export function groupTitle(g: ComparisonGroup): string {
  return g.deviceModel ? `${g.deviceModel} · ${g.device}` : g.device;
}

export function matrixText(g: ComparisonGroup): string {
  const m = g.matrix;
  const parts = [
    `${formatInt(g.prompts)} prompts × ${formatInt(g.models.length)} models`,
    `${formatInt(m.measuredCells)} of ${formatInt(m.cells)} cells measured`,
  ];
  if (m.missingCells) parts.push(`${formatInt(m.missingCells)} missing`);
  if (m.cellsWithEnergy < m.measuredCells) parts.push(`${formatInt(m.cellsWithEnergy)} with energy`);
  if (m.repeatedCells) parts.push(`${formatInt(m.repeatedCells)} repeated (pooled)`);
  if (m.splitVotes) parts.push(`${formatInt(m.splitVotes)} split votes`);
  return parts.join(' · ');
}

export function outOfFoldText(g: ComparisonGroup): string | null {
  const o = g.outOfFold;
  if (!o) return null;
  return `${o.k}-fold cross-fitting (seed ${o.seed}${o.stratified ? ', stratified' : ''}): ${
    o.verified ? 'every prompt was routed once by a profile fitted without it' : 'NOT verified — some prompt was routed by a profile that saw it'
  } · fits ${Math.round(o.fitMs)} ms`;
}

// ---- Breakdowns ----

export interface BreakdownView {
  by: 'cluster' | 'subject';
  basis: string;
  /** Column headers: the table rows present in the cells. */
  columns: string[];
  rows: Array<{ key: string; label: string; prompts: string; terms: string; cells: Array<{ accuracy: string; title: string }> }>;
}

export function breakdownView(b: Breakdown, rowNames: readonly string[], costMetric: CostMetricName): BreakdownView {
  const present = new Set(b.groups.flatMap((g) => Object.keys(g.cells)));
  const columns = rowNames.filter((n) => present.has(n));
  return {
    by: b.by,
    basis: b.basis,
    columns,
    rows: b.groups.map((g) => ({
      key: g.key,
      label: g.label,
      prompts: formatInt(g.prompts),
      terms: g.topTerms?.length ? g.topTerms.slice(0, 6).join(', ') : '',
      cells: columns.map((c) => {
        const cell = g.cells[c];
        if (!cell) return { accuracy: MISSING, title: 'not scored' };
        const cost = costMetric === 'size' ? formatMb(cell.meanSizeMb) : costMetric === 'latency' ? formatMs(cell.meanLatencyMs) : formatJ(cell.meanEnergyJ);
        return {
          accuracy: pct(cell.accuracy, 0),
          title: `${c}: accuracy ${pct(cell.accuracy)} over ${formatInt(cell.scored)} scored of ${formatInt(cell.prompts)} · latency ${formatMs(cell.meanLatencyMs)} · energy ${formatJ(cell.meanEnergyJ)} · size ${formatMb(cell.meanSizeMb)} (${costMetric}: ${cost})`,
        };
      }),
    })),
  };
}

// ---- Groups side by side ----

export interface SideBySideView {
  groups: Array<{ key: string; title: string; simulated: 'none' | 'some' | 'all' }>;
  rows: Array<{ name: string; cells: Array<{ accuracy: string; latency: string; energy: string; saveEnergy: string } | null> }>;
}

/** Two (or more) groups aligned by row name: accuracy, mean latency, energy and energy saving per group. */
export function sideBySide(groups: readonly ComparisonGroup[]): SideBySideView {
  const names: string[] = [];
  for (const g of groups) for (const r of g.rows) if (!names.includes(r.name)) names.push(r.name);
  return {
    groups: groups.map((g) => ({ key: g.key, title: groupTitle(g), simulated: g.simulated })),
    rows: names.map((name) => ({
      name,
      cells: groups.map((g) => {
        const r = g.rows.find((x) => x.name === name);
        if (!r || r.unavailable) return null;
        return { accuracy: pct(r.accuracy), latency: formatMs(r.meanLatencyMs), energy: formatJ(r.meanEnergyJ), saveEnergy: formatSaving(r.savingsVsLargest.energy) };
      }),
    })),
  };
}

// ---- Recent comparisons ----

export function strategiesText(s: readonly CompareStrategyId[]): string {
  return s.join(', ');
}
