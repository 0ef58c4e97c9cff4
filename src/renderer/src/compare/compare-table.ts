/**
 * A comparison's tables: one row per strategy (accuracy with its interval, cost, savings against always-largest,
 * agreement, deferral area, QNC, share per model), the per-cluster and per-subject breakdowns, and groups side by
 * side. Pure, unit-tested in test/unit/renderer/compare/compare-table.test.ts.
 */
import type { Breakdown, CompareStrategyId, ComparisonGroup, ComparisonRow } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { MISSING, formatFraction, formatInt, formatJ, formatMb, formatMs, formatSaving, isNum, plural } from '../../../shared/format';
import { chanceWarning, type ChanceWarning } from '../ui/plausibility';
import { deferralView, METRIC_HELP, qncView } from './compare-metrics';
import { groupTitle } from './compare-view';

/** A value on the comparison's cost metric, with its unit. */
export function formatCost(v: number | null | undefined, metric: CostMetricName): string {
  if (metric === 'size') return formatMb(v);
  if (metric === 'latency') return formatMs(v);
  return formatJ(v);
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
  deferralTitle: string;
  /** "0.62×" (a multiple of the best single model's cost), or "—". */
  qnc: string;
  qncTitle: string;
  /** Why there is no QNC (router rows: no preference reaches the best single model), for the table's footnote. */
  qncReason: string | null;
  /** Accuracy under a random guess's: the small-sample warning with its interval. */
  chance: ChanceWarning | null;
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

/** The lab's accuracy warning (ComparisonRow.accuracyWarning) when it sent one, in the page's warning shape. */
export function rowChance(r: ComparisonRow): ChanceWarning | null {
  const w = r.accuracyWarning;
  const local = chanceWarning(r.accuracy, w?.interval ?? r.accuracyCi95, w?.n ?? r.scored);
  if (!w) return local;
  const below = w.kind === 'below-chance';
  return { label: below ? 'below chance' : 'small sample', short: local?.short ?? w.message, reason: w.message, surelyBelow: below };
}

/** A row as the table shows it; `group` (its matrix) explains the QNC, or why there is none. */
export function tableRow(r: ComparisonRow, costMetric: CostMetricName, group?: ComparisonGroup): TableRowView {
  const shares = shareList(r.share);
  const deferral = deferralView(r);
  // The lab says why a QNC is missing (ComparisonRow.qncReason); the page's own reading is for older answers.
  const qnc =
    !isNum(r.qnc) && typeof r.qncReason === 'string'
      ? { text: MISSING, title: `${METRIC_HELP.qnc} ${r.qncReason}`, reason: r.qncReason }
      : group
        ? qncView(r, group, costMetric)
        : { text: isNum(r.qnc) ? `${r.qnc.toFixed(2)}×` : MISSING, title: '', reason: null };
  const llm = r.llm
    ? `${r.llm.provider} ${r.llm.model} · template ${r.llm.templateVersion} · ${plural(r.llm.apiCalls, 'call')}, ${formatInt(r.llm.cacheHits)} cached, ${plural(r.llm.retries, 'retry', 'retries')} · ${formatInt(r.llm.tokensIn)} in / ${formatInt(r.llm.tokensOut)} out tokens${r.llm.estimatedCostUsd !== null ? ` · ≈ $${r.llm.estimatedCostUsd.toFixed(4)} (estimate from tokens)` : ''}${r.llm.unknownModelReplies ? ` · ${plural(r.llm.unknownModelReplies, 'reply', 'replies')} named no listed model` : ''}`
    : null;
  return {
    name: r.name,
    strategy: r.strategy,
    kind: r.kind,
    preference: r.preference === null ? MISSING : r.preference.toFixed(2),
    unavailable: r.unavailable,
    prompts: r.scored === r.prompts ? plural(r.prompts, 'prompt') : `${formatInt(r.scored)} of ${plural(r.prompts, 'prompt')} scored`,
    accuracy: formatFraction(r.accuracy),
    ci: r.accuracyCi95 ? `${formatFraction(r.accuracyCi95.lo)}–${formatFraction(r.accuracyCi95.hi)}` : MISSING,
    meanSize: formatMb(r.meanSizeMb),
    meanLatency: formatMs(r.meanLatencyMs),
    p95Latency: formatMs(r.p95LatencyMs),
    energy: formatJ(r.meanEnergyJ),
    saveSize: formatSaving(r.savingsVsLargest.size),
    saveLatency: formatSaving(r.savingsVsLargest.latency),
    saveEnergy: formatSaving(r.savingsVsLargest.energy),
    agreeOracle: formatFraction(r.agreementWithOracle),
    agreeClaude: formatFraction(r.agreementWithClaude),
    deferralArea: deferral.text,
    deferralTitle: deferral.title,
    qnc: qnc.text,
    qncTitle: qnc.title,
    qncReason: qnc.reason,
    chance: r.unavailable ? null : rowChance(r),
    share: shares.length ? shares.map((s) => `${s.model} ${formatFraction(s.share, 0)}`).join(' · ') : MISSING,
    shares,
    onTraining: r.evaluatedOnTraining,
    simulated: r.simulatedCells > 0,
    llm,
  };
}

export function tableRows(group: ComparisonGroup, costMetric: CostMetricName): TableRowView[] {
  return group.rows.map((r) => tableRow(r, costMetric, group));
}

/** A stable id for a row (data-testid attribute values, React keys). */
export function rowKey(name: string): string {
  return name.replace(/[^A-Za-z0-9._@()-]+/g, '_');
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
        const cost = formatCost(costMetric === 'size' ? cell.meanSizeMb : costMetric === 'latency' ? cell.meanLatencyMs : cell.meanEnergyJ, costMetric);
        return {
          accuracy: formatFraction(cell.accuracy, 0),
          title: `${c}: accuracy ${formatFraction(cell.accuracy)} over ${formatInt(cell.scored)} scored of ${formatInt(cell.prompts)} · latency ${formatMs(cell.meanLatencyMs)} · energy ${formatJ(cell.meanEnergyJ)} · size ${formatMb(cell.meanSizeMb)} (${costMetric}: ${cost})`,
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
        return { accuracy: formatFraction(r.accuracy), latency: formatMs(r.meanLatencyMs), energy: formatJ(r.meanEnergyJ), saveEnergy: formatSaving(r.savingsVsLargest.energy) };
      }),
    })),
  };
}
