/**
 * Turning an EvaluationTable (strategies/evals) into what the Compare page and the CLI show: table rows, Pareto
 * charts and per-cluster / per-subject breakdowns. The table's columns for every format are table.ts.
 */
import type { Breakdown, BreakdownCell, ComparisonGroup, ComparisonRow, ParetoChart } from '../../shared/api/compare';
import type { EvaluationTable, StrategyRow } from '../strategies/evals/evaluation';
import { scorePicks } from '../strategies/evals/scoring';
import type { RowInfo } from '../strategies/family';
import type { MeasuredMatrix } from '../strategies/matrix';
import type { CostMetric, Strategy } from '../strategies/strategies';
import { measuredOracle } from '../strategies/strategies';
import { qncReason, smallSampleWarning } from './row-notes';

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
    savingsN: r.savingsN,
    cells: { latency: r.latencyCells, energy: r.energyCells },
    agreementN: { oracle: r.agreementN.oracle ?? 0, claude: r.agreementN.claude ?? 0 },
  };
  row.qncReason = qncReason(row, info.sweep !== null, curve, cost);
  row.accuracyWarning = smallSampleWarning(row);
  if (info.llm) row.llm = info.llm;
  const inc = r.meta?.incomplete as ComparisonRow['external'] | undefined;
  if (inc) {
    row.external = inc;
    row.incomplete = `${inc.failed} of ${inc.answered + inc.failed} prompts without a pick (${Object.entries(inc.counts).map(([k, v]) => `${k} ${v}`).join(', ')})`;
  }
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

export function groupSimulated(m: MeasuredMatrix): ComparisonGroup['simulated'] {
  let sim = 0;
  for (let i = 0; i < m.simulated.length; i++) sim += m.simulated[i]!;
  return sim === 0 ? 'none' : sim === m.simulated.length ? 'all' : 'some';
}
