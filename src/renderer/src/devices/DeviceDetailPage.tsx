import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { serialSchema } from '../../../shared/contract';
import type { DeviceFacts, DeviceStatus, DeviceSummary } from '../../../shared/devices';
import { Badge, InlineError, VirtualBadge } from '../ui/Badge';
import { FactGroup } from '../ui/FactGroup';
import {
  bestEnergySource,
  batteryView,
  cactusView,
  chargingText,
  deviceName,
  disconnectAddress,
  energySourceViews,
  freshestDevice,
  stateHelp,
  stateTone,
  thermalName,
  thermalTone,
} from './device-view';
import {
  STATUS_HISTORY_SPAN_MS,
  STATUS_WINDOW_MAX_POINTS,
  appendStatus,
  buildStatusChartOption,
  chartFileName,
  mergeStatusRows,
} from './status-chart';
import { describeError, errorMessage, type ShownError } from '../lab/errors';
import {
  MISSING,
  fileStamp,
  formatAndroid,
  formatDateTime,
  formatInt,
  formatMemoryMb,
  formatRelative,
  formatTemp,
  formatVoltage,
  yesNo,
} from '../ui/format';
import { useECharts } from '../ui/useECharts';
import { useNow } from '../ui/useNow';
import { useDevices } from './hooks';
import { getLab } from '../lab/client';
import { quickProfileHref } from '../app/routing';
import { deviceStore } from './hooks';

export function DeviceDetailPage({ serial }: { serial: string }) {
  if (!serialSchema.safeParse(serial).success) {
    return (
      <div className="page" data-testid="device-detail">
        <Breadcrumb />
        <InlineError message={`"${serial}" is not a device serial adb would print.`} testId="device-load-error" />
      </div>
    );
  }
  return <DeviceDetail key={serial} serial={serial} />;
}

function Breadcrumb({ name }: { name?: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/devices">Devices</a>
      {name ? <span className="muted"> / {name}</span> : null}
    </nav>
  );
}

type ActionMessage = { kind: 'ok' | 'error'; text: string };

