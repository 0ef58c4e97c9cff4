/** The router profile's clusters (size, top subjects and terms, example prompts) and its measured costs per device. */
import type { ClusterView, CostRowView } from './profiles-view';
import { Flagged } from '../ui/Flagged';
import { MISSING } from '../../../shared/format';
import type { Flag } from '../ui/plausibility';
import { TableBox, num } from '../ui/TableBox';

export function ClusterInspector({ clusters }: { clusters: ClusterView[] }) {
  return (
    <section className="panel" data-testid="cluster-inspector">
      <h3 className="panel-title">Clusters ({clusters.length})</h3>
      <TableBox
        columns={[
          num('Cluster'), num('Size'), 'Top subjects', 'Top terms', 'Example prompts',
        ]}
      >
        {clusters.map((c) => (
          <tr key={c.cluster} data-testid="cluster-row" data-cluster={c.cluster}>
            <td className="num">c{c.cluster}</td>
            <td className="num">{c.size}</td>
            <td>{c.subjects}</td>
            <td className="mono">{c.terms}</td>
            <td className="cell-prompt">
              {c.examples.length ? (
                <ul className="plain-list">
                  {c.examples.map((e) => (
                    <li key={e.id} title={e.id}>
                      {e.text}
                    </li>
                  ))}
                </ul>
              ) : (
                MISSING
              )}
            </td>
          </tr>
        ))}
      </TableBox>
    </section>
  );
}

export function CostTable({ costs, simulated }: { costs: CostRowView[]; simulated: boolean }) {
  return (
    <section className="panel" data-testid="profile-costs">
      <h3 className="panel-title">Measured costs per device{simulated ? ' · simulated' : ''}</h3>
      {costs.length === 0 ? (
        <p className="muted">No measured costs (an imported seed profile carries sizes only).</p>
      ) : (
        <TableBox
          columns={[
            'Model', 'Device', num('Latency', 'Per prompt, as the router profile’s latency cost'), num('Energy / prompt', 'Per prompt, as its energy cost'),
            num('Decode', 'The engine’s decode speed'), num('Peak RAM', 'The engine’s peak RAM'),
          ]}
          className="cost-table"
          testId="cost-table"
        >
          {costs.map((c) => (
            <tr key={c.key} data-testid="cost-row" data-model-id={c.modelId} data-device={c.device}>
              <td className="mono nowrap">{c.modelId}</td>
              <td className="mono">{c.device}</td>
              <MeasureCell value={c.latency} how={c.latencyHow} />
              <MeasureCell value={c.energy} how={c.energyHow} />
              <MeasureCell value={c.tps} how={c.tpsHow} flag={c.tpsFlag} testId="cost-decode" />
              <MeasureCell value={c.ram} how={c.ramHow} />
            </tr>
          ))}
        </TableBox>
      )}
      <p className="legend muted">Beneath each figure: how it was obtained and its sample count.</p>
    </section>
  );
}

function MeasureCell({ value, how, flag, testId }: { value: string; how: string; flag?: Flag | null; testId?: string }) {
  return (
    <td className="num cell-measure" data-testid={testId}>
      {flag ? <Flagged flag={flag} raw={value} /> : value}
      {how ? <div className="sub measure-how">{how}</div> : null}
    </td>
  );
}
