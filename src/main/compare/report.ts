/**
 * Turning an EvaluationTable (strategies/metrics.ts) into what the Compare page and the CLI show: table rows,
 * Pareto charts, per-cluster / per-subject breakdowns, and the CSV export.
 */
import type { Breakdown, BreakdownCell, ComparisonGroup, ComparisonResult, ComparisonRow, CompareStrategyId, ParetoChart } from '../../shared/api/compare';
import type { MeasuredMatrix } from '../strategies/matrix';
import type { EvaluationTable, StrategyRow } from '../strategies/metrics';
import { scorePicks } from '../strategies/metrics';
import type { CostMetric, Strategy } from '../strategies/strategies';
import { measuredOracle } from '../strategies/strategies';
import { toCsv, type CsvValue } from '../../shared/kit/csv';

/** What the service knows about each strategy it built, keyed by strategy name. */
export interface RowInfo {
  strategy: CompareStrategyId;
  preference: number | null;
  evaluatedOnTraining: boolean;
  /** Sweep this row belongs to (for its curve metrics). */
  sweep: string | null;
  llm?: ComparisonRow['llm'];
}

export function toRow(r: StrategyRow, info: RowInfo, table: EvaluationTable, cost: CostMetric): ComparisonRow {
  const curve = info.sweep ? table.curves.find((c) => c.sweep === info.sweep && c.cost === cost) : undefined;
  const row: ComparisonRow = {
    name: r.name,
    strategy: info.strategy,
    kind: r.kind,
    preference: info.preference,
    unavailable: r.unavailable,
    prompts: r.prompts,
    routed: r.routed,
    scored: r.scored,
    correct: r.correct,
    accuracy: r.accuracy,
    accuracyCi95: r.accuracyCi95,
    meanSizeMb: r.meanSizeMb,
    meanLatencyMs: r.meanLatencyMs,
    p95LatencyMs: r.p95LatencyMs,
    meanEnergyJ: r.meanEnergyJ,
    savingsVsLargest: r.savingsVsLargest,
    share: r.share,
    agreementWithOracle: r.agreementWithOracle,
    agreementWithClaude: r.agreementWith.claude ?? null,
    deferralArea: curve?.deferralArea ?? null,
    qnc: curve?.qnc ?? null,
    evaluatedOnTraining: info.evaluatedOnTraining,
    simulatedCells: r.simulatedCells,
  };
  if (info.llm) row.llm = info.llm;
  return row;
}

const UNIT = { energy: 'J', latency: 'ms', size: 'MB' } as const;

function costOfRow(r: ComparisonRow, cost: CostMetric): number | null {
  return cost === 'energy' ? r.meanEnergyJ : cost === 'latency' ? r.meanLatencyMs : r.meanSizeMb;
}

export function paretoChart(m: MeasuredMatrix, table: EvaluationTable, rows: ComparisonRow[], cost: CostMetric, sweeps: Array<{ name: string; evaluatedOnTraining: boolean }>): ParetoChart {
  const pick = (s: { meanLatencyMs: number | null; meanEnergyJ: number | null; meanSizeMb?: number | null; size_mb?: number }) =>
    cost === 'energy' ? s.meanEnergyJ : cost === 'latency' ? s.meanLatencyMs : (s.meanSizeMb ?? s.size_mb ?? null);
  const models = table.models.flatMap((x) => {
    const c = pick(x);
    return c !== null && x.accuracy !== null ? [{ model: x.id, cost: c, accuracy: x.accuracy }] : [];
  });
  const o = scorePicks(m, measuredOracle(m, cost).picks);
  const oc = cost === 'energy' ? o.meanEnergyJ : cost === 'latency' ? o.meanLatencyMs : o.meanSizeMb;
  const curves = sweeps.flatMap((s) => {
    const c = table.curves.find((x) => x.sweep === s.name && x.cost === cost);
    return c
      ? [{ name: s.name, evaluatedOnTraining: s.evaluatedOnTraining, points: c.points.map((p) => ({ preference: p.preference, cost: p.cost, accuracy: p.quality })), hull: c.hull.map((p) => ({ cost: p.cost, accuracy: p.quality })) }]
      : [];
  });
  const strategies = rows.flatMap((r) => {
    const c = costOfRow(r, cost);
    return r.unavailable === null && c !== null && r.accuracy !== null ? [{ name: r.name, cost: c, accuracy: r.accuracy }] : [];
  });
  return { cost, unit: UNIT[cost], models, oracle: oc !== null && o.accuracy !== null ? { cost: oc, accuracy: o.accuracy } : null, curves, strategies };
}

