/** A campaign while it runs, as the New campaign page follows it: overall progress and each device's live figures. */
import { campaignHref, runHref } from '../app/routing';
import type { ActionMessage } from '../lab/action';
import { Badge } from '../ui/Badge';
import { ActionNote } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { TableBox, num } from '../ui/TableBox';
import type { FollowedCampaign } from './useFollowCampaign';

export function CampaignProgressPanel({
  followed,
  onCancel,
  cancelMessage,
}: {
  followed: FollowedCampaign & { campaignId: string };
  onCancel: () => void;
  cancelMessage: ActionMessage | null;
}) {
  const { campaignId, progress: shown, view, running, resumed } = followed;
  return (
    <section
      className="panel live-panel"
      data-testid="campaign-progress"
      data-campaign-id={campaignId}
      data-status={shown?.status ?? 'starting'}
      data-done={shown?.done ?? 0}
      data-total={shown?.total ?? 0}
    >
      <div className="panel-head">
        <h3 className="panel-title">Progress</h3>
        <Badge tone={view?.tone ?? 'info'} testId="campaign-status">
          {view?.status ?? 'starting'}
        </Badge>
        <span className="mono muted">campaign {campaignId.slice(0, 8)}</span>
        <span className="strip-spacer" />
        {running ? (
          <button type="button" className="btn btn-danger btn-small" onClick={onCancel} disabled={cancelMessage?.kind === 'ok'} data-testid="campaign-cancel">
            Cancel
          </button>
        ) : null}
        <a className="btn btn-small link-btn" href={campaignHref(campaignId)} data-testid="open-campaign">
          Open the campaign
        </a>
      </div>
      {resumed && running ? <p className="muted">Following a campaign that was already going.</p> : null}
      <ProgressBar percent={view ? view.percent : null} tone={view?.tone ?? 'info'} label="Campaign progress" testId="campaign-progress-bar" />
      <div className="progress-facts">
        <span className="tabular" data-testid="campaign-counts">
          {view?.counts ?? 'Waiting for the first progress report…'}
        </span>
        {view?.eta ? <span className="tabular">{view.eta}</span> : null}
        {view?.message ? <span className="muted">{view.message}</span> : null}
      </div>
      <ActionNote message={cancelMessage} testId="campaign-cancel-result" />
      {view && view.devices.length ? (
        <TableBox
          columns={[
            { label: 'Device (run)', title: 'Each device\'s part of the campaign is a run' }, 'State', 'Model',
            num('Done'), 'Progress', num('Power'), num('Decode'), num('Temp'), num('Battery'), 'Now',
          ]}
          testId="campaign-devices"
        >
          {view.devices.map((d) => (
            <tr key={d.serial} data-testid="campaign-device-row" data-serial={d.serial}>
              <td>
                <a href={runHref(d.runId)} className="mono" title="This device's run: every prompt with its figures">
                  {d.serial}
                </a>
              </td>
              <td>
                <Badge tone={d.tone}>{d.state}</Badge>
              </td>
              <td className="mono">{d.model}</td>
              <td className="num">{d.counts}</td>
              <td className="cell-bar">
                <ProgressBar percent={d.percent} tone={d.tone} label={`${d.serial} progress`} />
                {d.eta ? <div className="sub">{d.eta}</div> : null}
              </td>
              <td className="num" data-testid="live-power">
                {d.power}
              </td>
              <td className="num" data-testid="live-tps">
                {d.tokens}
              </td>
              <td className="num">{d.temp}</td>
              <td className="num">{d.battery}</td>
              <td className="sub-cell">{d.message}</td>
            </tr>
          ))}
        </TableBox>
      ) : null}
    </section>
  );
}
