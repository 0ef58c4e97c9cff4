/** A phone's status now (battery, charging, temperatures, thermal level) and its readings over the last hours. */
import { useMemo, type ReactNode } from 'react';
import type { DeviceStatus } from '../../../shared/devices';
import { Badge } from '../ui/Badge';
import { ChartPanel } from '../ui/ChartPanel';
import { MISSING, fileStamp, formatDateTime, formatRelative, formatTemp, formatVoltage, plural } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { thermalName, thermalTone } from '../ui/status';
import { useNow } from '../ui/useNow';
import { batteryView, chargingText } from './device-view';
import { useStatusHistory } from './hooks';
import { buildStatusChartOption, chartFileName } from './status-chart';

export function CurrentStatus({ status }: { status: DeviceStatus | null }) {
  const now = useNow();
  const battery = batteryView(status);
  const rows: Array<[string, ReactNode, string?]> = status
    ? [
        ['Battery', <span className={`tone-${battery.tone}`}>{battery.level}</span>],
        ['Charging', chargingText(status)],
        ['Voltage', formatVoltage(status.batteryVoltageMv)],
        ['Battery temp', formatTemp(status.batteryTempC)],
        ['Skin temp', formatTemp(status.skinTempC)],
        [
          'Thermal status',
          status.thermalStatus === null ? (
            MISSING
          ) : (
            <Badge tone={thermalTone(status.thermalStatus)}>{thermalName(status.thermalStatus)}</Badge>
          ),
        ],
        ['Read', formatRelative(status.at, now), formatDateTime(status.at)],
      ]
    : [];
  return (
    <section className="panel status-panel" data-testid="device-status">
      <h3 className="panel-title">Current status</h3>
      {status ? (
        <dl className="facts">
          {rows.map(([label, value, title]) => (
            <div className="fact" key={label}>
              <dt>{label}</dt>
              <dd className="tabular" title={title} data-testid={`status-${label.toLowerCase().replace(/\s+/g, '-')}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No reading yet.</p>
      )}
    </section>
  );
}

export function StatusChart({ serial }: { serial: string }) {
  const history = useStatusHistory(serial);
  const rows = useMemo(() => history.data ?? [], [history.data]);
  const option = useMemo(() => buildStatusChartOption(rows), [rows]);
  const settled = !history.loading || rows.length > 0;
  return (
    <ChartPanel
      title="Battery and temperature"
      option={option}
      testId="status-chart"
      fileName={() => chartFileName(serial, fileStamp(Date.now()))}
      data={{ points: rows.length }}
      extra={<span className="muted tabular">{rows.length ? plural(rows.length, 'reading') : ''}</span>}
      notice={history.error ? <InlineError message={`Could not load the reading history: ${history.error.message}`} testId="history-error" /> : null}
      empty={settled && rows.length === 0 ? 'No readings yet. They appear while the phone is attached.' : null}
    />
  );
}
