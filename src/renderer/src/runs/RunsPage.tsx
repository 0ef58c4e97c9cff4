import { useEffect, useMemo, useState } from 'react';
import type { CampaignSummary } from '../../../shared/api/campaigns';
import type { RunSummary } from '../../../shared/runs';
import { Badge, InlineError } from '../ui/Badge';
import { errorMessage } from '../lab/errors';
import { MISSING, formatDateTime, formatDuration, formatInt, formatRelative } from '../ui/format';
import { navigate } from '../app/useHashRoute';
import { useNow } from '../ui/useNow';
import { getLab } from '../lab/client';
import { campaignStatusHelp, campaignStatusTone } from '../campaigns/campaign-view';
import { runEnergyJ } from './run-view';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  RUN_STATUSES,
  deviceOptions,
  filterRuns,
  isFiltered,
  itemDurationMs,
  itemEnergy,
  listItems,
  nextSort,
  sortRuns,
  type ListStatus,
  type RunFilter,
  type RunListItem,
  type RunSort,
  type RunSortKey,
  type SimulatedFilter,
} from './runs-list';

/** How many runs the page asks for. */
const LIST_LIMIT = 500;
/** `runs.get` calls in flight at once while filling in energy totals. */
const ENERGY_CONCURRENCY = 4;

/**
 * Total energy per finished Quick profile, kept for the session: `runs.list` does not carry it, so the page asks
 * `runs.get` for each run once (finished runs never change). Campaigns carry theirs in `campaigns.list`.
 */
const energyCache = new Map<string, number | null>();

const COLUMNS: Array<{ key: RunSortKey; label: string; num?: boolean; title?: string }> = [
  { key: 'when', label: 'When' },
  { key: 'device', label: 'Device' },
  { key: 'models', label: 'Model(s)' },
  { key: 'set', label: 'Prompt set', title: 'The data set, n (sampled prompts) and repetitions' },
  { key: 'prompts', label: 'Results', num: true, title: 'Prompt results stored (of those planned)' },
  { key: 'status', label: 'Status' },
  { key: 'duration', label: 'Duration', num: true },
  { key: 'energy', label: 'Energy J', num: true, title: 'Gross energy of the measured windows (sum over models)' },
  { key: 'simulated', label: 'Simulated', title: 'Runs on virtual phones are simulated, not measured' },
];

