/** One group's strategies in one table: accuracy with its interval, costs, savings against always-largest, and more. */
import type { ComparisonGroup } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { SimulatedBadge } from '../ui/Badge';
import { MISSING } from '../ui/format';
import { TableBox, num } from '../ui/TableBox';
import { rowKey, type TableRowView } from './compare-table';

export function StrategyTable({ rows, group: g, costMetric }: { rows: TableRowView[]; group: ComparisonGroup; costMetric: CostMetricName }) {
  return (
    <TableBox
      columns={[
        'Strategy', num('Accuracy ± 95% CI', 'Accuracy on the scored prompts with its 95% interval'), num('Mean size'),
        num('Mean latency'), num('p95 latency'), num('Energy / prompt'),
        num('Saved vs largest: size', '1 − strategy / always-largest on the same prompts, each measured'),
        num('latency'), num('energy'), num('Agrees with oracle'), num('Agrees with Claude'),
        num('Deferral area', 'UniRoute deferral-curve area (router curves)'),
        num('QNC', `Quality-neutral cost on ${costMetric}`), 'Share per model',
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
              {r.preference !== MISSING ? ` · preference ${r.preference}` : ''} · {r.prompts} prompts
            </div>
            {r.llm ? <div className="sub">{r.llm}</div> : null}
          </td>
          {r.unavailable ? (
            <td colSpan={13} className="hint hint-warn" data-testid="row-unavailable">
              Not available: {r.unavailable}
            </td>
          ) : (
            <>
              <td className="num" data-testid="row-accuracy">
                {r.accuracy}
                <div className="sub">{r.ci}</div>
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
              <td className="num">{r.deferralArea}</td>
              <td className="num">{r.qnc}</td>
              <td className="share-cell">
                {r.shares.length ? (
                  <div className="share-bar" title={r.share}>
                    {r.shares.map((s, i) => (
                      <span key={s.model} className={`share-seg share-${i % 6}`} style={{ width: `${s.share * 100}%` }} />
                    ))}
                  </div>
                ) : null}
                <div className="sub mono">{r.share}</div>
              </td>
            </>
          )}
        </tr>
      ))}
    </TableBox>
  );
}
