/** A quick run while it goes and after: phase, counts, ETA, cancel, the link to the run; the phone's recent runs. */
import type { RunSummary } from '../../../shared/runs';
import { runHref } from '../app/routing';
import { Badge } from '../ui/Badge';
import { formatDateTime, formatRelative, plural } from '../../../shared/format';
import { ActionNote } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { statusTone } from '../ui/status';
import { PHASE_LABELS, progressView } from './run-view';
import type { QuickRun } from './useQuickRun';

export function QuickRunProgress({ run, now }: { run: QuickRun; now: number }) {
  const { live, finished, running, storedStatus, resumed, cancel } = run;
  const p = live.progress;
  const view = p ? progressView(p, now) : null;
  const phaseText = view ? view.phase : finished && storedStatus ? storedStatus : live.runId ? 'Waiting for the lab' : 'Starting';
  return (
    <section
      className="panel live-panel"
      data-testid="quick-progress"
      data-run-id={live.runId ?? ''}
      data-phase={p?.phase ?? (finished ? (storedStatus ?? '') : 'starting')}
      data-done={p?.done ?? 0}
      data-total={p?.total ?? 0}
      data-finished={finished}
    >
      <div className="panel-head">
        <h3 className="panel-title">Progress</h3>
        <Badge tone={view?.tone ?? (storedStatus ? statusTone(storedStatus) : 'info')} testId="progress-phase">
          {phaseText}
        </Badge>
        {live.runId ? <span className="mono muted">run {live.runId.slice(0, 8)}</span> : null}
        <span className="strip-spacer" />
        {running ? (
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={run.onCancel}
            disabled={cancel.busy !== null || cancel.message?.kind === 'ok'}
            data-testid="quick-cancel"
          >
            {cancel.busy ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
        {finished && live.runId ? (
          <a className="btn btn-small btn-primary link-btn" href={runHref(live.runId)} data-testid="open-run">
            Open the run
          </a>
        ) : null}
      </div>
      {resumed && !finished ? (
        <p className="muted" data-testid="resumed-note">
          Following a run that was already going on this phone.
        </p>
      ) : null}
      <ProgressBar percent={view ? view.percent : finished ? 100 : null} tone={view?.tone ?? 'info'} testId="progress-bar" label="Run progress" />
      <div className="progress-facts">
        <span className="tabular" data-testid="progress-counts">
          {view ? view.counts : '—'}
        </span>
        {view?.eta ? (
          <span className="tabular" data-testid="progress-eta">
            {view.eta}
          </span>
        ) : null}
        {view?.bytes ? <span className="tabular muted">{view.bytes}</span> : null}
        {p?.modelId ? <span className="mono muted">{p.modelId}</span> : null}
      </div>
      {p ? (
        <p className={`progress-message${p.phase === 'failed' ? ' tone-bad' : ''}`} data-testid="progress-message">
          {p.message}
        </p>
      ) : null}
      {cancel.busy ? <div className="action-msg action-ok" role="status" data-testid="cancel-result">Cancelling after the prompt in flight…</div> : null}
      <ActionNote message={cancel.message} testId="cancel-result" />
      {!p && !live.runId ? <p className="muted">{PHASE_LABELS.preparing}…</p> : null}
    </section>
  );
}

export function RecentRuns({ runs, now }: { runs: RunSummary[] | undefined; now: number }) {
  if (!runs || runs.length === 0) return null;
  return (
    <section className="panel" data-testid="recent-runs">
      <div className="panel-head">
        <h3 className="panel-title">Recent runs on this phone</h3>
        <span className="strip-spacer" />
        <a href="#/runs">All runs</a>
      </div>
      <ul className="plain-list">
        {runs.map((r) => (
          <li key={r.id}>
            <a href={runHref(r.id)} className="mono">
              {r.id.slice(0, 8)}
            </a>{' '}
            <Badge tone={statusTone(r.status)}>{r.status}</Badge> {r.kind === 'quick' ? 'quick run' : 'campaign run'} · {r.modelIds.join(', ')} ·{' '}
            {plural(r.promptCount, 'prompt')} · <span title={formatDateTime(r.createdAt)}>{formatRelative(r.createdAt, now)}</span>
            {r.simulated ? <span className="muted"> · simulated</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
