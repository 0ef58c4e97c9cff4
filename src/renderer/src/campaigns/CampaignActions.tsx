/** The campaign page's header: status, resume, cancel, exports and delete (asked twice), and what each one did. */
import { useState } from 'react';
import type { CampaignInfo, CampaignStatus } from '../../../shared/api/campaigns';
import { useLabAction } from '../lab/useLabAction';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { downloadText } from '../ui/download';
import { plural } from '../../../shared/format';
import { ActionNote } from '../ui/Messages';
import { statusTone } from '../ui/status';
import { campaignStatusHelp, canResume } from './campaign-status';

type ActionKind = 'resume' | 'cancel' | 'delete' | 'export';

export function CampaignHeader({
  info,
  status,
  onChanged,
  onDeleted,
}: {
  info: CampaignInfo;
  status: CampaignStatus;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const action = useLabAction<ActionKind>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const campaignId = info.id;
  const running = status === 'running';
  const busy = action.busy !== null;

  const resume = () =>
    action.run(
      'resume',
      async (lab) => {
        const r = await lab.campaigns.resume({ campaignId });
        onChanged();
        return { kind: 'ok', text: `Resumed: ${plural(r.remaining, 'prompt result')} left to measure.` };
      },
      'Resume failed',
    );
  const cancel = () =>
    action.run(
      'cancel',
      async (lab) => {
        const r = await lab.campaigns.cancel({ campaignId });
        onChanged();
        return r.cancelled ? { kind: 'ok', text: 'Cancel requested: every device stops after the prompt in flight.' } : { kind: 'error', text: 'This lab is not running it.' };
      },
      'Cancel failed',
    );
  const exportAs = (format: 'csv' | 'json') =>
    action.run(
      'export',
      async (lab) => {
        const r = await lab.campaigns.export({ campaignId, format });
        downloadText(r.text, r.fileName, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
      },
      'Export failed',
    );
  const remove = async () => {
    await action.run(
      'delete',
      async (lab) => {
        const r = await lab.campaigns.delete({ campaignId });
        if (r.deleted) return onDeleted();
        return { kind: 'error', text: 'Nothing was deleted (it was already gone).' };
      },
      'Delete failed',
    );
    setConfirmDelete(false);
  };

  return (
    <>
      <div className="page-header">
        <h1 data-testid="page-heading">
          Campaign <span className="mono">{campaignId.slice(0, 8)}</span>
        </h1>
        <Badge tone={statusTone(status)} title={campaignStatusHelp(status)} testId="campaign-status">
          {status}
        </Badge>
        {info.simulated ? <SimulatedBadge testId="simulated-badge" title="Results from virtual phones are simulated, not measured" /> : null}
        <span className="strip-spacer" />
        {canResume(status, info.ownedElsewhere) ? (
          <button type="button" className="btn btn-primary btn-small" onClick={() => void resume()} disabled={busy} data-testid="campaign-resume">
            {action.busy === 'resume' ? 'Resuming…' : 'Resume'}
          </button>
        ) : null}
        {running && !info.ownedElsewhere ? (
          <button type="button" className="btn btn-danger btn-small" onClick={() => void cancel()} disabled={busy} data-testid="campaign-cancel">
            Cancel
          </button>
        ) : null}
        <button type="button" className="btn btn-small" onClick={() => void exportAs('csv')} disabled={busy} data-testid="campaign-export-csv" title="One row per prompt result (warm-ups excluded)">
          Export CSV
        </button>
        <button type="button" className="btn btn-small" onClick={() => void exportAs('json')} disabled={busy} data-testid="campaign-export-json">
          Export JSON
        </button>
        <button
          type="button"
          className="btn btn-danger btn-small"
          onClick={() => setConfirmDelete(true)}
          disabled={busy || running || confirmDelete}
          title={running ? 'Cancel it before deleting it' : 'Delete this campaign, its runs and all their results'}
          data-testid="campaign-delete"
        >
          Delete
        </button>
      </div>

      {confirmDelete ? (
        <div className="banner banner-bad confirm" role="alertdialog" aria-label="Confirm delete" data-testid="delete-confirm">
          <span>
            Delete campaign <span className="mono">{campaignId.slice(0, 8)}</span> with its {plural(info.done, 'prompt result')},
            power samples and its runs (one per device)? This cannot be undone.
          </span>
          <button type="button" className="btn btn-danger btn-small" onClick={() => void remove()} disabled={busy} data-testid="delete-confirm-yes">
            {action.busy === 'delete' ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)} disabled={busy} data-testid="delete-confirm-no">
            Keep it
          </button>
        </div>
      ) : null}
      <ActionNote message={action.message} testId="campaign-action-result" />
    </>
  );
}
