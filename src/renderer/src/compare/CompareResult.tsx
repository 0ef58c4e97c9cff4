/** A comparison's result: its header (simulated or measured, how it was scored), groups side by side, every group. */
import type { ComparisonGroup, ComparisonResult, ComparisonSummary } from '../../../shared/api/compare';
import { SimulatedBadge } from '../ui/Badge';
import { MISSING, formatDateTime, formatDuration } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { TableBox } from '../ui/TableBox';
import { downloadText } from '../ui/download';
import { ShareButtons } from '../ui/ShareButtons';
import { comparisonFileName, comparisonJson, resultSimulated, strategiesText } from './compare-view';
import { CompareGroup } from './CompareGroup';
import { sideBySide } from './compare-table';

export function CompareResult({ result, onExport, exportError }: { result: ComparisonResult; onExport: () => void; exportError: string | null }) {
  const exportJson = () => downloadText(comparisonJson(result), comparisonFileName(result, 'json'), 'application/json');
  const simulated = resultSimulated(result);
  const r = result.request;
  return (
    <section className="compare-result" data-testid="compare-result" data-comparison-id={result.id} data-simulated={simulated} data-groups={result.groups.length}>
      <div className="page-header">
        <h2>
          Comparison <span className="mono">{result.id.replace(/^cmp-/, '').slice(0, 8)}</span>
        </h2>
        {simulated !== 'none' ? (
          <SimulatedBadge testId="compare-simulated-badge">{simulated === 'all' ? 'SIMULATED' : 'PARTLY SIMULATED'}</SimulatedBadge>
        ) : (
          <span className="badge badge-ok">measured</span>
        )}
        <span className="muted">
          {formatDateTime(result.createdAt)} · {formatDuration(result.durationMs)} · cost: {result.costMetric} · {r.folds} folds · K {r.k} · seed {r.seed} · energy {r.energy}
        </span>
        <span className="strip-spacer" />
        <button type="button" className="btn btn-small" onClick={onExport} data-testid="compare-export-csv" title="The side-by-side table as CSV, one line per group × row">
          Export CSV
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={exportJson}
          data-testid="compare-export-json"
          title="The whole comparison as JSON: request, every group’s rows, Pareto charts, pairs, breakdowns and notes"
        >
          Export JSON
        </button>
        {result.groups.length ? <ShareButtons source={{ comparisonId: result.id, groups: result.groups.map((g) => g.key) }} testId="compare-share" /> : null}
      </div>
      {simulated !== 'none' ? (
        <div className="banner banner-virtual" data-testid="compare-simulated-banner">
          <strong>SIMULATED.</strong> {simulated === 'all' ? 'Every' : 'Some'} figure below comes from virtual phones: accuracy, latency and energy
          {simulated === 'all' ? ' are' : ' of those groups are'} simulated, not measured on real hardware.
        </div>
      ) : null}
      {exportError ? <InlineError message={exportError} testId="compare-export-error" /> : null}
      {result.notes.length || result.aggregation ? (
        <ul className="plain-list muted" data-testid="compare-notes">
          {result.aggregation ? <li>Repetitions: {result.aggregation}</li> : null}
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      {result.groups.length >= 2 ? <SideBySide groups={result.groups} /> : null}
      {result.groups.length === 0 ? <div className="panel muted">The comparison has no groups (no measured matrix).</div> : null}
      {result.groups.map((g) => (
        <CompareGroup key={g.key} group={g} result={result} />
      ))}
    </section>
  );
}

function SideBySide({ groups }: { groups: readonly ComparisonGroup[] }) {
  const v = sideBySide(groups);
  const head = (
    <>
      <tr>
        <th rowSpan={2}>Strategy</th>
        {v.groups.map((g) => (
          <th key={g.key} colSpan={4}>
            {g.title} {g.simulated !== 'none' ? <SimulatedBadge /> : null}
          </th>
        ))}
      </tr>
      <tr>
        {v.groups.flatMap((g) =>
          ['Accuracy', 'Latency', 'Energy', 'Energy saved'].map((label) => (
            <th key={`${g.key}:${label}`} className="num">
              {label}
            </th>
          )),
        )}
      </tr>
    </>
  );
  return (
    <section className="panel" data-testid="compare-side-by-side">
      <h3 className="panel-title">Side by side</h3>
      <TableBox head={head} testId="side-by-side-table">
        {v.rows.map((row) => (
          <tr key={row.name} data-testid="side-row" data-name={row.name}>
            <td className="mono">{row.name}</td>
            {row.cells.flatMap((c, i) =>
              c
                ? [c.accuracy, c.latency, c.energy, c.saveEnergy].map((text, j) => (
                    <td key={`${i}:${j}`} className="num">
                      {text}
                    </td>
                  ))
                : [
                    <td key={`${i}x`} colSpan={4} className="muted">
                      {MISSING}
                    </td>,
                  ],
            )}
          </tr>
        ))}
      </TableBox>
    </section>
  );
}

export function RecentComparisons({ recent, shownId, onOpen }: { recent: readonly ComparisonSummary[]; shownId: string | null; onOpen: (id: string) => void }) {
  if (recent.length === 0) return null;
  return (
    <details className="panel" data-testid="compare-recent">
        <summary className="panel-title" data-testid="compare-recent-summary">
          Recent comparisons ({recent.length})
        </summary>
        <TableBox columns={['When', 'Runs', 'Cost', 'Strategies', 'Results', 'Open']}>
          {recent.map((c) => (
            <tr key={c.id} data-testid="compare-recent-row" data-id={c.id}>
              <td className="nowrap">{formatDateTime(c.createdAt)}</td>
              <td className="mono">{c.runIds.map((r) => r.slice(0, 8)).join(', ')}</td>
              <td>{c.costMetric}</td>
              <td className="mono">{strategiesText(c.strategies)}</td>
              <td>{c.simulated === 'none' ? <span className="muted">measured</span> : <SimulatedBadge>{c.simulated === 'all' ? 'simulated' : 'partly simulated'}</SimulatedBadge>}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => onOpen(c.id)} disabled={shownId === c.id} data-testid="compare-recent-open">
                  {shownId === c.id ? 'Shown' : 'Open'}
                </button>
              </td>
            </tr>
          ))}
        </TableBox>
      </details>
  );
}
