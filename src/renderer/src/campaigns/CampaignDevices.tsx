/** Each device's part of a campaign (its run): power and temperature over time, and the conditions it ran under. */
import { useMemo } from 'react';
import type { CampaignConditions, TimelineSeries } from '../../../shared/api/campaigns';
import { runHref } from '../app/routing';
import { buildPowerChartOption, seriesTimeline } from '../../../shared/charts/power-chart';
import { powerSeriesNote, timelineSeries } from '../../../shared/charts/power-series';
import { chargingStateText, methodWithRate } from '../runs/run-view';
import { SimulatedBadge } from '../ui/Badge';
import { ChartPanel } from '../ui/ChartPanel';
import { MISSING, formatPercent, formatTemp } from '../../../shared/format';
import { thermalName } from '../ui/status';
import { TableBox, num } from '../ui/TableBox';

/** One device's power and temperature over the campaign, model windows shaded. */
export function DeviceTimeline({ series, conditions, campaignId }: { series: TimelineSeries; conditions: CampaignConditions | null; campaignId: string }) {
  const timeline = useMemo(() => seriesTimeline(series, conditions?.energyMethod ?? null), [series, conditions]);
  const option = useMemo(() => buildPowerChartOption(timeline, { labelBy: 'model' }), [timeline]);
  const safe = series.serial.replace(/[^A-Za-z0-9._-]+/g, '_');
  const cleaned = useMemo(() => timelineSeries(timeline), [timeline]);
  const note = powerSeriesNote(cleaned);
  return (
    <ChartPanel
      title={`Power and temperature · ${conditions?.deviceModel ?? series.serial}`}
      option={option}
      testId="device-timeline"
      fileName={`aurora-lab-campaign-${campaignId.slice(0, 8)}-${safe}-power.png`}
      data={{ serial: series.serial, points: series.power.length, merged: cleaned.merged, gaps: cleaned.gaps.length }}
      extra={<span className="mono muted">{series.serial}</span>}
      actions={
        <a href={runHref(series.runId)} className="btn btn-small link-btn" title="This device's run: its conditions and every prompt">
          Per-prompt results
        </a>
      }
      empty={series.power.length === 0 ? 'No power samples stored for this device.' : null}
    >
      {note ? (
        <p className="flag-note" data-testid="power-note">
          {note}
        </p>
      ) : null}
    </ChartPanel>
  );
}

/** The conditions each device's run was measured under. */
export function ConditionsTable({ conditions }: { conditions: readonly CampaignConditions[] }) {
  return (
    <section className="panel" data-testid="campaign-conditions">
      <h3 className="panel-title">Conditions per device</h3>
      <TableBox
        columns={[
          'Device', 'Fingerprint', 'Android', 'Runner / engine', 'Energy method', 'Charging', 'Screen', num('Battery'),
          num('Temp at start'), 'Thermal', 'Status',
        ]}
      >
        {conditions.map((c) => (
          <tr key={c.runId} data-testid="conditions-row" data-serial={c.serial}>
            <td>
              <a href={runHref(c.runId)}>{c.deviceModel ?? c.serial}</a>
              <div className="sub mono">{c.serial}</div>
              {c.simulated ? <SimulatedBadge /> : null}
            </td>
            <td className="mono break cell-fingerprint">{c.fingerprint ?? MISSING}</td>
            <td>{c.androidRelease ?? MISSING}</td>
            <td className="mono">
              {c.runnerVersion ?? MISSING}
              <div className="sub">{c.engineVersion ?? MISSING}</div>
            </td>
            <td>{methodWithRate(c.energyMethod, c.sampleHz)}</td>
            <td>{chargingStateText(c.chargingState)}</td>
            <td>{c.screenState ?? 'not recorded'}</td>
            <td className="num">{c.batteryLevel === null ? MISSING : formatPercent(c.batteryLevel)}</td>
            <td className="num">{formatTemp(c.tempStartC)}</td>
            <td>{thermalName(c.thermalStatusStart)}</td>
            <td>
              {c.status}
              {c.error ? <div className="hint hint-bad">{c.error}</div> : null}
              {c.warnings.map((w, i) => (
                <div key={i} className="hint hint-warn">
                  {w}
                </div>
              ))}
              {c.models.some((m) => m.error) ? (
                <ul className="error-list hint hint-bad">
                  {c.models
                    .filter((m) => m.error)
                    .map((m) => (
                      <li key={m.modelId}>
                        {m.modelId}: {m.error}
                      </li>
                    ))}
                </ul>
              ) : null}
            </td>
          </tr>
        ))}
      </TableBox>
      <details className="hashes">
        <summary>Model file hashes (sha256) per device</summary>
        {conditions.map((c) => (
          <div key={c.runId}>
            <strong className="mono">{c.serial}</strong>
            <ul className="hash-list mono">
              {c.models.flatMap((m) =>
                Object.entries(m.fileHashes).map(([f, h]) => (
                  <li key={`${m.modelId}:${f}`}>
                    {m.modelId} · {f}: <span className="muted">{h}</span>
                  </li>
                )),
              )}
            </ul>
          </div>
        ))}
      </details>
    </section>
  );
}
