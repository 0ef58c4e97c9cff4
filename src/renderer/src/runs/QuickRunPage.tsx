/**
 * A quick run of one phone: pick a model, type a few prompts, measure each prompt's latency and energy after an idle
 * baseline; followed live, with the stored per-prompt rows and the phone's recent runs. For many prompts over
 * several models and phones, a campaign is the tool.
 */
import { deviceHref, pageHref } from '../app/routing';
import { DeviceLoading, NotASerial, isSerial } from '../devices/DeviceGate';
import { deviceName, isVirtualDevice } from '../devices/device-view';
import { useDevice } from '../devices/hooks';
import { VirtualBadge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { useNow } from '../ui/useNow';
import { useModels } from './hooks';
import { PromptTable } from './PromptTable';
import { QuickRunForm } from './QuickRunForm';
import { QuickRunProgress, RecentRuns } from './QuickRunProgress';
import { useQuickRun } from './useQuickRun';
import './runs.css';

export function QuickRunPage({ serial }: { serial: string }) {
  if (!isSerial(serial)) return <NotASerial serial={serial} testId="quick-run-page" />;
  return <QuickRun key={serial} serial={serial} />;
}

function QuickRun({ serial }: { serial: string }) {
  const { device, error } = useDevice(serial);
  const models = useModels();
  const run = useQuickRun(serial);
  const now = useNow();
  if (!device) return <DeviceLoading serial={serial} error={error} testId="quick-run-page" />;

  const name = deviceName(device);
  const isVirtual = isVirtualDevice(device);
  const { live } = run;
  return (
    <div className="page" data-testid="quick-run-page" data-serial={serial}>
      <Breadcrumb trail={[{ label: 'Devices', href: '#/devices' }, { label: name, href: deviceHref(serial) }, { label: 'Quick run' }]} />
      <div className="page-header">
        <h1 data-testid="page-heading">Quick run</h1>
        <span className="muted">{name}</span>
        {isVirtual ? <VirtualBadge /> : null}
        <span className="mono muted">{serial}</span>
      </div>
      <p className="muted page-intro">
        Load one model on this phone, measure an idle baseline, run a few prompts back to back and store each prompt’s
        latency and energy. For larger prompt sets over several models and phones, start a{' '}
        <a href={pageHref('new-campaign')}>campaign</a>.
      </p>
      {isVirtual ? (
        <div className="banner banner-virtual" data-testid="virtual-note">
          This is a virtual phone: the lab runs the simulated engine on it, so every figure of this run is simulated, not
          measured. The first run may build the host runner first (about 10 s).
        </div>
      ) : null}
      {device.state !== 'device' ? (
        <div className="banner banner-warn" data-testid="device-not-ready">
          The phone is {device.state}: it must be online (the <em>device</em> state) to measure.
        </div>
      ) : null}

      <QuickRunForm
        device={device}
        models={models}
        busy={run.starting || run.running}
        starting={run.starting}
        running={run.running}
        finished={run.finished}
        startError={run.startError}
        onStart={(request) => void run.start(request)}
      />

      {live.runId || run.starting ? <QuickRunProgress run={run} now={now} /> : null}

      {live.runId ? (
        <section className="panel" data-testid="quick-results">
          <div className="panel-head">
            <h3 className="panel-title">Per-prompt results</h3>
            <span className="muted tabular">
              {run.results.length} of {live.progress?.total ?? '?'} stored
            </span>
          </div>
          <PromptTable results={run.results} emptyText="Prompt rows appear here as each prompt is measured and stored." />
        </section>
      ) : null}

      <RecentRuns runs={run.recent} now={now} />
    </div>
  );
}
