/**
 * One group's strategies in one table: accuracy with its interval (and a warning under chance), the share per model,
 * costs, savings against always-largest, agreement, deferral area and QNC; what the routing metrics mean, and why a
 * QNC is missing, in the lines under it.
 */
import type { ComparisonGroup } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { SimulatedBadge } from '../ui/Badge';
import { MISSING } from '../../../shared/format';
import { TableBox, num } from '../ui/TableBox';
import { METRIC_HELP } from './compare-metrics';
import { rowKey, type TableRowView } from './compare-table';

/** Columns after the strategy's name, for the colSpan of a strategy that did not run. */
const FIGURE_COLUMNS = 13;

export function StrategyTable({ rows, group: g, costMetric }: { rows: TableRowView[]; group: ComparisonGroup; costMetric: CostMetricName }) {
  const qncReasons = [...new Set(rows.filter((r) => r.qncReason && (r.strategy === 'router' || r.strategy === 'profile')).map((r) => r.qncReason!))];
  return (
    <>
      <TableBox
        columns={[
          'Strategy', num('Accuracy ± 95% CI', 'Accuracy on the scored prompts with its 95% Wilson interval'),
          { label: 'Share per model', title: 'Share of the routed prompts each model answered' },
          num('Mean size', 'Mean size of the models picked'), num('Mean latency', 'Mean engine total latency of the picks, measured'),
          num('p95 latency'), num('Energy / prompt', 'Mean energy per prompt of the picks, measured'),
          num('Saved vs largest: size', '1 − strategy / always-largest on the same prompts, each measured'),
          num('latency'), num('energy'), num('Agrees with oracle', 'Share of prompts where it picked the oracle’s model'),
          num('Agrees with Claude'), num('Deferral area', METRIC_HELP.deferralArea), num(`QNC (${costMetric})`, METRIC_HELP.qnc),
        ]}
        testId="compare-table"
        data={{ rows: rows.length }}
        className="compare-table"
      >
        {rows.map((r) => (
          <tr
            key={r.name}
            data-testid="compare-row"
            data-name={r.name}
            data-row-key={rowKey(r.name)}
            data-strategy={r.strategy}
            data-on-training={r.onTraining}
            data-unavailable={r.unavailable ? 'true' : 'false'}
            className={r.onTraining ? 'row-training' : undefined}
          >
            <td>
              <span className="mono">{r.name}</span>
              {r.onTraining ? (
                <span className="badge badge-warn" title="Scored on prompts its router profile was built from: optimistic" data-testid="row-training-badge">
                  training prompts
                </span>
              ) : null}
              {r.simulated && g.simulated !== 'all' ? <SimulatedBadge /> : null}
              <div className="sub">
                {r.kind}
                {r.preference !== MISSING ? ` · preference ${r.preference}` : ''} · {r.prompts}
              </div>
              {r.llm ? <div className="sub">{r.llm}</div> : null}
            </td>
            {r.unavailable ? (
              <td colSpan={FIGURE_COLUMNS} className="hint hint-warn" data-testid="row-unavailable">
                Not available: {r.unavailable}
              </td>
            ) : (
              <Figures r={r} />
            )}
          </tr>
        ))}
      </TableBox>
      <ul className="plain-list help muted compare-footnotes" data-testid="compare-footnotes">
        <li>{METRIC_HELP.deferralArea}</li>
        <li>{METRIC_HELP.qnc}</li>
        {chanceLines(rows).map((c) => (
          <li key={c.reason} className="tone-warn" data-testid="chance-reason">
            <span className="mono">{c.names.join(', ')}</span>: {c.reason}
          </li>
        ))}
        {qncReasons.map((reason) => (
          <li key={reason} className="tone-warn" data-testid="qnc-reason">
            QNC {MISSING}: {reason}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Rows under chance, grouped by their warning (rows with the same accuracy and n read the same). */
function chanceLines(rows: readonly TableRowView[]): Array<{ reason: string; names: string[] }> {
  const byReason = new Map<string, string[]>();
  for (const r of rows) if (r.chance) byReason.set(r.chance.reason, [...(byReason.get(r.chance.reason) ?? []), r.name]);
  return [...byReason.entries()].map(([reason, names]) => ({ reason, names }));
}

function Figures({ r }: { r: TableRowView }) {
  return (
    <>
      <td className="num" data-testid="row-accuracy">
        {r.accuracy}
        <div className="sub">{r.ci}</div>
        {r.chance ? (
          <div className="flag-note chance-note" title={r.chance.reason} data-testid="row-chance">
            ⚠ {r.chance.label}
          </div>
        ) : null}
      </td>
      <td className="share-cell" title={r.share}>
        {r.shares.length ? (
          <div className="share-bar">
            {r.shares.map((s, i) => (
              <span key={s.model} className={`share-seg share-${i % 6}`} style={{ width: `${s.share * 100}%` }} />
            ))}
          </div>
        ) : null}
        <div className="sub mono share-text" data-testid="row-share">
          {r.share}
        </div>
      </td>
      <td className="num">{r.meanSize}</td>
      <td className="num" data-testid="row-latency">
        {r.meanLatency}
      </td>
      <td className="num">{r.p95Latency}</td>
      <td className="num" data-testid="row-energy">
        {r.energy}
      </td>
      <td className="num">{r.saveSize}</td>
      <td className="num">{r.saveLatency}</td>
      <td className="num" data-testid="row-save-energy">
        {r.saveEnergy}
      </td>
      <td className="num">{r.agreeOracle}</td>
      <td className="num">{r.agreeClaude}</td>
      <td className="num" title={r.deferralTitle} data-testid="row-deferral">
        {r.deferralArea}
      </td>
      <td className="num" title={r.qncTitle} data-testid="row-qnc">
        {r.qnc}
      </td>
    </>
  );
}
