/** The Runs table: one row per campaign or quick run, sortable by any column, a click opens it. */
import { navigate } from '../app/useHashRoute';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { MISSING, formatDateTime, formatDuration, formatInt, formatRelative } from '../../../shared/format';
import { statusTone } from '../ui/status';
import { TableBox } from '../ui/TableBox';
import { campaignStatusHelp } from '../campaigns/campaign-status';
import { itemDurationMs, itemEnergy, nextSort, type RunListItem, type RunSort, type RunSortKey } from './runs-list';

const COLUMNS: Array<{ key: RunSortKey; label: string; num?: boolean; title?: string }> = [
  { key: 'when', label: 'When' },
  { key: 'device', label: 'Device' },
  { key: 'models', label: 'Model(s)' },
  { key: 'set', label: 'Prompt set', title: 'A campaign’s prompt set (its folder or file, and its fingerprint), n (sampled prompts) and repetitions; or a quick run' },
  { key: 'prompts', label: 'Results', num: true, title: 'Prompt results stored (of those planned)' },
  { key: 'status', label: 'Status' },
  { key: 'duration', label: 'Duration', num: true },
  { key: 'energy', label: 'Energy J', num: true, title: 'Gross energy of the measured windows (sum over models)' },
  { key: 'simulated', label: 'Simulated', title: 'Runs on virtual phones are simulated, not measured' },
];

export function RunsTable({
  items,
  sort,
  onSort,
  energy,
  now,
}: {
  items: readonly RunListItem[];
  sort: RunSort;
  onSort: (s: RunSort) => void;
  energy: ReadonlyMap<string, number | null>;
  now: number;
}) {
  const head = (
    <tr>
      {COLUMNS.map((c) => (
        <th key={c.key} className={c.num ? 'num' : undefined} title={c.title} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
          <button type="button" className="sort-btn" onClick={() => onSort(nextSort(sort, c.key))} data-testid={`sort-${c.key}`}>
            {c.label}
            <span className="sort-mark" aria-hidden>
              {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
            </span>
          </button>
        </th>
      ))}
    </tr>
  );
  return (
    <TableBox head={head} testId="runs-table">
      {items.map((r) => (
        <RunRow key={`${r.kind}:${r.id}`} item={r} now={now} energy={itemEnergy(r, energy)} />
      ))}
    </TableBox>
  );
}

function RunRow({ item: r, now, energy }: { item: RunListItem; now: number; energy: number | null | undefined }) {
  return (
    <tr
      className="device-row"
      data-testid="run-row"
      data-run-id={r.id}
      data-kind={r.kind}
      data-status={r.status}
      data-simulated={r.simulated}
      onClick={(e) => {
        // Let real links, text selection and modified clicks behave normally.
        if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
        navigate(r.href);
      }}
    >
      <td className="cell-when" title={formatDateTime(r.createdAt)}>
        <a href={r.href} data-testid="run-link">
          {formatDateTime(r.createdAt)}
        </a>
        <div className="sub">{formatRelative(r.createdAt, now)}</div>
      </td>
      <td data-testid="run-device">
        {r.devices}
        <div className="sub mono">{r.serials.join(', ')}</div>
      </td>
      <td className="mono" data-testid="run-models">
        {r.modelIds.length
          ? r.modelIds.map((m) => (
              <div key={m} className="nowrap">
                {m}
              </div>
            ))
          : MISSING}
      </td>
      <td className="cell-set" data-testid="run-set" title={r.promptSetTitle}>
        {r.kind === 'quick' ? <span className="muted">Quick run</span> : r.promptSet}
      </td>
      <td className="num" data-testid="run-prompts">
        {formatInt(r.prompts)}
        {r.total !== null && r.total !== r.prompts ? <span className="muted"> / {formatInt(r.total)}</span> : null}
      </td>
      <td data-testid="run-status">
        <Badge tone={statusTone(r.status)} title={campaignStatusHelp(r.status)}>
          {r.status}
        </Badge>
        {r.error ? (
          <div className="hint hint-bad clip" title={r.error}>
            {r.error}
          </div>
        ) : null}
      </td>
      <td className="num" data-testid="run-duration">
        {formatDuration(itemDurationMs(r, now))}
      </td>
      <td className="num" data-testid="run-energy" title={energy === undefined ? 'Loading…' : undefined}>
        {energy === undefined ? <span className="muted">…</span> : energy === null ? MISSING : energy.toFixed(3)}
      </td>
      <td data-testid="run-simulated">
        {r.simulated ? <SimulatedBadge title="Ran on a virtual phone: every figure is simulated" /> : <span className="muted">measured</span>}
      </td>
    </tr>
  );
}