export function RunsPage() {
  const now = useNow();
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [campaignsError, setCampaignsError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const [filter, setFilter] = useState<RunFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<RunSort>(DEFAULT_SORT);
  const [energy, setEnergy] = useState<ReadonlyMap<string, number | null>>(() => new Map(energyCache));

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    lab.runs.list({ limit: LIST_LIMIT }).then(
      (list) => {
        if (cancelled) return;
        setRuns(list);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(`Could not load the runs: ${errorMessage(e)}`);
        setLoading(false);
      },
    );
    lab.campaigns.list({ limit: LIST_LIMIT }).then(
      (list) => {
        if (cancelled) return;
        setCampaigns(list);
        setCampaignsError(null);
      },
      (e: unknown) => {
        if (!cancelled) setCampaignsError(`Could not load the profiling campaigns: ${errorMessage(e)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  // A run starting or ending anywhere: reload the list (at most once per second).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const seen = new Map<string, string>();
    const reload = (id: string, state: string) => {
      if (seen.get(id) === state) return;
      seen.set(id, state);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 1000);
    };
    const lab = getLab();
    const offRuns = lab.on('runs.progress', (p) => {
      const ended = p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled';
      reload(p.runId, ended ? 'ended' : 'running');
    });
    // Campaign rows: reload when one starts or ends (their counts are refreshed with it).
    const offCampaigns = lab.on('campaigns.progress', (p) => reload(p.campaignId, p.status));
    return () => {
      offRuns();
      offCampaigns();
      if (timer) clearTimeout(timer);
    };
  }, []);

  // Energy totals for the runs that lack one (finished runs are cached; running ones are asked again each load).
  useEffect(() => {
    if (!runs) return;
    const todo = runs
      .filter((r) => r.kind === 'quick' && !r.campaignId && (r.status === 'running' || !energyCache.has(r.id)))
      .map((r) => r.id);
    if (todo.length === 0) return;
    let cancelled = false;
    let next = 0;
    const worker = async () => {
      while (!cancelled && next < todo.length) {
        const id = todo[next++]!;
        try {
          const d = await getLab().runs.get({ runId: id });
          const j = runEnergyJ(d);
          if (d.status !== 'running') energyCache.set(id, j);
          if (!cancelled) setEnergy((m) => new Map(m).set(id, j));
        } catch {
          // Leave it blank: the row still links to the run, whose page says what is wrong.
        }
      }
    };
    for (let i = 0; i < Math.min(ENERGY_CONCURRENCY, todo.length); i++) void worker();
    return () => {
      cancelled = true;
    };
  }, [runs]);

  const items = useMemo(() => listItems(runs ?? [], campaigns), [runs, campaigns]);
  const devices = useMemo(() => deviceOptions(runs ?? [], campaigns), [runs, campaigns]);
  const shown = useMemo(() => sortRuns(filterRuns(items, filter), sort, energy, now), [items, filter, sort, energy, now]);

  return (
    <div className="page" data-testid="runs-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Runs</h1>
        {runs ? (
          <span className="muted tabular" data-testid="runs-count">
            {isFiltered(filter) ? `${shown.length} of ${items.length}` : `${items.length}`} run{items.length === 1 ? '' : 's'}
            {runs.length >= LIST_LIMIT || campaigns.length >= LIST_LIMIT ? ` (the newest ${LIST_LIMIT} of each kind)` : ''}
          </span>
        ) : null}
        <span className="strip-spacer" />
        <a className="btn btn-primary link-btn" href="#/profile" data-testid="new-campaign">
          New profiling run
        </a>
        <button type="button" className="btn" onClick={() => setVersion((v) => v + 1)} disabled={loading && !runs} data-testid="runs-refresh">
          Refresh
        </button>
      </div>

      {error ? <InlineError message={error} testId="runs-error" onRetry={() => setVersion((v) => v + 1)} /> : null}
      {campaignsError ? (
        <InlineError message={campaignsError} testId="campaigns-error" onRetry={() => setVersion((v) => v + 1)} />
      ) : null}

      {items.length > 0 ? (
        <div className="filters" data-testid="runs-filters">
          <label>
            Device{' '}
            <select
              className="input input-narrow"
              value={filter.serial}
              onChange={(e) => setFilter((f) => ({ ...f, serial: e.target.value }))}
              data-testid="filter-device"
            >
              <option value="">All devices</option>
              {devices.map((d) => (
                <option key={d.serial} value={d.serial}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status{' '}
            <select
              className="input input-narrow"
              value={filter.status}
              onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as ListStatus | '' }))}
              data-testid="filter-status"
            >
              <option value="">Any status</option>
              {RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Results{' '}
            <select
              className="input input-narrow"
              value={filter.simulated}
              onChange={(e) => setFilter((f) => ({ ...f, simulated: e.target.value as SimulatedFilter }))}
              data-testid="filter-simulated"
            >
              <option value="all">Measured and simulated</option>
              <option value="measured">Measured (real phones)</option>
              <option value="simulated">Simulated (virtual phones)</option>
            </select>
          </label>
          {isFiltered(filter) ? (
            <button type="button" className="btn btn-small" onClick={() => setFilter(EMPTY_FILTER)} data-testid="filter-clear">
              Clear filters
            </button>
          ) : null}
        </div>
      ) : null}

      {runs === null ? (
        error ? null : <div className="panel muted">Loading runs…</div>
      ) : items.length === 0 ? (
        <div className="panel empty" data-testid="runs-empty">
          <h2>No runs yet</h2>
          <p>
            Start a <a href="#/profile">profiling run</a> (models × phones over a prompt set, scored), or open a phone on
            the <a href="#/devices">Devices</a> page for a <strong>Quick profile</strong> (one model, a few prompts).
            No phone at hand? Connect a virtual phone (its results are simulated).
          </p>
        </div>
      ) : shown.length === 0 ? (
        <div className="panel muted" data-testid="runs-none-match">
          No run matches these filters.
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="runs-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    className={c.num ? 'num' : undefined}
                    title={c.title}
                    aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button type="button" className="sort-btn" onClick={() => setSort((s) => nextSort(s, c.key))} data-testid={`sort-${c.key}`}>
                      {c.label}
                      <span className="sort-mark" aria-hidden>
                        {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <RunRow key={`${r.kind}:${r.id}`} item={r} now={now} energy={itemEnergy(r, energy)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
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
        if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
        navigate(r.href);
      }}
    >
      <td className="nowrap" title={formatDateTime(r.createdAt)}>
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
        {r.modelIds.join(', ') || MISSING}
      </td>
      <td data-testid="run-set">
        {r.kind === 'quick' ? <span className="muted">Quick profile</span> : r.promptSet}
      </td>
      <td className="num" data-testid="run-prompts">
        {formatInt(r.prompts)}
        {r.total !== null && r.total !== r.prompts ? <span className="muted"> / {formatInt(r.total)}</span> : null}
      </td>
      <td data-testid="run-status">
        <Badge tone={campaignStatusTone(r.status)} title={campaignStatusHelp(r.status)}>
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
        {r.simulated ? (
          <span className="badge badge-virtual" title="Ran on a virtual phone: every figure is simulated">
            simulated
          </span>
        ) : (
          <span className="muted">measured</span>
        )}
      </td>
    </tr>
  );
}
