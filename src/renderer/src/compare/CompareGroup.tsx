/**
 * One group of a comparison (a device, or a run): its strategy table, the accuracy-vs-energy and accuracy-vs-latency
 * Pareto charts, the weak/strong pair figures and the breakdowns per cluster and per subject. Every part says
 * SIMULATED when its figures come from virtual phones.
 */
import { useMemo } from 'react';
import type { ComparisonGroup, ComparisonResult } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { SimulatedBadge } from '../ui/Badge';
import { ChartPanel } from '../ui/ChartPanel';
import { fileStamp } from '../../../shared/format';
import { TableBox, num } from '../ui/TableBox';
import { METRIC_HELP, pairView } from './compare-metrics';
import { breakdownView, tableRows } from './compare-table';
import { groupSimulatedNote, groupTitle, matrixText, outOfFoldText } from './compare-view';
import { buildParetoOption, curveRowNames, paretoPointCount } from '../../../shared/charts/pareto';
import { StrategyTable } from './StrategyTable';

export function CompareGroup({ group: g, result }: { group: ComparisonGroup; result: ComparisonResult }) {
  const rows = useMemo(() => tableRows(g, result.costMetric), [g, result.costMetric]);
  const simulated = g.simulated !== 'none';
  const note = groupSimulatedNote(g);
  const oof = outOfFoldText(g);
  const energyOption = useMemo(() => buildParetoOption(g.pareto.energy, { simulated, group: groupTitle(g), hideStrategies: curveRowNames(g.rows) }), [g, simulated]);
  const latencyOption = useMemo(() => buildParetoOption(g.pareto.latency, { simulated, group: groupTitle(g), hideStrategies: curveRowNames(g.rows) }), [g, simulated]);
  const safe = g.key.replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = fileStamp(result.createdAt);
  const rowNames = g.rows.map((r) => r.name);
  const anyTraining = rows.some((r) => r.onTraining);
  return (
    <section className="compare-group" data-testid="compare-group" data-group-key={g.key} data-simulated={g.simulated}>
      <div className="panel">
        <div className="panel-head">
          <h3 className="panel-title">{groupTitle(g)}</h3>
          {simulated ? <SimulatedBadge testId="group-simulated-badge">{g.simulated === 'all' ? 'SIMULATED' : 'PARTLY SIMULATED'}</SimulatedBadge> : null}
          <span className="muted tabular">{matrixText(g)}</span>
        </div>
        {note ? (
          <p className="help banner-inline-virtual" data-testid="group-simulated-note">
            {note}
          </p>
        ) : null}
        {oof ? (
          <p className="help muted" data-testid="group-oof">
            {oof}
          </p>
        ) : null}
        <StrategyTable rows={rows} group={g} costMetric={result.costMetric} />
        {anyTraining ? (
          <p className="help hint-warn" data-testid="training-note">
            Rows marked “training prompts” were scored on prompts their router profile was built from: their accuracy is optimistic.
          </p>
        ) : null}
      </div>

      <div className="pareto-grid">
        <ChartPanel
          title={`Accuracy vs energy${simulated ? ' · simulated' : ''}`}
          option={energyOption}
          fileName={`aurora-lab-compare-${stamp}-${safe}-pareto-energy.png`}
          testId="pareto-energy"
          data={{ points: paretoPointCount(g.pareto.energy), group: g.key }}
          empty={paretoPointCount(g.pareto.energy) === 0 ? 'No energy measured on these runs.' : null}
        />
        <ChartPanel
          title={`Accuracy vs latency${simulated ? ' · simulated' : ''}`}
          option={latencyOption}
          fileName={`aurora-lab-compare-${stamp}-${safe}-pareto-latency.png`}
          testId="pareto-latency"
          data={{ points: paretoPointCount(g.pareto.latency), group: g.key }}
          empty={paretoPointCount(g.pareto.latency) === 0 ? 'No latency measured on these runs.' : null}
        />
      </div>

      {g.pairs.length ? (
        <section className="panel" data-testid="compare-pairs">
          <h3 className="panel-title">Weak/strong pair (RouteLLM figures)</h3>
          <ul className="plain-list">
            {g.pairs.map(pairView).map((p) => (
              <li key={p.key} className="tabular" data-testid="pair-line">
                {p.text}
                {p.reasons.map((r) => (
                  <div key={r} className="flag-note">
                    {r}
                  </div>
                ))}
              </li>
            ))}
          </ul>
          <ul className="plain-list help muted compare-footnotes">
            <li>{METRIC_HELP.apgr}</li>
            <li>{METRIC_HELP.cpt}</li>
          </ul>
        </section>
      ) : null}

      {g.breakdown.cluster ? <BreakdownTable b={g.breakdown.cluster} rowNames={rowNames} costMetric={result.costMetric} /> : null}
      <BreakdownTable b={g.breakdown.subject} rowNames={rowNames} costMetric={result.costMetric} />
      {g.notes.length ? (
        <ul className="plain-list muted">
          {g.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function BreakdownTable({ b, rowNames, costMetric }: { b: Parameters<typeof breakdownView>[0]; rowNames: string[]; costMetric: CostMetricName }) {
  const v = breakdownView(b, rowNames, costMetric);
  return (
    <details className="panel" data-testid={`breakdown-${v.by}`} data-groups={v.rows.length} open={v.rows.length <= 12}>
      <summary className="panel-title">
        Accuracy per {v.by} ({v.rows.length})
      </summary>
      <p className="help muted">{v.basis}. Hover a cell for its counts, latency and energy.</p>
      <TableBox columns={[v.by === 'cluster' ? 'Cluster' : 'Subject', num('Prompts'), ...v.columns.map((c) => ({ label: c, num: true, mono: true }))]}>
        {v.rows.map((r) => (
          <tr key={r.key} data-testid="breakdown-row">
            <td>
              {r.label}
              {r.terms ? <div className="sub mono">{r.terms}</div> : null}
            </td>
            <td className="num">{r.prompts}</td>
            {r.cells.map((c, i) => (
              <td key={i} className="num" title={c.title}>
                {c.accuracy}
              </td>
            ))}
          </tr>
        ))}
      </TableBox>
    </details>
  );
}
