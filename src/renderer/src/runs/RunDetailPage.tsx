import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PowerTimeline, PromptResult, RunDetail, RunModelSummary, RunProgress } from '../../../shared/runs';
import { Badge, InlineError } from '../ui/Badge';
import { FactGroup } from '../ui/FactGroup';
import { ProgressBar } from '../ui/ProgressBar';
import { PromptTable } from './PromptTable';
import { thermalName, thermalTone } from '../devices/device-view';
import { downloadText, downloadUrl } from '../ui/download';
import { describeError, errorMessage, type ShownError } from '../lab/errors';
import {
  MISSING,
  formatDateTime,
  formatDuration,
  formatFixed,
  formatInt,
  formatPercent,
  formatTemp,
} from '../ui/format';
import { useECharts } from '../ui/useECharts';
import { useNow } from '../ui/useNow';
import { getLab } from '../lab/client';
import { campaignRouteHref, deviceHref } from '../app/routing';
import { isTerminalPhase } from './run-view';
import { buildPowerChartOption } from './power-chart';
import { mergeResults, promptTotals, promptsCsv, runExportFileName, runJson } from './prompt-table';
import {
  chargingStateText,
  methodWithRate,
  progressView,
  runDurationMs,
  runEnergyJ,
  runStatusHelp,
  runStatusTone,
} from './run-view';

export function RunDetailPage({ runId }: { runId: string }) {
  return <RunDetailView key={runId} runId={runId} />;
}

/** Power timeline points asked for: enough for a long run's shape, small enough to draw at once. */
const TIMELINE_POINTS = 4000;

function Breadcrumb({ runId }: { runId: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/runs">Runs</a>
      <span className="muted"> / {runId.slice(0, 8)}</span>
    </nav>
  );
}