/** Accuracy and mean costs per group of prompts for each table row's picks. */
export function breakdown(m: MeasuredMatrix, by: Breakdown['by'], basis: string, labelOf: Int32Array | string[], strategies: readonly Strategy[], names?: { label: (key: string) => string; terms?: (key: string) => string[] }): Breakdown {
  const keys = Array.from({ length: m.nPrompts }, (_, i) => String(labelOf[i]));
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === '-1') return;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  const sorted = [...groups.entries()].sort((a, b) => (by === 'cluster' ? Number(a[0]) - Number(b[0]) : a[0].localeCompare(b[0])));
  return {
    by,
    basis,
    groups: sorted.map(([key, idx]) => {
      const cells: Record<string, BreakdownCell> = {};
      for (const s of strategies) {
        if (s.unavailable) continue;
        let routed = 0;
        let scored = 0;
        let right = 0;
        let size = 0;
        let lat = 0;
        let latN = 0;
        let en = 0;
        let enN = 0;
        for (const p of idx) {
          const j = s.picks[p]!;
          if (j < 0) continue;
          routed++;
          size += m.models[j]!.size_mb;
          const cell = p * m.nModels + j;
          const c = m.correct[cell]!;
          if (c < 0) continue;
          scored++;
          right += c;
          const l = m.latencyMs[cell]!;
          if (!Number.isNaN(l)) {
            lat += l;
            latN++;
          }
          const e = m.energyJ[cell]!;
          if (!Number.isNaN(e)) {
            en += e;
            enN++;
          }
        }
        cells[s.name] = { prompts: idx.length, scored, accuracy: scored ? right / scored : null, meanLatencyMs: latN ? lat / latN : null, meanEnergyJ: enN ? en / enN : null, meanSizeMb: routed ? size / routed : null };
      }
      const group: Breakdown['groups'][number] = { key, label: names?.label(key) ?? key, prompts: idx.length, cells };
      const terms = names?.terms?.(key);
      if (terms?.length) group.topTerms = terms;
      return group;
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

/** Figures to 10 significant digits: the table's precision, not the float's noise. */
const tenDigits = (v: CsvValue): CsvValue => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v);

/** One line per group x row; fractions 0..1, latency ms, energy J per prompt, size MB. */
export function comparisonCsv(result: ComparisonResult): string {
  const modelIds: string[] = [];
  for (const g of result.groups) for (const m of g.models) if (!modelIds.includes(m.id)) modelIds.push(m.id);
  const header = [
    'comparison_id', 'group', 'device', 'device_model', 'run_ids', 'simulated', 'cost_metric', 'strategy', 'name', 'preference', 'unavailable',
    'prompts', 'routed', 'scored', 'correct', 'accuracy', 'accuracy_ci95_lo', 'accuracy_ci95_hi', 'mean_size_mb', 'mean_latency_ms', 'p95_latency_ms',
    'energy_j_per_prompt', 'savings_size', 'savings_latency', 'savings_energy', 'agreement_oracle', 'agreement_claude', 'deferral_area', 'qnc',
    'evaluated_on_training', 'simulated_cells', ...modelIds.map((id) => `share_${id}`),
  ];
  const rows: CsvValue[][] = [];
  for (const g of result.groups) {
    for (const r of g.rows) {
      rows.push(
        [
          result.id, g.key, g.device, g.deviceModel, g.runIds.join(' '), g.simulated, result.costMetric, r.strategy, r.name, r.preference, r.unavailable,
          r.prompts, r.routed, r.scored, r.correct, r.accuracy, r.accuracyCi95?.lo, r.accuracyCi95?.hi, r.meanSizeMb, r.meanLatencyMs, r.p95LatencyMs,
          r.meanEnergyJ, r.savingsVsLargest.size, r.savingsVsLargest.latency, r.savingsVsLargest.energy, r.agreementWithOracle, r.agreementWithClaude,
          r.deferralArea, r.qnc, r.evaluatedOnTraining, r.simulatedCells, ...modelIds.map((id) => (r.unavailable ? null : (r.share[id] ?? 0))),
        ].map(tenDigits),
      );
    }
  }
  return toCsv(header, rows, '\n');
}

export function groupSimulated(m: MeasuredMatrix): ComparisonGroup['simulated'] {
  let sim = 0;
  for (let i = 0; i < m.simulated.length; i++) sim += m.simulated[i]!;
  return sim === 0 ? 'none' : sim === m.simulated.length ? 'all' : 'some';
}
