/** Panels of the run page: the run's facts and conditions, its models, its power timeline, and live progress. */
import { useMemo } from 'react';
import type { PowerTimeline, PromptResult, RunDetail, RunModelSummary, RunProgress } from '../../../shared/runs';
import { deviceHref } from '../app/routing';
import { Badge } from '../ui/Badge';
import { ChartPanel } from '../ui/ChartPanel';
import { FactGroup, type FactRow } from '../ui/FactGroup';
import { Flagged } from '../ui/Flagged';
import { MISSING, formatDateTime, formatDuration, formatFixed, formatInt, formatPercent, formatTemp, plural } from '../../../shared/format';
import { netEnergyFlag } from '../ui/plausibility';
import { rssView } from './rss-view';
import { InlineError } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { statusTone, thermalName, thermalTone } from '../ui/status';
import { TableBox, num } from '../ui/TableBox';
import { buildPowerChartOption } from '../../../shared/charts/power-chart';
import { powerSeriesNote, timelineSeries } from '../../../shared/charts/power-series';
import { runExportFileName } from './prompt-export';
import type { PromptTotals } from './prompt-table';
import { chargingStateText, methodWithRate, progressView, runDurationMs, runEnergyJ, runKindText } from './run-view';

export function RunFacts({ run, totals, now }: { run: RunDetail; totals: PromptTotals; now: number }) {
  const energy = runEnergyJ(run);
  const summary: FactRow[] = [
    {
      label: 'Device',
      value: (
        <span data-testid="run-device">
          <a href={deviceHref(run.serial)}>{run.deviceModel ?? run.serial}</a> <span className="mono muted">{run.serial}</span>
        </span>
      ),
    },
    { label: run.modelIds.length === 1 ? 'Model' : 'Models', value: <span className="mono" data-testid="run-models-list">{run.modelIds.join(', ') || MISSING}</span> },
    { label: 'Kind', value: runKindText(run.kind) },
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
      value: <RunEnergy run={run} energy={energy} totals={totals} />,
    },
    { label: 'Output tokens', value: formatInt(totals.outputTokens) },
    ...(totals.scored > 0
      ? [{ label: 'Accuracy', value: `${totals.correct} of ${totals.scored} correct (${formatPercent((100 * totals.correct) / totals.scored)})${run.simulated ? ', simulated' : ''}` }]
      : []),
  ];
  const conditions: FactRow[] = [
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
      value: run.thermalStatusStart === null ? MISSING : <Badge tone={thermalTone(run.thermalStatusStart)}>{thermalName(run.thermalStatusStart)}</Badge>,
    },
  ];
  return (
    <div className="facts-grid">
      <FactGroup title="Run" testId="run-summary" rows={summary} />
      <FactGroup title="Conditions" testId="run-conditions" rows={conditions} />
    </div>
  );
}

function RunEnergy({ run, energy, totals }: { run: RunDetail; energy: number | null; totals: PromptTotals }) {
  const netFlag = netEnergyFlag(totals.netEnergyJ, 'The sum over the prompts');
  return (
    <span data-testid="run-energy">
      <span title={`Gross energy of each model’s measured window (first prompt start to last prompt end), summed over ${plural(run.models.length, 'model')}; ${methodWithRate(run.energyMethod, run.sampleHz)}`}>
        {energy === null ? MISSING : `${energy.toFixed(3)} J gross`}
      </span>
      {totals.netEnergyJ !== null ? (
        <span className="muted" title={`Sum of each prompt’s net energy (gross minus the idle baseline × its duration) over ${plural(totals.prompts, 'prompt')}`}>
          {' · '}
          {netFlag ? <Flagged flag={netFlag} raw={`${totals.netEnergyJ.toFixed(3)} J net`} /> : `${totals.netEnergyJ.toFixed(3)} J net over ${plural(totals.prompts, 'prompt')}`}
        </span>
      ) : null}
      {totals.belowIdle > 0 ? (
        <div className="flag-note" data-testid="run-below-idle" title="A prompt cannot draw less than the idle phone: the window or the baseline is wrong, so it is not a measurement">
          {plural(totals.belowIdle, 'prompt')} measured below the idle baseline on {totals.belowIdle === 1 ? 'its' : 'their'} own (flagged in the table with the reason).
        </div>
      ) : null}
      {totals.meterGap > 0 ? (
        <div className="flag-note" data-testid="run-meter-gap" title="No meter reading for much longer than the meter’s period (a frozen phone or runner): the energy of that stretch is unknown">
          {plural(totals.meterGap, 'prompt')}’ energy windows span a gap in the meter readings: left out of the energy figures (flagged in the table with the reason).
        </div>
      ) : null}
    </span>
  );
}

export function RunLivePanel({ progress, now }: { progress: RunProgress | null; now: number }) {
  const pv = progress ? progressView(progress, now) : null;
  return (
    <section className="panel live-panel" data-testid="run-live">
      <div className="panel-head">
        <h3 className="panel-title">Running</h3>
        {pv ? <Badge tone={pv.tone}>{pv.phase}</Badge> : null}
        <span className="tabular">{pv?.counts ?? ''}</span>
        {pv?.eta ? <span className="tabular muted">{pv.eta}</span> : null}
      </div>
      <ProgressBar percent={pv ? pv.percent : null} label="Run progress" testId="run-progress-bar" />
      <p className="muted">{progress?.message ?? 'No progress from the lab yet. If the lab that ran this run has stopped, it stays marked running.'}</p>
    </section>
  );
}