function DeviceDetail({ serial }: { serial: string }) {
  const { devices } = useDevices();
  const listed = devices?.find((d) => d.serial === serial) ?? null;
  const [fetched, setFetched] = useState<DeviceSummary | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState<'reprobe' | 'disconnect' | null>(null);
  const [action, setAction] = useState<ActionMessage | null>(null);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .devices.get({ serial })
      .then(
        (d) => {
          if (!cancelled) setFetched(d);
        },
        (e: unknown) => {
          if (!cancelled) setLoadError(describeError(e));
        },
      );
    return () => {
      cancelled = true;
    };
  }, [serial]);

  const device = freshestDevice(listed, fetched);

  async function reprobe() {
    setBusy('reprobe');
    setAction(null);
    try {
      const d = await getLab().devices.reprobe({ serial });
      setFetched(d);
      deviceStore().upsert(d);
      setAction(
        d.error
          ? { kind: 'error', text: `Probed, with a problem: ${d.error}` }
          : { kind: 'ok', text: `Probed again at ${formatDateTime(d.facts?.probedAt ?? Date.now())}.` },
      );
    } catch (e) {
      setAction({ kind: 'error', text: `Reprobe failed: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
    }
  }

  async function disconnect(address: string) {
    setBusy('disconnect');
    setAction(null);
    try {
      const res = await getLab().devices.disconnect({ address });
      setAction({ kind: 'ok', text: res.message || `Disconnected ${address}.` });
    } catch (e) {
      setAction({ kind: 'error', text: `Disconnect failed: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
    }
  }

  if (!device) {
    return (
      <div className="page" data-testid="device-detail">
        <Breadcrumb name={serial} />
        {loadError ? (
          <InlineError
            testId="device-load-error"
            message={
              loadError.code === 'not-found' ? `The lab knows no device with serial ${serial}.` : loadError.message
            }
          />
        ) : (
          <div className="panel muted">Loading {serial}…</div>
        )}
      </div>
    );
  }

  const name = deviceName(device);
  const help = stateHelp(device.state);
  const tcpAddress = disconnectAddress(device);
  const isVirtual = device.virtual || (device.facts?.virtual ?? false);

  return (
    <div className="page" data-testid="device-detail" data-serial={serial}>
      <Breadcrumb name={name} />
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
          href={quickProfileHref(serial)}
          title="Load a model on this phone and measure latency and energy per prompt"
          data-testid="quick-profile-link"
        >
          Quick profile
        </a>
        <button
          type="button"
          className="btn"
          onClick={() => void reprobe()}
          disabled={busy !== null || device.state !== 'device'}
          title={device.state !== 'device' ? 'Only a device in the "device" state can be probed' : 'Read the facts again'}
          data-testid="reprobe-button"
        >
          {busy === 'reprobe' ? 'Probing…' : 'Reprobe'}
        </button>
        {device.transport === 'tcp' ? (
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => tcpAddress && void disconnect(tcpAddress)}
            disabled={busy !== null || !tcpAddress || device.state === 'disconnected'}
            title={tcpAddress ? `adb disconnect ${tcpAddress}` : 'This network serial is not a host:port address'}
            data-testid="disconnect-button"
          >
            {busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
          </button>
        ) : null}
      </div>

      {action ? (
        <div className={`action-msg action-${action.kind}`} role="status" data-testid="action-result" data-outcome={action.kind}>
          {action.text}
        </div>
      ) : null}
      {isVirtual ? (
        <div className="banner banner-virtual" data-testid="virtual-note">
          This is an Aurora Lab virtual phone: its facts, readings and every result from it are simulated, not
          measured.
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

function CurrentStatus({ status }: { status: DeviceStatus | null }) {
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

function StatusChart({ serial }: { serial: string }) {
  const [rows, setRows] = useState<DeviceStatus[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const lab = getLab();
    let cancelled = false;
    // Subscribe first so no reading falls between the history answer and the live stream.
    const off = lab.on('devices.status', (s) => {
      if (s.serial === serial) setRows((r) => appendStatus(r, s));
    });
    lab.devices
      .history({ serial, sinceMs: Date.now() - STATUS_HISTORY_SPAN_MS, limit: STATUS_WINDOW_MAX_POINTS })
      .then(
        (history) => {
          if (cancelled) return;
          setRows((r) => mergeStatusRows(history, r));
          setLoaded(true);
        },
        (e: unknown) => {
          if (cancelled) return;
          setError(`Could not load the reading history: ${errorMessage(e)}`);
          setLoaded(true);
        },
      );
    return () => {
      cancelled = true;
      off();
    };
  }, [serial]);

  const option = useMemo(() => buildStatusChartOption(rows), [rows]);
  const { attach, toPng } = useECharts(option);

  function savePng() {
    const url = toPng();
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = chartFileName(serial, fileStamp(Date.now()));
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  return (
    <section className="panel chart-panel" data-testid="status-chart" data-points={rows.length}>
      <div className="panel-head">
        <h3 className="panel-title">Battery and temperature</h3>
        <span className="muted tabular">
          {rows.length ? `${formatInt(rows.length)} readings` : ''}
        </span>
        <span className="strip-spacer" />
        <button type="button" className="btn btn-small" onClick={savePng} disabled={rows.length === 0} data-testid="save-png">
          Save PNG
        </button>
      </div>
      {error ? <InlineError message={error} testId="history-error" /> : null}
      <div className="chart-box">
        <div className="chart" ref={attach} />
        {loaded && rows.length === 0 ? (
          <div className="chart-empty muted">No readings yet. They appear while the phone is attached.</div>
        ) : null}
      </div>
    </section>
  );
}

function FactsGrid({ device, facts }: { device: DeviceSummary; facts: DeviceFacts }) {
  const cactus = cactusView(facts);
  const energy = energySourceViews(facts.energySources, device.status);
  const best = bestEnergySource(facts.energySources);
  return (
    <div className="facts-grid">
      <FactGroup
        title="Identity"
        testId="facts-identity"
        rows={[
          { label: 'Serial', value: device.serial, mono: true },
          { label: 'Manufacturer', value: facts.manufacturer || MISSING },
          { label: 'Brand', value: facts.brand || MISSING },
          { label: 'Model', value: facts.model || MISSING },
          { label: 'Device', value: facts.device || MISSING, mono: true },
          { label: 'Product', value: device.product ?? MISSING, mono: true },
          { label: 'Transport', value: device.transport === 'tcp' ? 'network (tcp)' : 'USB' },
          { label: 'Virtual', value: facts.virtual || device.virtual ? 'yes: results are simulated' : 'no' },
          { label: 'First seen', value: formatDateTime(device.firstSeen) },
          { label: 'Last seen', value: formatDateTime(device.lastSeen) },
          { label: 'Probed', value: formatDateTime(facts.probedAt) },
        ]}
      />
      <FactGroup
        title="SoC and CPU"
        testId="facts-cpu"
        rows={[
          { label: 'SoC', value: facts.soc ?? 'not reported' },
          { label: 'ABI', value: facts.abi || MISSING, mono: true },
          { label: 'ABI list', value: facts.abiList.join(', ') || MISSING, mono: true },
          { label: 'CPU cores', value: formatInt(facts.cpuCores) },
          {
            label: 'Cactus',
            value: (
              <span data-testid="cactus-support">
                <Badge tone={cactus.tone}>{cactus.text === 'yes' ? 'can run' : 'cannot run'}</Badge>{' '}
                {facts.cactus.supported ? null : <span>{facts.cactus.reason ?? ''}</span>}
              </span>
            ),
          },
          ...(facts.cactus.missingFeatures.length
            ? [{ label: 'Missing', value: facts.cactus.missingFeatures.join(', '), mono: true }]
            : []),
        ]}
      >
        <div className="chips" data-testid="cpu-features" aria-label="CPU features">
          {facts.cpuFeatures.length === 0 ? (
            <span className="muted">No CPU features reported.</span>
          ) : (
            facts.cpuFeatures.map((f) => (
              <span key={f} className={`chip${f === 'asimddp' || f === 'i8mm' || f === 'dotprod' ? ' chip-key' : ''}`}>
                {f}
              </span>
            ))
          )}
        </div>
      </FactGroup>
      <FactGroup
        title="Memory"
        testId="facts-memory"
        rows={[
          {
            label: 'RAM',
            value: facts.ramMb === null ? MISSING : `${formatMemoryMb(facts.ramMb)} (${formatInt(facts.ramMb)} MB)`,
          },
        ]}
      />
      <FactGroup
        title="Android build"
        testId="facts-android"
        rows={[
          { label: 'Version', value: formatAndroid(facts.androidRelease, facts.sdk) },
          { label: 'SDK', value: facts.sdk === null ? MISSING : String(facts.sdk) },
          { label: 'Fingerprint', value: <span className="break">{facts.fingerprint || MISSING}</span>, mono: true },
        ]}
      />
      <section className="panel facts-energy" data-testid="facts-energy">
        <h3 className="panel-title">Energy sources</h3>
        <p className="muted">
          {best
            ? `Best source on this phone: ${best}.`
            : 'This phone offers no energy source: runs on it can measure speed but not energy.'}
        </p>
        <ul className="energy-list">
          {energy.map((s) => (
            <li key={s.key} data-testid={`energy-${s.key}`} data-available={s.available}>
              <div className="energy-head">
                <Badge tone={s.available ? 'ok' : 'muted'}>{yesNo(s.available)}</Badge>
                <strong>{s.name}</strong>
                {s.detail ? <span className="mono muted">{s.detail}</span> : null}
              </div>
              <div className="energy-meaning muted">{s.meaning}</div>
              {s.warning ? <div className="hint hint-warn">{s.warning}</div> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
