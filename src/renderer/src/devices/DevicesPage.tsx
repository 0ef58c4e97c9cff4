/** Every device the lab knows, live: state, what to do when not ready, battery, temperature, Cactus support. */
import { useMemo } from 'react';
import type { DeviceSummary } from '../../../shared/devices';
import { deviceHref } from '../app/routing';
import { navigate } from '../app/useHashRoute';
import { Badge, VirtualBadge } from '../ui/Badge';
import { MISSING, formatAndroid, formatDateTime, formatRelative, formatTemp } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { thermalName, thermalTone } from '../ui/status';
import { useNow } from '../ui/useNow';
import { TableBox, num } from '../ui/TableBox';
import { ConnectForm } from './ConnectForm';
import { batteryView, cactusView, deviceName, isVirtualDevice, sortDevices, stateHelp, stateTone } from './device-view';
import { deviceStore, useDevices } from './hooks';
import { VirtualPhonesPanel } from './VirtualPhonesPanel';
import './devices.css';

export function DevicesPage() {
  const { devices, error, loading } = useDevices();
  const sorted = useMemo(() => (devices ? sortDevices(devices) : null), [devices]);
  const online = sorted?.filter((d) => d.state === 'device').length ?? 0;

  return (
    <div className="page" data-testid="devices-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Devices</h1>
        {sorted ? (
          <span className="muted tabular" data-testid="devices-count">
            {online} ready · {sorted.length} known
          </span>
        ) : null}
        <span className="strip-spacer" />
        <button
          type="button"
          className="btn"
          onClick={() => void deviceStore().refresh()}
          disabled={loading}
          data-testid="devices-refresh"
        >
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>

      <VirtualPhonesPanel devices={devices} />

      <div className="panel panel-tight">
        <ConnectForm />
      </div>

      {error ? (
        <InlineError
          message={`Could not list devices: ${error}`}
          testId="devices-error"
          onRetry={() => void deviceStore().refresh()}
        />
      ) : null}

      {sorted === null ? (
        !error ? <div className="panel muted">Loading devices…</div> : null
      ) : sorted.length === 0 ? (
        <EmptyState />
      ) : (
        <DeviceTable devices={sorted} />
      )}
    </div>
  );
}

function DeviceTable({ devices }: { devices: DeviceSummary[] }) {
  const now = useNow();
  return (
    <>
      <TableBox
        columns={[
          'State', 'Device', 'SoC', 'Android', num('Battery'), num('Temp', 'Battery temperature; skin (or hottest CPU) beneath'),
          { label: 'Thermal', title: 'Android thermal status' }, { label: 'Cactus', title: 'Whether the phone’s CPU can run Cactus' },
          num('Last seen', 'When adb last reported the device'),
        ]}
        testId="devices-table"
      >
        {devices.map((d) => (
          <DeviceRow key={d.serial} device={d} now={now} />
        ))}
      </TableBox>
      <p className="legend muted" data-testid="virtual-legend">
        <VirtualBadge /> An Aurora Lab virtual phone: it behaves like a phone over adb, but every result from it is
        simulated, not measured. Use it to try the lab without hardware.
      </p>
    </>
  );
}

function DeviceRow({ device: d, now }: { device: DeviceSummary; now: number }) {
  const battery = batteryView(d.status);
  const cactus = cactusView(d.facts);
  const help = stateHelp(d.state, d);
  const href = deviceHref(d.serial);
  const thermal = d.status?.thermalStatus ?? null;

  return (
    <tr
      className={`device-row state-${d.state}`}
      data-testid="device-row"
      data-serial={d.serial}
      data-state={d.state}
      onClick={(e) => {
        // Let real links, text selection and modified clicks behave normally.
        if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
        navigate(href);
      }}
    >
      <td>
        <Badge tone={stateTone(d.state)} testId="device-state">
          {d.state}
        </Badge>
      </td>
      <td className="cell-device" data-testid="device-model">
        <div className="device-line">
          <a href={href} className="device-link" data-testid="device-link">
            {deviceName(d)}
          </a>
          {isVirtualDevice(d) ? <VirtualBadge /> : null}
          {d.transport === 'tcp' ? <span className="tag">tcp</span> : null}
        </div>
        <div className="sub mono">{d.serial}</div>
        {help && d.state !== 'disconnected' ? (
          <div className={`hint hint-${stateTone(d.state)}`} data-testid="device-help">
            {help}
          </div>
        ) : null}
        {d.error ? (
          <div className="hint hint-bad" data-testid="device-error" title={d.error}>
            {d.error}
          </div>
        ) : null}
      </td>
      <td className="nowrap" data-testid="device-soc">{d.facts?.soc ?? (d.facts ? <span className="muted">not reported</span> : MISSING)}</td>
      <td className="tabular nowrap" data-testid="device-android">
        {d.facts ? formatAndroid(d.facts.androidRelease, d.facts.sdk) : MISSING}
      </td>
      <td className="num" data-testid="device-battery" title={d.status ? `Read ${formatDateTime(d.status.at)}` : undefined}>
        <span className={`tone-${battery.tone}`}>{battery.level}</span>
        {battery.charging ? <div className="sub">{battery.charging}</div> : null}
      </td>
      <td className="num" data-testid="device-temp">
        {formatTemp(d.status?.batteryTempC)}
        {d.status?.skinTempC != null ? <div className="sub">skin {formatTemp(d.status.skinTempC)}</div> : null}
      </td>
      <td data-testid="device-thermal">
        {thermal === null ? MISSING : <Badge tone={thermalTone(thermal)}>{thermalName(thermal)}</Badge>}
      </td>
      <td data-testid="device-cactus" title={cactus.title}>
        <span className={`tone-${cactus.tone}`}>{cactus.text}</span>
      </td>
      <td className="num muted" data-testid="device-last-seen" title={formatDateTime(d.lastSeen)}>
        {d.state === 'device' && now - d.lastSeen < 5000 ? 'now' : formatRelative(d.lastSeen, now)}
      </td>
    </tr>
  );
}

function EmptyState() {
  return (
    <div className="panel empty" data-testid="devices-empty">
      <h2>No devices yet</h2>
      <div className="empty-cols">
        <div>
          <h3>Attach a real phone</h3>
          <ol>
            <li>
              On the phone: Settings → About phone → tap <em>Build number</em> seven times, then enable{' '}
              <em>USB debugging</em> in Developer options.
            </li>
            <li>
              Install Android SDK <strong>platform-tools</strong> so that <code>adb</code> is on PATH (check with{' '}
              <code>adb version</code>).
            </li>
            <li>Plug the phone in and accept the USB debugging prompt on its screen. It appears here by itself.</li>
          </ol>
        </div>
        <div>
          <h3>Try a virtual phone</h3>
          <ol>
            <li>
              Press <em>Start</em> under <em>Start a virtual phone</em> above: the lab runs it and connects it.
            </li>
            <li>
              Or headless, in a terminal: <code>npx aurora-lab demo</code> (it prints the commands to run next).
            </li>
          </ol>
          <p className="muted">Results from a virtual phone are simulated, not measured.</p>
        </div>
      </div>
    </div>
  );
}