export function RunModelsPanel({ models, results, simulated = false }: { models: RunModelSummary[]; results: readonly PromptResult[]; simulated?: boolean }) {
  if (models.length === 0) return null;
  return (
    <section className="panel" data-testid="run-models">
      <h3 className="panel-title">{models.length === 1 ? 'Model' : 'Models'}</h3>
      <TableBox
        columns={[
          'Model', 'Status', num('Load ms', 'Time the engine took to load the model (cactus_init), once per model'),
          num('RSS after load MB', 'Resident memory of the runner process right after the model loaded, read once per model'),
          num('Peak RAM MB', 'Range of the engine’s own peak RAM (ram_usage_mb) over this model’s prompts, with their count'),
          num('Idle baseline W', 'Mean power of the idle window right before the prompts (the meter named in Conditions)'),
          num('Energy J', 'Gross energy from the first prompt’s start to the last prompt’s end'), 'Calibration', 'Files',
        ]}
      >
        {models.map((m) => {
          const peaks = results.filter((r) => r.runModelId === m.id).map((r) => r.peakRamMb);
          const rss = rssView(m, peaks, simulated);
          return (
            <tr key={m.id} data-testid="run-model-row" data-model-id={m.modelId}>
              <td className="mono nowrap">{m.modelId}</td>
              <td>
                <Badge tone={statusTone(m.status)}>{m.status}</Badge>
                {m.error ? <div className="hint hint-bad">{m.error}</div> : null}
                {m.warnings.map((w, i) => (
                  <div key={i} className="hint hint-warn">
                    {w}
                  </div>
                ))}
              </td>
              <td className="num">{formatFixed(m.loadMs, 0)}</td>
              <td className="num" data-testid="model-rss" title={rss.flag ? undefined : rss.title}>
                {rss.flag ? <Flagged flag={rss.flag} raw={`${formatFixed(m.rssMb, 1)} MB`} /> : rss.text}
              </td>
              <td className="num" data-testid="model-peak-ram">
                <PeakRam peaks={peaks} />
              </td>
              <td className="num">{formatFixed(m.idleBaselineW, 3)}</td>
              <td className="num">{formatFixed(m.energyJ, 3)}</td>
              <td>{m.calibrationId === null ? <span className="muted">none</span> : `#${m.calibrationId}`}</td>
              <td>
                <FileHashes hashes={m.fileHashes} />
              </td>
            </tr>
          );
        })}
      </TableBox>
    </section>
  );
}

function PeakRam({ peaks }: { peaks: ReadonlyArray<number | null> }) {
  const v = peaks.filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
  if (v.length === 0) return <>{MISSING}</>;
  const lo = Math.round(Math.min(...v));
  const hi = Math.round(Math.max(...v));
  return (
    <>
      {lo === hi ? lo : `${lo}–${hi}`}
      <div className="sub">{plural(v.length, 'prompt')}</div>
    </>
  );
}

function FileHashes({ hashes }: { hashes: Record<string, string> }) {
  const files = Object.entries(hashes);
  if (files.length === 0) return <>{MISSING}</>;
  return (
    <details>
      <summary>{plural(files.length, 'file')} (sha256)</summary>
      <ul className="hash-list mono">
        {files.map(([f, h]) => (
          <li key={f}>
            {f}: <span className="muted">{h}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RunPowerChart({ runId, timeline, error, running }: { runId: string; timeline: PowerTimeline | undefined; error: string | null; running: boolean }) {
  const option = useMemo(() => buildPowerChartOption(timeline ?? { runId, method: null, points: [], prompts: [], baselines: [], thermal: [] }), [timeline, runId]);
  const points = timeline?.points.length ?? 0;
  const series = useMemo(() => timelineSeries(timeline ?? null), [timeline]);
  const note = powerSeriesNote(series);
  const empty = timeline && points === 0 ? (running ? 'The power timeline fills in as the run goes; it is reloaded when the run ends.' : 'No power samples were stored for this run.') : null;
  return (
    <ChartPanel
      title="Power and temperature"
      option={option}
      testId="power-chart"
      fileName={runExportFileName(runId, 'power', 'png')}
      tall
      data={{ points, prompts: timeline?.prompts.length ?? 0, loaded: timeline !== undefined, merged: series.merged, gaps: series.gaps.length }}
      extra={<span className="muted tabular">{points ? plural(points, 'power point') : ''}</span>}
      notice={error ? <InlineError message={error} testId="timeline-error" /> : null}
      empty={empty}
      canSave={points > 0}
    >
      {note ? (
        <p className="flag-note" data-testid="power-note">
          {note}
        </p>
      ) : null}
      <p className="legend muted">
        Each step: the mean power between two meter reads. Shaded bands: each prompt’s window (#n), alternating shades;
        grey band: the idle-baseline window; dashed line: idle baseline; orange: temperature (right axis). Seconds on the
        phone’s boot clock from the first sample.
      </p>
    </ChartPanel>
  );
}
