/** Export a router profile: v2 (lossless) or the seed app's v1.0 (lossy: the page lists what it cannot carry). */
import { useState } from 'react';
import type { ProfileExport, ProfileSummary } from '../../../shared/api/profiles';
import { useLabAction } from '../lab/useLabAction';
import { downloadText } from '../ui/download';
import { InlineError } from '../ui/Messages';

export function ProfileExportButtons({ profile }: { profile: ProfileSummary }) {
  const action = useLabAction<'export'>();
  const [last, setLast] = useState<ProfileExport | null>(null);
  const busy = action.busy !== null;
  const exportAs = (format: 'v2' | 'seed-v1') =>
    action.run(
      'export',
      async (lab) => {
        const r = await lab.profiles.export({ profileId: profile.id, format });
        downloadText(r.json, r.fileName, 'application/json');
        setLast(r);
      },
      'Export failed',
    );
  return (
    <>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void exportAs('v2')} data-testid="export-v2" title="Lossless: the documented v2 format">
        Export v2
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void exportAs('seed-v1')} data-testid="export-seed-v1" title="The seed app's version 1.0 format (lossy)">
        Export seed v1
      </button>
      {action.message ? <InlineError message={action.message.text} testId="export-error" /> : null}
      {last ? (
        <div className="action-msg action-ok export-msg" role="status" data-testid="export-result" data-format={last.format}>
          Saved {last.fileName}.
          {last.dropped.length ? (
            <>
              {' '}
              The seed v1 format cannot carry:
              <ul className="error-list" data-testid="export-dropped">
                {last.dropped.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </>
          ) : (
            ' Nothing was dropped.'
          )}
        </div>
      ) : null}
    </>
  );
}
