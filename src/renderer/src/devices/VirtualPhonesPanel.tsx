/**
 * "Start a virtual phone": the lab runs one itself (Pixel, Samsung, and the real-engine arm64 phone once it is
 * built), connects it through adb and says when it is ready to profile. Lists the ones it runs, each stoppable.
 * It leads the Devices page when no phone is online, so a first start needs no terminal.
 */
import type { DeviceSummary } from '../../../shared/devices';
import { deviceHref, pageHref } from '../app/routing';
import { useLabAction } from '../lab/useLabAction';
import { Badge, VirtualBadge } from '../ui/Badge';
import { ActionNote, InlineError } from '../ui/Messages';
import { stateTone } from './device-view';
import { kindOffers, offerProminently, ownedPhoneRows, phoneLabel, readyMessage } from './virtual-phone-view';
import { useVirtualPhones } from './virtual-phones-hooks';

export function VirtualPhonesPanel({ devices }: { devices: readonly DeviceSummary[] | null }) {
  const virtual = useVirtualPhones();
  const action = useLabAction<string>();
  const rows = ownedPhoneRows(virtual.data, devices);
  const offers = kindOffers(virtual.data);
  const prominent = offerProminently(devices);
  if (!virtual.data && !virtual.error) return null;

  const start = (vendor: 'pixel' | 'samsung', engine: 'simulated' | 'cactus') =>
    action.run(
      `start-${vendor}-${engine}`,
      async (lab) => {
        const phone = await lab.devices.startVirtual({ vendor, engine });
        return { kind: 'ok', text: readyMessage(phone) };
      },
      `The ${phoneLabel({ vendor, engine })} virtual phone did not start`,
    );
  const stop = (serial: string) =>
    action.run(`stop-${serial}`, async (lab) => ({ kind: 'ok', text: (await lab.devices.stopVirtual({ serial })).message }), `Stopping ${serial} failed`);
  const startingKind = action.busy?.startsWith('start-') ? action.busy.slice(6) : null;

  return (
    <div className={`panel virtual-phones${prominent ? ' virtual-phones-lead' : ''}`} data-testid="virtual-phones" data-prominent={prominent ? 'true' : 'false'}>
      <h2>{prominent ? 'No phone attached? Start a virtual phone' : 'Virtual phones'}</h2>
      {prominent ? (
        <p className="muted">
          The lab runs it for you on this computer (listening on 127.0.0.1 only) and connects it through adb. It behaves
          like a phone, but every result from it is <strong>simulated</strong>, not measured. It stops when the lab stops.
        </p>
      ) : null}
      {virtual.error ? <InlineError message={`Could not list the virtual phones: ${virtual.error.message}`} testId="virtual-phones-error" onRetry={virtual.refetch} /> : null}
      <div className="virtual-kinds">
        {offers.map(({ kind, key, blocked }) => (
          <div className="virtual-kind" key={key} data-testid="virtual-kind" data-kind={key} data-available={kind.available ? 'true' : 'false'}>
            <div className="virtual-kind-head">
              <strong>{kind.label}</strong>
              {kind.available ? (
                <button
                  type="button"
                  className={`btn${prominent ? ' btn-primary' : ''}`}
                  disabled={action.busy !== null || blocked !== null}
                  title={blocked ?? `Start a ${kind.label} virtual phone and connect it`}
                  onClick={() => void start(kind.vendor, kind.engine)}
                  data-testid="virtual-start"
                >
                  {startingKind === key ? 'Starting…' : 'Start'}
                </button>
              ) : null}
            </div>
            {prominent ? <div className="sub">{kind.description}</div> : null}
            {!kind.available ? (
              <div className={`hint ${prominent ? 'hint-warn' : 'hint-muted'}`} title={kind.reason ?? undefined} data-testid="virtual-kind-unavailable">
                {prominent ? kind.reason : 'Not built here: run npm run build:engine'}
              </div>
            ) : null}
          </div>
        ))}
      </div>
      {startingKind ? (
        <div className="hint hint-info" role="status" data-testid="virtual-starting">
          Starting the virtual phone, connecting it through adb and reading its facts; this takes a few seconds.
        </div>
      ) : null}
      <ActionNote message={action.message} testId="virtual-result" />
      {rows.length > 0 ? (
        <ul className="virtual-owned" data-testid="virtual-owned">
          {rows.map((r) => (
            <li key={r.phone.serial} data-testid="virtual-owned-phone" data-serial={r.phone.serial} data-ready={r.ready ? 'true' : 'false'}>
              <Badge tone={r.state ? stateTone(r.state) : 'muted'}>{r.state ?? 'starting'}</Badge>
              <a href={deviceHref(r.phone.serial)} className="device-link">
                {r.label}
              </a>
              <VirtualBadge />
              <span className="mono muted">{r.phone.serial}</span>
              <span className="strip-spacer" />
              {r.ready ? (
                <a className="btn btn-small link-btn" href={pageHref('new-campaign')} data-testid="virtual-profile-link" title="Start a campaign on it">
                  Profile it
                </a>
              ) : null}
              <button
                type="button"
                className="btn btn-small btn-danger"
                disabled={action.busy !== null}
                onClick={() => void stop(r.phone.serial)}
                title="Disconnect it and stop it"
                data-testid="virtual-stop"
              >
                {action.busy === `stop-${r.phone.serial}` ? 'Stopping…' : 'Stop'}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
