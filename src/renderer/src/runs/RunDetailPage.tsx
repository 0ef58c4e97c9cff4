/**
 * One run (a quick run, or one device's part of a campaign): its facts and conditions, its models, power over time
 * and every prompt with its figures; live while it runs, read again when it ends; CSV and JSON exports.
 */
import { useMemo, useState } from 'react';
import type { RunProgress } from '../../../shared/runs';
import { campaignHref } from '../app/routing';
import { useLabEvent } from '../lab/useLabEvent';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { downloadText } from '../ui/download';
import { ShareButtons } from '../ui/ShareButtons';
import { plural } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { statusTone } from '../ui/status';
import { useNow } from '../ui/useNow';
import { usePowerTimeline, useRun, useRunResults } from './hooks';
import { promptsCsv, runExportFileName, runJson } from './prompt-export';
import { promptTotals } from './prompt-table';
import { PromptTable } from './PromptTable';
import { RunFacts, RunLivePanel, RunModelsPanel, RunPowerChart } from './RunPanels';
import { isTerminalPhase, runStatusHelp } from './run-view';
import './runs.css';

export function RunDetailPage({ runId }: { runId: string }) {
  return <RunView key={runId} runId={runId} />;
}

function RunView({ runId }: { runId: string }) {
  const now = useNow();
  const [progress, setProgress] = useState<RunProgress | null>(null);
  useLabEvent('runs.progress', (p) => {
    if (p.runId === runId) setProgress(p);
  });
  const run = useRun(runId);
  const results = useRunResults(runId);
  const timeline = usePowerTimeline(runId);
  const rows = useMemo(() => results.data ?? [], [results.data]);
  const totals = useMemo(() => promptTotals(rows), [rows]);
  const crumbs = [{ label: 'Runs', href: '#/runs' }, { label: runId.slice(0, 8) }];
  const reload = () => (run.refetch(), results.refetch(), timeline.refetch());

  const r = run.data;
  if (!r) {
    const notFound = run.error?.code === 'not-found';
    return (
      <div className="page" data-testid="run-detail">
        <Breadcrumb trail={crumbs} />
        {run.error ? (
          <InlineError testId="run-load-error" message={notFound ? `The lab has no run ${runId}.` : run.error.message} onRetry={notFound ? undefined : reload} />
        ) : (
          <div className="panel muted">Loading run {runId.slice(0, 8)}…</div>
        )}
      </div>
    );
  }

  const live = r.status === 'running' && progress !== null && !isTerminalPhase(progress.phase);
  return (
    <div className="page" data-testid="run-detail" data-run-id={r.id} data-status={r.status}>
      <Breadcrumb trail={crumbs} />
      <div className="page-header">
        <h1 data-testid="page-heading">
          Run <span className="mono">{r.id.slice(0, 8)}</span>
        </h1>
        <Badge tone={statusTone(r.status)} title={runStatusHelp(r.status)} testId="run-status">
          {r.status}
        </Badge>
        <span className="tag">{r.kind === 'quick' ? 'quick run' : 'campaign'}</span>
        {r.simulated ? <SimulatedBadge testId="simulated-badge" title="Results from a virtual phone are simulated, not measured" /> : null}
        <span className="strip-spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => downloadText(promptsCsv(rows), runExportFileName(runId, 'prompts', 'csv'), 'text/csv;charset=utf-8')}
          disabled={rows.length === 0}
          title="The per-prompt table as CSV, built in this window"
          data-testid="export-csv"
        >
          Export CSV
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => downloadText(runJson(r, rows, Date.now()), runExportFileName(runId, 'run', 'json'), 'application/json')}
          title="The run, its conditions and per-prompt results as JSON, built in this window"
          data-testid="export-json"
        >
          Export JSON
        </button>
        <ShareButtons source={{ runId: r.id }} campaignId={r.campaignId ?? null} testId="run-share" />
      </div>

      {r.simulated ? (
        <div className="banner banner-virtual" data-testid="simulated-note">
          This run ran on an Aurora Lab virtual phone: its latencies, energy, temperatures and answers are simulated, not
          measured on real hardware.
        </div>
      ) : null}
      {r.campaignId ? (
        <div className="banner banner-info" data-testid="campaign-link">
          One device’s part of campaign{' '}
          <a href={campaignHref(r.campaignId)} className="mono">
            {r.campaignId.slice(0, 8)}
          </a>
          : accuracy, distributions and the other devices are there.
        </div>
      ) : null}
      {r.error ? <InlineError message={`The run ended with an error: ${r.error}`} testId="run-error" /> : null}
      {r.status === 'running' ? <RunLivePanel progress={live ? progress : null} now={now} /> : null}
      {r.warnings.length ? (
        <div className="banner banner-warn" data-testid="run-warnings">
          <strong>Warnings</strong>
          <ul className="error-list">
            {r.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <RunFacts run={r} totals={totals} now={now} />
      <RunModelsPanel models={r.models} results={rows} simulated={r.simulated} />
      <RunPowerChart
        runId={r.id}
        timeline={timeline.data}
        error={timeline.error ? `Could not load the power timeline: ${timeline.error.message}` : null}
        running={r.status === 'running'}
      />

      <section className="panel" data-testid="run-prompts">
        <div className="panel-head">
          <h3 className="panel-title">Per-prompt results</h3>
          <span className="muted tabular">{plural(rows.length, 'prompt')}</span>
        </div>
        {results.error ? (
          <InlineError message={`Could not load the per-prompt results: ${results.error.message}`} testId="results-error" onRetry={results.refetch} />
        ) : null}
        <PromptTable results={rows} emptyText={r.status === 'running' ? 'No prompt stored yet.' : 'This run stored no prompt results.'} />
      </section>
    </div>
  );
}
