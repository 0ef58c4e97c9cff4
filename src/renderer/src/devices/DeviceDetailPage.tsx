/** One phone: its state, what to do when it is not ready, status now and over time, probed facts; reprobe, disconnect. */
import type { DeviceSummary } from '../../../shared/devices';
import { quickRunHref } from '../app/routing';
import { useLabAction } from '../lab/useLabAction';
import { Badge, VirtualBadge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { formatDateTime } from '../../../shared/format';
import { ActionNote, InlineError } from '../ui/Messages';
import { CaptureButton, CaptureStatus, useCapture } from './CaptureButton';
import { FactsGrid } from './DeviceFacts';
import { StopVirtualButton } from './StopVirtualButton';
import { DeviceLoading, NotASerial, isSerial } from './DeviceGate';
import { CurrentStatus, StatusChart } from './DeviceStatusPanels';
import { deviceName, disconnectAddress, isVirtualDevice, stateHelp, stateTone } from './device-view';
import { useDevice } from './hooks';
import './devices.css';

export function DeviceDetailPage({ serial }: { serial: string }) {
  if (!isSerial(serial)) return <NotASerial serial={serial} testId="device-detail" />;
  return <DeviceDetail key={serial} serial={serial} />;
}

function DeviceDetail({ serial }: { serial: string }) {
  const { device, error, update } = useDevice(serial);
  if (!device) return <DeviceLoading serial={serial} error={error} testId="device-detail" />;

  const name = deviceName(device);
  const help = stateHelp(device.state, device);
  const isVirtual = isVirtualDevice(device);
  return (
    <div className="page" data-testid="device-detail" data-serial={serial}>
      <Breadcrumb trail={[{ label: 'Devices', href: '#/devices' }, { label: name }]} />
      <DeviceHeader device={device} name={name} isVirtual={isVirtual} onProbed={update} />
      {isVirtual ? (
        <div className="banner banner-virtual" data-testid="virtual-note">
          This is an Aurora Lab virtual phone: its facts, readings and every result from it are simulated, not measured.
        </div>
      ) : null}
      {help ? (
        <div className={`banner banner-${stateTone(device.state)}`} data-testid="device-help">
          {help}
        </div>
      ) : null}
      {device.error ? <InlineError message={device.error} testId="device-error" /> : null}

      <div className="detail-top">
        <CurrentStatus status={device.status} />
        <StatusChart serial={serial} />
      </div>

      {device.facts ? (
        <FactsGrid device={device} facts={device.facts} />
      ) : (
        <div className="panel muted" data-testid="facts-missing">
          Not probed yet: the lab reads a phone's facts once it is in the <em>device</em> state.
          {device.state === 'device' ? ' Press Reprobe to try now.' : ''}
        </div>
      )}
    </div>
  );
}

function DeviceHeader({ device, name, isVirtual, onProbed }: { device: DeviceSummary; name: string; isVirtual: boolean; onProbed: (d: DeviceSummary) => void }) {
  const action = useLabAction<'reprobe' | 'disconnect'>();
  const tcpAddress = disconnectAddress(device);
  const serial = device.serial;
  const capture = useCapture(serial);

  const reprobe = () =>
    action.run(
      'reprobe',
      async (lab) => {
        const d = await lab.devices.reprobe({ serial });
        onProbed(d);
        return d.error
          ? { kind: 'error', text: `Probed, with a problem: ${d.error}` }
          : { kind: 'ok', text: `Probed again at ${formatDateTime(d.facts?.probedAt ?? Date.now())}.` };
      },
      'Reprobe failed',
    );
  const disconnect = (address: string) =>
    action.run(
      'disconnect',
      async (lab) => {
        const res = await lab.devices.disconnect({ address });
        return { kind: 'ok', text: res.message || `Disconnected ${address}.` };
      },
      'Disconnect failed',
    );

  return (
    <>
      <div className="page-header">
        <h1 data-testid="page-heading">{name}</h1>
        <Badge tone={stateTone(device.state)} testId="device-state">
          {device.state}
        </Badge>
        {isVirtual ? <VirtualBadge /> : null}
        <span className="mono muted">{serial}</span>
        <span className="strip-spacer" />
        <a
          className="btn btn-primary link-btn"
          href={quickRunHref(serial)}
          title="Load one model on this phone and measure latency and energy per prompt"
          data-testid="quick-run-link"
        >
          Quick run
        </a>
        <button
          type="button"
          className="btn"
          onClick={() => void reprobe()}
          disabled={action.busy !== null || device.state !== 'device'}
          title={device.state !== 'device' ? 'Only a device in the "device" state can be probed' : 'Read the facts again'}
          data-testid="reprobe-button"
        >
          {action.busy === 'reprobe' ? 'Probing…' : 'Reprobe'}
        </button>
        <CaptureButton busy={capture.busy} disabled={device.state !== 'device'} onClick={() => void capture.run()} />
        <StopVirtualButton serial={serial} />
        {device.transport === 'tcp' ? (
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => tcpAddress && void disconnect(tcpAddress)}
            disabled={action.busy !== null || !tcpAddress || device.state === 'disconnected'}
            title={tcpAddress ? `adb disconnect ${tcpAddress}` : 'This network serial is not a host:port address'}
            data-testid="disconnect-button"
          >
            {action.busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
          </button>
        ) : null}
      </div>
      <ActionNote message={action.message} testId="action-result" />
      <CaptureStatus state={capture.state} />
    </>
  );
}