function RunDetailView({ runId }: { runId: string }) {
  const now = useNow();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [results, setResults] = useState<PromptResult[]>([]);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [resultsError, setResultsError] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<PowerTimeline | null>(null);
  const [timelineError, setTimelineError] = useState<string | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  /** Bumped to load everything again (a live run ended, or Retry). */
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    lab.runs.get({ runId }).then(
      (r) => {
        if (cancelled) return;
        setRun(r);
        setLoadError(null);
      },
      (e: unknown) => {
        if (!cancelled) setLoadError(describeError(e));
      },
    );
    lab.runs.results({ runId }).then(
      (rs) => {
        if (cancelled) return;
        setResults((cur) => mergeResults(cur, rs));
        setResultsError(null);
      },
      (e: unknown) => {
        if (!cancelled) setResultsError(`Could not load the per-prompt results: ${errorMessage(e)}`);
      },
    );
    lab.runs.powerTimeline({ runId, maxPoints: TIMELINE_POINTS }).then(
      (t) => {
        if (cancelled) return;
        setTimeline(t);
        setTimelineError(null);
      },
      (e: unknown) => {
        if (!cancelled) setTimelineError(`Could not load the power timeline: ${errorMessage(e)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [runId, version]);

  // A run still going: new prompt rows and progress live; everything is reloaded when it ends.
  useEffect(() => {
    const lab = getLab();
    const offResult = lab.on('runs.result', (r) => {
      if (r.runId === runId) setResults((cur) => mergeResults(cur, [r]));
    });
    const offProgress = lab.on('runs.progress', (p) => {
      if (p.runId !== runId) return;
      setProgress(p);
      if (isTerminalPhase(p.phase)) setVersion((v) => v + 1);
    });
    return () => {
      offResult();
      offProgress();
    };
  }, [runId]);

  const totals = useMemo(() => promptTotals(results), [results]);

  if (!run) {
    return (
      <div className="page" data-testid="run-detail">
        <Breadcrumb runId={runId} />
        {loadError ? (
          <InlineError
            testId="run-load-error"
            message={loadError.code === 'not-found' ? `The lab has no run ${runId}.` : loadError.message}
            onRetry={loadError.code === 'not-found' ? undefined : () => setVersion((v) => v + 1)}
          />
        ) : (
          <div className="panel muted">Loading run {runId.slice(0, 8)}…</div>
        )}
      </div>
    );
  }

  const energy = runEnergyJ(run);
  const live = run.status === 'running' && progress !== null && !isTerminalPhase(progress.phase);
  const pv = live && progress ? progressView(progress, now) : null;

  function exportCsv() {
    downloadText(promptsCsv(results), runExportFileName(runId, 'prompts', 'csv'), 'text/csv;charset=utf-8');
  }
  function exportJson() {
    if (!run) return;
    downloadText(runJson(run, results, Date.now()), runExportFileName(runId, 'run', 'json'), 'application/json');
  }

  const summaryRows: Array<{ label: string; value: ReactNode; mono?: boolean; title?: string }> = [
    {
      label: 'Device',
      value: (
        <span data-testid="run-device">
          <a href={deviceHref(run.serial)}>{run.deviceModel ?? run.serial}</a> <span className="mono muted">{run.serial}</span>
        </span>
      ),
    },
    { label: 'Model' + (run.modelIds.length === 1 ? '' : 's'), value: <span className="mono" data-testid="run-models-list">{run.modelIds.join(', ') || MISSING}</span> },
    { label: 'Kind', value: run.kind === 'quick' ? 'Quick profile' : 'Campaign' },
    { label: 'Started', value: formatDateTime(run.createdAt) },
    { label: 'Finished', value: run.finishedAt ? formatDateTime(run.finishedAt) : run.status === 'running' ? 'not yet' : MISSING },
    { label: 'Duration', value: formatDuration(runDurationMs(run, now)) },
    {
      label: 'Prompts',
      value: (
        <span data-testid="run-prompt-counts">
          {formatInt(totals.prompts)} stored of {formatInt(run.promptCount)}
          {totals.prompts > totals.ok ? <span className="tone-bad"> · {totals.prompts - totals.ok} failed</span> : null}
        </span>
      ),
    },
    {
      label: 'Energy',
      value: (
        <span data-testid="run-energy" title="Gross energy of the measured window of each model (first prompt start to last prompt end)">
          {energy === null ? MISSING : `${energy.toFixed(3)} J gross`}
          {totals.netEnergyJ !== null ? <span className="muted"> · {totals.netEnergyJ.toFixed(3)} J net over prompts</span> : null}
        </span>
      ),
    },
    { label: 'Output tokens', value: formatInt(totals.outputTokens) },
    ...(totals.scored > 0
      ? [
          {
            label: 'Accuracy',
            value: `${totals.correct} of ${totals.scored} correct (${formatPercent((100 * totals.correct) / totals.scored)})${run.simulated ? ', simulated' : ''}`,
          },
        ]
      : []),
  ];

  return (
    <div className="page" data-testid="run-detail" data-run-id={run.id} data-status={run.status}>
      <Breadcrumb runId={runId} />
      <div className="page-header">
        <h1 data-testid="page-heading">
          Run <span className="mono">{run.id.slice(0, 8)}</span>
        </h1>
        <Badge tone={runStatusTone(run.status)} title={runStatusHelp(run.status)} testId="run-status">
          {run.status}
        </Badge>
        <span className="tag">{run.kind}</span>
        {run.simulated ? (
          <span className="badge badge-virtual" data-testid="simulated-badge" title="Results from a virtual phone are simulated, not measured">
            simulated
          </span>
        ) : null}
        <span className="strip-spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={exportCsv}
          disabled={results.length === 0}
          title="The per-prompt table as CSV, built in this window"
          data-testid="export-csv"
        >
          Export CSV
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={exportJson}
          title="The run, its conditions and per-prompt results as JSON, built in this window"
          data-testid="export-json"
        >
          Export JSON
        </button>
      </div>

      {run.simulated ? (
        <div className="banner banner-virtual" data-testid="simulated-note">
          This run ran on an Aurora Lab virtual phone: its latencies, energy, temperatures and answers are simulated, not
          measured on real hardware.
        </div>
      ) : null}
      {run.campaignId ? (
        <div className="banner banner-info" data-testid="campaign-link">
          One device’s part of profiling run{' '}
          <a href={campaignRouteHref(run.campaignId)} className="mono">
            {run.campaignId.slice(0, 8)}
          </a>
          : accuracy, distributions and the other devices are there.
        </div>
      ) : null}
      {run.error ? <InlineError message={`The run ended with an error: ${run.error}`} testId="run-error" /> : null}
      {run.status === 'running' ? (
        <section className="panel live-panel" data-testid="run-live">
          <div className="panel-head">
            <h3 className="panel-title">Running</h3>
            {pv ? <Badge tone={pv.tone}>{pv.phase}</Badge> : null}
            <span className="tabular">{pv?.counts ?? ''}</span>
            {pv?.eta ? <span className="tabular muted">{pv.eta}</span> : null}
          </div>
          <ProgressBar percent={pv ? pv.percent : null} label="Run progress" testId="run-progress-bar" />
          <p className="muted">
            {progress?.message ??
              'No progress from the lab yet. If the lab that ran this run has stopped, it stays marked running.'}
          </p>
        </section>
      ) : null}
      {run.warnings.length ? (
        <div className="banner banner-warn" data-testid="run-warnings">
          <strong>Warnings</strong>
          <ul className="error-list">
            {run.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="facts-grid">
        <FactGroup title="Run" testId="run-summary" rows={summaryRows} />
        <FactGroup
          title="Conditions"
          testId="run-conditions"
          rows={[
            { label: 'Fingerprint', value: <span className="break">{run.fingerprint ?? MISSING}</span>, mono: true },
            { label: 'Android', value: run.androidRelease ?? MISSING },
            { label: 'Runner', value: run.runnerVersion ?? MISSING, mono: true },
            { label: 'Engine', value: run.engineVersion ?? MISSING, mono: true },
            { label: 'Energy method', value: <span data-testid="run-method">{methodWithRate(run.energyMethod, run.sampleHz)}</span> },
            { label: 'Charging', value: chargingStateText(run.chargingState) },
            { label: 'Screen', value: run.screenState ?? 'not recorded' },
            { label: 'Battery at start', value: formatPercent(run.batteryLevel) },
            { label: 'Temp at start', value: formatTemp(run.tempStartC) },
            {
              label: 'Thermal at start',
              value:
                run.thermalStatusStart === null ? (
                  MISSING
                ) : (
                  <Badge tone={thermalTone(run.thermalStatusStart)}>{thermalName(run.thermalStatusStart)}</Badge>
                ),
            },
          ]}
        />
      </div>

      <ModelsPanel models={run.models} />

      <PowerChart runId={run.id} timeline={timeline} error={timelineError} running={run.status === 'running'} />

      <section className="panel" data-testid="run-prompts">
        <div className="panel-head">
          <h3 className="panel-title">Per-prompt results</h3>
          <span className="muted tabular">{formatInt(results.length)} prompts</span>
        </div>
        {resultsError ? <InlineError message={resultsError} testId="results-error" onRetry={() => setVersion((v) => v + 1)} /> : null}
        <PromptTable results={results} emptyText={run.status === 'running' ? 'No prompt stored yet.' : 'This run stored no prompt results.'} />
      </section>
    </div>
  );
}

function ModelsPanel({ models }: { models: RunModelSummary[] }) {
  if (models.length === 0) return null;
  return (
    <section className="panel" data-testid="run-models">
      <h3 className="panel-title">Model{models.length === 1 ? '' : 's'}</h3>
      <div className="table-wrap table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Model</th>
              <th>Status</th>
              <th className="num" title="Time the engine took to load the model">Load ms</th>
              <th className="num" title="Resident memory after loading">RSS MB</th>
              <th className="num" title="Mean power of the idle window right before the prompts">Idle baseline W</th>
              <th className="num" title="Gross energy from the first prompt's start to the last prompt's end">Energy J</th>
              <th>Calibration</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} data-testid="run-model-row" data-model-id={m.modelId}>
                <td className="mono">{m.modelId}</td>
                <td>
                  <Badge tone={m.status === 'done' ? 'ok' : m.status === 'failed' ? 'bad' : m.status === 'partial' ? 'warn' : 'info'}>
                    {m.status}
                  </Badge>
                  {m.error ? <div className="hint hint-bad">{m.error}</div> : null}
                  {m.warnings.map((w, i) => (
                    <div key={i} className="hint hint-warn">
                      {w}
                    </div>
                  ))}
                </td>
                <td className="num">{formatFixed(m.loadMs, 0)}</td>
                <td className="num">{formatFixed(m.rssMb, 1)}</td>
                <td className="num">{formatFixed(m.idleBaselineW, 3)}</td>
                <td className="num">{formatFixed(m.energyJ, 3)}</td>
                <td>{m.calibrationId === null ? <span className="muted">none</span> : `#${m.calibrationId}`}</td>
                <td>
                  {Object.keys(m.fileHashes).length ? (
                    <details>
                      <summary>{Object.keys(m.fileHashes).length} files (sha256)</summary>
                      <ul className="hash-list mono">
                        {Object.entries(m.fileHashes).map(([f, h]) => (
                          <li key={f}>
                            {f}: <span className="muted">{h}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : (
                    MISSING
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PowerChart({
  runId,
  timeline,
  error,
  running,
}: {
  runId: string;
  timeline: PowerTimeline | null;
  error: string | null;
  running: boolean;
}) {
  const option = useMemo(
    () =>
      buildPowerChartOption(
        timeline ?? { runId, method: null, points: [], prompts: [], baselines: [], thermal: [] },
      ),
    [timeline, runId],
  );
  const { attach, toPng } = useECharts(option);
  const points = timeline?.points.length ?? 0;

  function savePng() {
    const url = toPng();
    if (url) downloadUrl(url, runExportFileName(runId, 'power', 'png'));
  }

  return (
    <section
      className="panel chart-panel"
      data-testid="power-chart"
      data-points={points}
      data-prompts={timeline?.prompts.length ?? 0}
      data-loaded={timeline !== null}
    >
      <div className="panel-head">
        <h3 className="panel-title">Power and temperature</h3>
        <span className="muted tabular">{points ? `${formatInt(points)} power points` : ''}</span>
        <span className="strip-spacer" />
        <button type="button" className="btn btn-small" onClick={savePng} disabled={points === 0} data-testid="save-power-png">
          Save PNG
        </button>
      </div>
      {error ? <InlineError message={error} testId="timeline-error" /> : null}
      <div className="chart-box">
        <div className="chart chart-tall" ref={attach} />
        {timeline && points === 0 ? (
          <div className="chart-empty muted">
            {running ? 'The power timeline fills in as the run goes; it is reloaded when the run ends.' : 'No power samples were stored for this run.'}
          </div>
        ) : null}
      </div>
      <p className="legend muted">
        Shaded bands: each prompt’s window (#n), alternating shades; grey band: the idle-baseline window; dashed line:
        idle baseline; orange: temperature (right axis). Seconds on the phone’s boot clock from the first sample.
      </p>
    </section>
  );
}
