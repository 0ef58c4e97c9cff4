/** Every campaign and quick run, newest first, filtered by device, status and measured/simulated, sortable. */
import { useMemo, useState } from 'react';
import { pageHref } from '../app/routing';
import { plural } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { useNow } from '../ui/useNow';
import { LIST_LIMIT, useRunEnergies, useRunsAndCampaigns } from './hooks';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  RUN_STATUSES,
  deviceOptions,
  filterRuns,
  isFiltered,
  listItems,
  sortRuns,
  type DeviceOption,
  type ListStatus,
  type RunFilter,
  type SimulatedFilter,
} from './runs-list';
import { RunsTable } from './RunsTable';
import './runs.css';

export function RunsPage() {
  const now = useNow();
  const { runs, campaigns, refetch } = useRunsAndCampaigns();
  const [filter, setFilter] = useState<RunFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const energy = useRunEnergies(runs.data);

  const items = useMemo(() => listItems(runs.data ?? [], campaigns.data ?? []), [runs.data, campaigns.data]);
  const devices = useMemo(() => deviceOptions(runs.data ?? [], campaigns.data ?? []), [runs.data, campaigns.data]);
  const shown = useMemo(() => sortRuns(filterRuns(items, filter), sort, energy, now), [items, filter, sort, energy, now]);
  const nCampaigns = items.filter((i) => i.kind === 'campaign').length;
  const capped = (runs.data?.length ?? 0) >= LIST_LIMIT || (campaigns.data?.length ?? 0) >= LIST_LIMIT;

  return (
    <div className="page" data-testid="runs-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Runs</h1>
        {runs.data ? (
          <span className="muted tabular" data-testid="runs-count">
            {plural(nCampaigns, 'campaign')} · {plural(items.length - nCampaigns, 'quick run')}
            {capped ? ` (the newest ${LIST_LIMIT} of each kind)` : ''}
            {isFiltered(filter) ? ` · ${shown.length} shown` : ''}
          </span>
        ) : null}
        <span className="strip-spacer" />
        <a className="btn btn-primary link-btn" href={pageHref('new-campaign')} data-testid="new-campaign">
          New campaign
        </a>
        <button type="button" className="btn" onClick={refetch} disabled={runs.loading && !runs.data} data-testid="runs-refresh">
          Refresh
        </button>
      </div>

      {runs.error ? <InlineError message={`Could not load the runs: ${runs.error.message}`} testId="runs-error" onRetry={refetch} /> : null}
      {campaigns.error ? <InlineError message={`Could not load the campaigns: ${campaigns.error.message}`} testId="campaigns-error" onRetry={refetch} /> : null}

      {items.length > 0 ? <Filters filter={filter} onChange={setFilter} devices={devices} /> : null}

      {runs.data === undefined ? (
        runs.error ? null : <div className="panel muted">Loading runs…</div>
      ) : items.length === 0 ? (
        <div className="panel empty" data-testid="runs-empty">
          <h2>No runs yet</h2>
          <p>
            Start a <a href={pageHref('new-campaign')}>campaign</a> (models × phones over a prompt set, scored), or open a
            phone on the <a href="#/devices">Devices</a> page for a <strong>quick run</strong> (one model, a few prompts).
            No phone at hand? Connect a virtual phone (its results are simulated).
          </p>
        </div>
      ) : shown.length === 0 ? (
        <div className="panel muted" data-testid="runs-none-match">
          No run matches these filters.
        </div>
      ) : (
        <RunsTable items={shown} sort={sort} onSort={setSort} energy={energy} now={now} />
      )}
    </div>
  );
}

function Filters({ filter, onChange, devices }: { filter: RunFilter; onChange: (f: RunFilter) => void; devices: readonly DeviceOption[] }) {
  return (
    <div className="filters" data-testid="runs-filters">
      <label>
        Device{' '}
        <select className="input input-narrow" value={filter.serial} onChange={(e) => onChange({ ...filter, serial: e.target.value })} data-testid="filter-device">
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
        <select className="input input-narrow" value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as ListStatus | '' })} data-testid="filter-status">
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
        <select className="input input-narrow" value={filter.simulated} onChange={(e) => onChange({ ...filter, simulated: e.target.value as SimulatedFilter })} data-testid="filter-simulated">
          <option value="all">Measured and simulated</option>
          <option value="measured">Measured (real phones)</option>
          <option value="simulated">Simulated (virtual phones)</option>
        </select>
      </label>
      {isFiltered(filter) ? (
        <button type="button" className="btn btn-small" onClick={() => onChange(EMPTY_FILTER)} data-testid="filter-clear">
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
